import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldError, FormError } from "~/components/field";
import { IncidentsSubnav } from "~/components/incidents/subnav";
import { SectionCard } from "~/components/section-card";
import { Table } from "~/components/table";
import { RECOVERY_CHECKLIST, type ChecklistKey } from "~/domain/incidents";
import { formatInstant } from "~/domain/instant-format";
import { checklistHistory, currentChecklist, recordChecklistAnswers } from "~/models/checklist.server";
import { requireTeamRole } from "~/utils/auth.server";
import { failureOf } from "~/utils/form-state";
import { parseForm } from "~/utils/forms.server";
import { checklistSchema } from "~/utils/incident-forms.server";
import { redirectWithFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team, role } = await requireTeamRole(request, params.slug);
  const tz = team.timeZone;
  const questionText = new Map<string, string>(RECOVERY_CHECKLIST.map((q) => [q.key, q.text]));
  const current = currentChecklist(team.id).map((q) => ({
    key: q.key,
    text: q.text,
    answer: q.answer === null ? "" : q.answer ? "yes" : "no",
    since: q.changedAt ? formatInstant(q.changedAt, tz) : null,
    by: q.changedByName,
  }));
  return json({
    team: { name: team.name, slug: team.slug },
    role,
    current,
    yesCount: current.filter((q) => q.answer === "yes").length,
    history: checklistHistory(team.id).map((e) => ({
      id: e.id,
      when: formatInstant(e.changedAt, tz),
      question: questionText.get(e.questionKey) ?? e.questionKey,
      answer: e.answer ? "yes" : "no",
      by: e.changedByName ?? "—",
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, team } = await requireTeamRole(request, params.slug, "lead");
  const { data, failure } = await parseForm(request, checklistSchema);
  if (failure) return failure;
  const answers: Partial<Record<ChecklistKey, boolean>> = {};
  for (const [key, value] of Object.entries(data)) if (value) answers[key as ChecklistKey] = value === "yes";
  const changed = recordChecklistAnswers(team.id, answers, user.id);
  return redirectWithFlash(
    request,
    `/teams/${team.slug}/recovery`,
    changed === 0 ? "Nothing changed." : `Checklist saved: ${changed} answer${changed === 1 ? "" : "s"} changed.`,
  );
}

export default function RecoveryChecklist() {
  const { team, role, current, yesCount, history } = useLoaderData<typeof loader>();
  const result = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state === "submitting";
  const errors = result.errors;
  return (
    <div className="stack">
      <IncidentsSubnav slug={team.slug} role={role} />
      <SectionCard headingId="checklist-heading" title="Trust-recovery checklist">
        <p className="muted">
          After a major incident, review this until every answer is yes.{" "}
          <strong>
            {yesCount} of {current.length}
          </strong>{" "}
          are yes.
        </p>
        <FormError message={result.formError} />
        <Form method="post" noValidate>
          <table>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Answer</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {current.map((q) => {
                const chosen = result.values[q.key] ?? q.answer;
                return (
                  <tr key={q.key}>
                    <th scope="row" id={`q-${q.key}`}>
                      {q.text}
                    </th>
                    <td>
                      {role === "lead" ? (
                        <div className="row" role="radiogroup" aria-labelledby={`q-${q.key}`}>
                          <label className="choice">
                            <input type="radio" name={q.key} value="yes" defaultChecked={chosen === "yes"} /> Yes
                          </label>
                          <label className="choice">
                            <input type="radio" name={q.key} value="no" defaultChecked={chosen === "no"} /> No
                          </label>
                        </div>
                      ) : (
                        <span className={`badge ${q.answer === "yes" ? "ok" : q.answer === "no" ? "danger" : ""}`}>
                          {q.answer === "" ? "Not answered" : q.answer === "yes" ? "Yes" : "No"}
                        </span>
                      )}
                      <FieldError message={errors[q.key]} />
                    </td>
                    <td className="small muted">{q.since ? `${q.since}${q.by ? ` by ${q.by}` : ""}` : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {role === "lead" ? (
            <p style={{ marginTop: "var(--space-3)" }}>
              <button type="submit" disabled={busy}>
                Save answers
              </button>{" "}
              <span className="muted small">Each change is recorded with today's date.</span>
            </p>
          ) : null}
        </Form>
      </SectionCard>
      <SectionCard headingId="history-heading" level={3} title="History">
        {history.length === 0 ? (
          <p className="muted">No answers yet.</p>
        ) : (
          <Table columns={["When", "Question", "Answer", "By"]}>
            {history.map((e) => (
              <tr key={e.id}>
                <td>{e.when}</td>
                <td>{e.question}</td>
                <td>
                  <span className={`badge ${e.answer === "yes" ? "ok" : "danger"}`}>
                    {e.answer === "yes" ? "Yes" : "No"}
                  </span>
                </td>
                <td>{e.by}</td>
              </tr>
            ))}
          </Table>
        )}
      </SectionCard>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Recovery checklist · ${data?.team.name ?? "Team"} · Trust Health` },
];
