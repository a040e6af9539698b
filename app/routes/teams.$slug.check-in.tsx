import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AnonymityNote } from "~/components/anonymity-note";
import { Field, FormError } from "~/components/field";
import { hasParticipated, submitCheckInAnswers } from "~/models/answers.server";
import { currentWeeklyWindow, findCycle } from "~/models/cycles.server";
import { writeInBatch } from "~/models/anonymous-store.server";
import { requireTeamRole } from "~/utils/auth.server";
import { checkInSchema } from "~/utils/ritual-forms.server";
import { formatDate } from "~/utils/format";
import { failureOf } from "~/utils/form-state";
import { formFailure, parseForm } from "~/utils/forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { effectiveThreshold } from "~/domain/threshold";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, team } = await requireTeamRole(request, params.slug);
  const window = currentWeeklyWindow(team, new Date());
  const cycle = findCycle(team.id, "weekly", window.periodKey);
  const answered = cycle ? hasParticipated(cycle.id, user.id) : false;
  return json({
    team: { slug: team.slug, threshold: effectiveThreshold(team.threshold), timeZone: team.timeZone },
    cycle: { periodKey: window.periodKey, label: window.label, closesAt: window.closesAt.toISOString() },
    answered,
  });
}

export const SCORE_LABELS = ["1 — Very low", "2 — Low", "3 — Neutral", "4 — High", "5 — Very high"];

// The schema lives in a .server module so zod stays out of this page's browser bundle (docs/performance.md).

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, team } = await requireTeamRole(request, params.slug);
  const { form, data, failure } = await parseForm(request, checkInSchema);
  if (failure) return failure;
  const answers = { score: data.score, why: data.why, help: data.help, appreciation: data.appreciation };
  const result = await writeInBatch(() => submitCheckInAnswers(team, user.id, data.periodKey, answers));
  if (!result.ok) {
    const message =
      result.reason === "already-answered"
        ? "You have already answered this week's check. Your first answer stands and cannot be changed."
        : result.reason === "closed"
          ? "That week's check has closed. Reload the page to answer this week's."
          : "That check is not open. Reload the page.";
    return formFailure(form, {}, 409, message);
  }
  return redirectWithFlash(
    request,
    `/teams/${team.slug}/check-in`,
    "Thank you. Your answer is stored without your name.",
  );
}

export default function CheckIn() {
  const { team, cycle, answered } = useLoaderData<typeof loader>();
  const { values, errors, formError } = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state === "submitting";
  return (
    <div style={{ maxWidth: 720 }}>
      <h2 style={{ marginTop: 0 }}>Weekly trust check</h2>
      <p className="muted">
        {cycle.label}. Open until the end of{" "}
        {formatDate(new Date(new Date(cycle.closesAt).getTime() - 1), team.timeZone)} ({team.timeZone}).
      </p>
      {answered ? (
        <div className="card" role="status">
          <h3 style={{ marginTop: 0 }}>You have answered this week's check</h3>
          <p>
            Thank you. Results appear on the dashboard after the week closes, if at least {team.threshold} people
            answered.
          </p>
        </div>
      ) : (
        <>
          <AnonymityNote threshold={team.threshold} ritual="check" />
          <div className="card">
            <Form method="post" noValidate>
              <FormError message={formError} />
              <input type="hidden" name="periodKey" value={cycle.periodKey} />
              <fieldset className="likert scale" aria-describedby={errors.score ? "score-error" : undefined}>
                <legend>How much do you trust your team this week? (required)</legend>
                <span className="end" aria-hidden="true">
                  Not at all
                </span>
                {SCORE_LABELS.map((label, i) => (
                  <label key={label}>
                    <input
                      type="radio"
                      name="score"
                      value={i + 1}
                      defaultChecked={values.score === String(i + 1)}
                      required
                      aria-label={label}
                    />
                    <span aria-hidden="true">{i + 1}</span>
                  </label>
                ))}
                <span className="end" aria-hidden="true">
                  Completely
                </span>
              </fieldset>
              {errors.score ? (
                <div className="field-error" id="score-error" role="alert">
                  {errors.score}
                </div>
              ) : null}
              <div style={{ height: 16 }} />
              <Field
                name="why"
                label="Why? (optional)"
                multiline
                maxLength={1000}
                defaultValue={values.why}
                error={errors.why}
              />
              <Field
                name="help"
                label="One thing I need help with (optional)"
                multiline
                maxLength={1000}
                defaultValue={values.help}
                error={errors.help}
              />
              <Field
                name="appreciation"
                label="One thing I appreciate about a colleague (optional)"
                multiline
                maxLength={1000}
                defaultValue={values.appreciation}
                error={errors.appreciation}
              />
              <button type="submit" disabled={busy}>
                {busy ? "Sending…" : "Send my answer"}
              </button>
            </Form>
          </div>
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Weekly trust check · Trust Health" }];
