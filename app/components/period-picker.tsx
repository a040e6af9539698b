import { Form, useSubmit } from "@remix-run/react";
import { PERIOD_LABELS, PERIOD_PRESETS, type PeriodErrors, type PeriodValues } from "~/domain/periods";

/** A GET form: works without JavaScript; with it, choosing a preset switches at once. */
export function PeriodPicker({ values, errors, action }: { values: PeriodValues; errors: PeriodErrors; action?: string }) {
  const submit = useSubmit();
  const period = values.period || (values.from || values.to ? "custom" : "12w");
  return (
    <Form method="get" action={action} className="period-picker" aria-label="Period">
      <div className="field">
        <label htmlFor="period">Period</label>
        <select
          id="period"
          name="period"
          defaultValue={period}
          aria-invalid={errors.period ? true : undefined}
          aria-describedby={errors.period ? "period-error" : undefined}
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
        {errors.period ? (
          <div className="field-error" id="period-error" role="alert">
            {errors.period}
          </div>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="period-from">
          From <span className="hint">for custom dates</span>
        </label>
        <input id="period-from" type="date" name="from" defaultValue={values.from} aria-invalid={errors.from ? true : undefined} aria-describedby={errors.from ? "from-error" : undefined} />
        {errors.from ? (
          <div className="field-error" id="from-error" role="alert">
            {errors.from}
          </div>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="period-to">
          To <span className="hint">last day, included</span>
        </label>
        <input id="period-to" type="date" name="to" defaultValue={values.to} aria-invalid={errors.to ? true : undefined} aria-describedby={errors.to ? "to-error" : undefined} />
        {errors.to ? (
          <div className="field-error" id="to-error" role="alert">
            {errors.to}
          </div>
        ) : null}
      </div>
      <div className="field">
        <button type="submit">Show</button>
      </div>
    </Form>
  );
}
