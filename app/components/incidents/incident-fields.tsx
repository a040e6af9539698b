import { Form } from "@remix-run/react";
import { Field, FormError } from "~/components/field";
import type { FormState } from "~/utils/form-state";
import { AUDIT_ANSWER_LABELS, AUDIT_ANSWERS, AUDIT_QUESTIONS, SEVERITIES } from "~/domain/incidents";

type Props = { values: Record<string, string>; errors: Record<string, string>; timeZone: string };

const SEVERITY_HINTS: Record<string, string> = {
  SEV1: "SEV1 — critical: most customers affected",
  SEV2: "SEV2 — major: a key feature down for many",
  SEV3: "SEV3 — minor: degraded, workaround exists",
  SEV4: "SEV4 — low: little customer impact",
};

function describedBy(name: string, error?: string) {
  return error ? `field-${name}-error` : undefined;
}

/** Every incident field and the six-question audit; shared by the create and edit pages. */
export function IncidentFields({ values, errors, timeZone }: Props) {
  const timeHint = `Your team's time, ${timeZone.replaceAll("_", " ")}.`;
  return (
    <>
      <Field name="title" label="Title" defaultValue={values.title} error={errors.title} maxLength={200} />
      <Field name="severity" label="Severity" error={errors.severity}>
        <select
          id="field-severity"
          name="severity"
          defaultValue={values.severity ?? ""}
          aria-invalid={errors.severity ? true : undefined}
          aria-describedby={describedBy("severity", errors.severity)}
        >
          <option value="">Choose…</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_HINTS[s]}
            </option>
          ))}
          {values.severity && !(SEVERITIES as readonly string[]).includes(values.severity) ? (
            <option value={values.severity}>{values.severity}</option>
          ) : null}
        </select>
      </Field>
      <div className="grid">
        <Field
          name="startedAt"
          label="Started at"
          type="datetime-local"
          hint={timeHint}
          defaultValue={values.startedAt}
          error={errors.startedAt}
        />
        <Field
          name="detectedAt"
          label="Detected at (optional)"
          type="datetime-local"
          hint={timeHint}
          defaultValue={values.detectedAt}
          error={errors.detectedAt}
        />
        <Field
          name="resolvedAt"
          label="Resolved at"
          type="datetime-local"
          hint="Leave empty while the incident is ongoing."
          defaultValue={values.resolvedAt}
          error={errors.resolvedAt}
        />
      </div>
      <Field
        name="summary"
        label="Summary (optional)"
        multiline
        defaultValue={values.summary}
        error={errors.summary}
        maxLength={5000}
      />
      <div className="grid">
        <Field
          name="postmortemUrl"
          label="Postmortem link (optional)"
          type="url"
          hint="A blameless write-up, https://…"
          defaultValue={values.postmortemUrl}
          error={errors.postmortemUrl}
        />
        <Field
          name="postmortemPublishedAt"
          label="Postmortem published at (optional)"
          type="datetime-local"
          hint={timeHint}
          defaultValue={values.postmortemPublishedAt}
          error={errors.postmortemPublishedAt}
        />
      </div>
      <fieldset className="audit-fieldset">
        <legend>Communication audit</legend>
        <p className="muted small">How did the team communicate during the incident?</p>
        {errors.audit ? (
          <div className="field-error" role="alert">
            {errors.audit}
          </div>
        ) : null}
        {AUDIT_QUESTIONS.map((q) => {
          const name = `audit.${q.key}`;
          const error = errors[name];
          const current = values[name] ?? "";
          return (
            <fieldset
              key={q.key}
              className="audit-question"
              aria-describedby={error ? `field-${name}-error` : undefined}
            >
              <legend>{q.text}</legend>
              <div className="row">
                {AUDIT_ANSWERS.map((answer) => (
                  <label key={answer} className="choice">
                    <input type="radio" name={name} value={answer} defaultChecked={current === answer} />{" "}
                    {AUDIT_ANSWER_LABELS[answer]}
                  </label>
                ))}
                <label className="choice">
                  <input
                    type="radio"
                    name={name}
                    value=""
                    defaultChecked={!(AUDIT_ANSWERS as readonly string[]).includes(current)}
                  />{" "}
                  Not answered
                </label>
              </div>
              {error ? (
                <div className="field-error" id={`field-${name}-error`} role="alert">
                  {error}
                </div>
              ) : null}
            </fieldset>
          );
        })}
      </fieldset>
    </>
  );
}

/** The create and edit pages' form; after a failed save it shows what was sent, with one note above it. */
export function IncidentForm({
  state,
  values,
  timeZone,
  busy,
  submitLabel,
}: {
  state: FormState;
  /** What the form starts with: blank for a new incident, the saved one when editing. */
  values: Record<string, string>;
  timeZone: string;
  busy: boolean;
  submitLabel: string;
}) {
  const attention =
    Object.keys(state.errors).length > 0 ? "Some fields need attention; see the messages below." : undefined;
  return (
    <>
      <FormError message={state.formError ?? attention} />
      <Form method="post" noValidate className="card">
        <IncidentFields values={state.failed ? state.values : values} errors={state.errors} timeZone={timeZone} />
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
