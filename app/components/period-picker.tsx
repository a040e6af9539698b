import { useSubmit } from "@remix-run/react";
import { Field } from "~/components/field";
import { PickerForm } from "~/components/picker-form";
import { PERIOD_LABELS, PERIOD_PRESETS, type PeriodErrors, type PeriodValues } from "~/domain/period-presets";

/** A GET form: works without JavaScript; with it, choosing a preset switches at once. */
export function PeriodPicker({
  values,
  errors,
  action,
}: {
  values: PeriodValues;
  errors: PeriodErrors;
  action?: string;
}) {
  const submit = useSubmit();
  const period = values.period || (values.from || values.to ? "custom" : "12w");
  return (
    <PickerForm label="Period" action={action}>
      <Field name="period" id="period" label="Period" error={errors.period} defaultValue={period}>
        {(control) => (
          <select
            {...control}
            onChange={(e) => {
              if (e.currentTarget.value !== "custom") submit(e.currentTarget.form, { preventScrollReset: true });
            }}
          >
            {PERIOD_PRESETS.map((p) => (
              <option key={p} value={p}>
                {PERIOD_LABELS[p]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {/* The hint stays inside the label text (not Field's `hint`), so it is part of the name and not repeated as a description. */}
      <Field
        name="from"
        id="period-from"
        errorId="from-error"
        type="date"
        label={
          <>
            From <span className="hint">for custom dates</span>
          </>
        }
        error={errors.from}
        defaultValue={values.from}
      />
      <Field
        name="to"
        id="period-to"
        errorId="to-error"
        type="date"
        label={
          <>
            To <span className="hint">last day, included</span>
          </>
        }
        error={errors.to}
        defaultValue={values.to}
      />
    </PickerForm>
  );
}
