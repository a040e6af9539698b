import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AnonymityNote } from "~/components/anonymity-note";
import { ErrorSummary } from "~/components/error-summary";
import { Field, FormError } from "~/components/field";
import { cycleStatus } from "~/domain/cycles";
import { COMPONENT_NAMES, itemSelectionProblem, LIKERT_LABELS } from "~/domain/survey-bank";
import { hasParticipated, submitSurveyAnswers } from "~/models/answers.server";
import { currentSurveyWindow, findCycle, itemsForCycle } from "~/models/cycles.server";
import { enabledSurveyItems, setSurveyItemsEnabled, surveyBankForTeam } from "~/models/survey-items.server";
import { writeInBatch } from "~/models/anonymous-store.server";
import { requireTeamRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { checkedAfter, failureOf } from "~/utils/form-state";
import { formFailure, parseFormData, postedIntent, readFormData } from "~/utils/forms.server";
import { surveySchema } from "~/utils/ritual-forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { effectiveThreshold } from "~/domain/threshold";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, team, role } = await requireTeamRole(request, params.slug);
  const now = new Date();
  const window = currentSurveyWindow(team, now);
  const cycle = findCycle(team.id, "quarterly", window.periodKey);
  const status = cycle
    ? cycleStatus({ ...window, opensAt: cycle.opensAt, closesAt: cycle.closesAt }, now)
    : cycleStatus(window, now);
  const items = status === "open" ? (cycle ? itemsForCycle(cycle) : enabledSurveyItems(team.id)) : [];
  return json({
    team: { slug: team.slug, threshold: effectiveThreshold(team.threshold), timeZone: team.timeZone },
    role,
    survey: {
      periodKey: window.periodKey,
      label: window.label,
      opensAt: (cycle?.opensAt ?? window.opensAt).toISOString(),
      closesAt: (cycle?.closesAt ?? window.closesAt).toISOString(),
      status,
    },
    answered: cycle ? hasParticipated(cycle.id, user.id) : false,
    // Members see the questions in bank order, without the scoring keys.
    items: items.map((i) => ({ id: i.id, text: i.text })),
    bank:
      role === "lead"
        ? surveyBankForTeam(team.id).map((i) => ({
            id: i.id,
            text: i.text,
            component: i.component,
            reversed: i.reversed,
            enabled: i.enabled,
          }))
        : [],
    componentNames: COMPONENT_NAMES,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, team } = await requireTeamRole(request, params.slug);
  const form = await readFormData(request);
  if (postedIntent(form) === "items") await requireTeamRole(request, params.slug, "lead");
  // The questions to answer are those of the quarter the form was drawn for.
  const cycle = findCycle(team.id, "quarterly", String(form.get("periodKey") ?? ""));
  const itemIds = (cycle ? itemsForCycle(cycle) : enabledSurveyItems(team.id)).map((i) => i.id);
  const parsed = parseFormData(form, surveySchema(itemIds));
  if (parsed.failure) return parsed.failure;
  if (parsed.data.intent === "items") {
    const ids = new Set(parsed.data.enabled);
    const problem = itemSelectionProblem(surveyBankForTeam(team.id), ids);
    if (problem) return formFailure(form, { enabled: problem });
    setSurveyItemsEnabled(team.id, ids);
    return redirectWithFlash(
      request,
      `/teams/${team.slug}/survey`,
      "Questions saved. They apply from the next quarter that has not opened yet.",
    );
  }
  const now = new Date();
  const data = parsed.data as Record<string, unknown> & { periodKey: string; comment: string | null };
  const answers = Object.fromEntries(itemIds.map((id) => [id, Number(data[`item.${id}`])]));
  const survey = { answers, comment: data.comment };
  const result = await writeInBatch(() => submitSurveyAnswers(team, user.id, data.periodKey, survey, now));
  if (!result.ok) {
    const message = {
      "already-answered":
        "You have already answered this quarter's survey. Your first answer stands and cannot be changed.",
      closed: "This survey has closed.",
      "not-open-yet": "This survey is not open yet.",
      "unknown-cycle": "This survey could not be found. Reload the page.",
      "wrong-items": "The questions changed since you opened the page. Reload it and answer again.",
    }[result.reason];
    return formFailure(form, {}, 409, message);
  }
  return redirectWithFlash(
    request,
    `/teams/${team.slug}/survey`,
    "Thank you. Your survey answers are stored without your name.",
  );
}

export default function Survey() {
  const { team, role, survey, answered, items, bank, componentNames } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { values, errors, formError } = failureOf(result, "answer");
  const saving = failureOf(result, "items");
  const fmt = (iso: string) => formatDateTime(iso, team.timeZone);
  return (
    <div style={{ maxWidth: 960 }}>
      <h2 style={{ marginTop: 0 }}>Quarterly Trust-Equation survey</h2>
      <p className="muted">
        {survey.label}.{" "}
        {survey.status === "upcoming"
          ? `Opens ${fmt(survey.opensAt)}.`
          : survey.status === "open"
            ? `Closes ${fmt(survey.closesAt)}.`
            : `Closed ${fmt(survey.closesAt)}.`}
      </p>
      <FormError message={formError} />
      {survey.status !== "open" ? (
        <div className="card">
          <p>
            {survey.status === "upcoming"
              ? "This quarter's survey has not opened yet."
              : "This quarter's survey has closed. Results are on the dashboard when enough people answered."}
          </p>
        </div>
      ) : answered ? (
        <div className="card" role="status">
          <h3 style={{ marginTop: 0 }}>You have answered this quarter's survey</h3>
          <p>Thank you. Results appear after the survey closes, if at least {team.threshold} people answered.</p>
        </div>
      ) : (
        <>
          <AnonymityNote threshold={team.threshold} ritual="survey" />
          <div className="card">
            <ErrorSummary
              errors={[
                ...items.flatMap((item, index) => {
                  const error = errors[`item.${item.id}`];
                  return error ? [{ href: `#item-${item.id}-1`, message: `Question ${index + 1}: ${error}` }] : [];
                }),
                ...(errors.comment ? [{ href: "#field-comment", message: `Comment: ${errors.comment}` }] : []),
              ]}
            />
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="answer" />
              <input type="hidden" name="periodKey" value={survey.periodKey} />
              {items.map((item, index) => {
                const name = `item.${item.id}`;
                const error = errors[name];
                return (
                  <fieldset
                    key={item.id}
                    className="likert"
                    style={{ marginBottom: 20 }}
                    aria-describedby={error ? `${item.id}-error` : undefined}
                  >
                    <legend>
                      {index + 1}. {item.text}
                    </legend>
                    {LIKERT_LABELS.map((label, i) => (
                      <label key={label} className="likert-option">
                        <input
                          type="radio"
                          id={`item-${item.id}-${i + 1}`}
                          name={name}
                          value={i + 1}
                          defaultChecked={values[name] === String(i + 1)}
                          required
                        />
                        <span className="small">{label}</span>
                      </label>
                    ))}
                    {error ? (
                      <div className="field-error" id={`${item.id}-error`} role="alert" style={{ width: "100%" }}>
                        {error}
                      </div>
                    ) : null}
                  </fieldset>
                );
              })}
              <Field
                name="comment"
                label="Anything else you want the team to hear? (optional)"
                hint="Shown to the team exactly as written, after the survey closes."
                multiline
                maxLength={1000}
                defaultValue={values.comment}
                error={errors.comment}
              />
              <button type="submit" disabled={busy}>
                {busy ? "Sending…" : "Send my answers"}
              </button>
            </Form>
          </div>
        </>
      )}
      {role === "lead" ? (
        <section className="card" aria-labelledby="bank-heading">
          <h3 id="bank-heading" style={{ marginTop: 0 }}>
            Questions for future quarters
          </h3>
          <p className="muted small">
            Changes apply to the next quarter that has not opened yet; a survey already open keeps its questions.
            "Reversed" questions are scored 6 − answer.
          </p>
          <FormError message={saving.errors.enabled ?? saving.formError} />
          <Form method="post">
            <input type="hidden" name="intent" value="items" />
            {(["C", "R", "I", "S"] as const).map((component) => (
              <fieldset key={component} style={{ border: "none", padding: 0, marginBottom: 12 }}>
                <legend style={{ fontWeight: 600 }}>{componentNames[component]}</legend>
                {bank
                  .filter((i) => i.component === component)
                  .map((i) => (
                    <label key={i.id} style={{ display: "block", margin: "4px 0" }}>
                      <input
                        type="checkbox"
                        name="enabled"
                        value={i.id}
                        defaultChecked={checkedAfter(saving, "enabled", i.id, i.enabled)}
                      />{" "}
                      {i.text} {i.reversed ? <span className="badge">reversed</span> : null}
                    </label>
                  ))}
              </fieldset>
            ))}
            <button type="submit" className="secondary">
              Save questions
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Quarterly survey · Trust Health" }];
