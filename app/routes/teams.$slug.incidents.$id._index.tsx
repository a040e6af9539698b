import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { toActionRow } from "~/components/incidents/action-item-table";
import { LinkedActions } from "~/components/linked-actions";
import { IncidentsSubnav, SeverityBadge } from "~/components/incidents/subnav";
import { AUDIT_ANSWER_LABELS, AUDIT_QUESTIONS, formatDuration } from "~/domain/incidents";
import { calendarDayIn } from "~/domain/calendar-day";
import { formatInstant } from "~/domain/instant-format";
import { createActionItem, listActionItems } from "~/models/action-items.server";
import { getIncident } from "~/models/incidents.server";
import { memberChoices } from "~/models/teams.server";
import { requireTeamRole } from "~/utils/auth.server";
import { failureOf } from "~/utils/form-state";
import { parseForm } from "~/utils/forms.server";
import { actionItemFormSchema } from "~/utils/incident-forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { invariantResponse, rowId } from "~/utils/invariant";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, team, role } = await requireTeamRole(request, params.slug);
  const incident = getIncident(team.id, rowId(params.id));
  invariantResponse(incident, "There is no such incident in this team.", { status: 404 });
  const tz = team.timeZone;
  const when = (d: Date | null) => (d ? formatInstant(d, tz) : null);
  const today = calendarDayIn(new Date(), tz);
  return json({
    team: { name: team.name, slug: team.slug },
    role,
    incident: {
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      startedAt: when(incident.startedAt)!,
      detectedAt: when(incident.detectedAt),
      resolvedAt: when(incident.resolvedAt),
      timeToDetect: incident.detectedAt
        ? formatDuration((incident.detectedAt.getTime() - incident.startedAt.getTime()) / 60_000)
        : null,
      timeToRecover: incident.resolvedAt
        ? formatDuration((incident.resolvedAt.getTime() - incident.startedAt.getTime()) / 60_000)
        : null,
      summary: incident.summary,
      postmortemUrl: incident.postmortemUrl,
      pagerUrl: incident.pagerUrl,
      postmortemPublishedAt: when(incident.postmortemPublishedAt),
      timeToPostmortem:
        incident.postmortemPublishedAt && incident.resolvedAt
          ? formatDuration((incident.postmortemPublishedAt.getTime() - incident.resolvedAt.getTime()) / 60_000)
          : null,
      updatedAt: when(incident.updatedAt),
    },
    audit: AUDIT_QUESTIONS.map((q) => {
      const answer = incident.audit[q.key];
      return {
        key: q.key,
        text: q.text,
        answer: answer ?? null,
        label: answer ? AUDIT_ANSWER_LABELS[answer] : "Not answered",
      };
    }),
    actions: listActionItems(team.id, { incidentId: incident.id }).map((item) =>
      toActionRow(item, { today, timeZone: tz, userId: user.id, role }),
    ),
    members: role === "lead" ? memberChoices(team.id) : [],
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const incident = getIncident(team.id, rowId(params.id));
  invariantResponse(incident, "There is no such incident in this team.", { status: 404 });
  // A follow-up from this page is always a postmortem item linked to this incident.
  const { data, failure } = await parseForm(
    request,
    actionItemFormSchema(team.id, {
      source: "postmortem",
      incidentId: incident.id,
      status: "open",
    }),
  );
  if (failure) return failure;
  createActionItem(team.id, data);
  return redirectWithFlash(
    request,
    `/teams/${team.slug}/incidents/${incident.id}#follow-ups`,
    "Follow-up added to the action tracker.",
  );
}

export default function IncidentDetail() {
  const page = useLoaderData<typeof loader>();
  const { team, role, incident, audit } = page;
  const result = failureOf(useActionData<typeof action>());
  return (
    <div className="stack">
      <IncidentsSubnav slug={team.slug} role={role} />
      <div className="spread">
        <h2 style={{ margin: 0 }}>
          <SeverityBadge severity={incident.severity} /> {incident.title}
        </h2>
        {role === "lead" ? (
          <Link className="button secondary" to={`/teams/${team.slug}/incidents/${incident.id}/edit`}>
            Edit incident
          </Link>
        ) : null}
      </div>
      <section className="card" aria-labelledby="timeline-heading">
        <h3 id="timeline-heading" style={{ marginTop: 0 }}>
          Timeline
        </h3>
        <dl className="facts">
          <dt>Started</dt>
          <dd>{incident.startedAt}</dd>
          <dt>Detected</dt>
          <dd>{incident.detectedAt ? `${incident.detectedAt} (after ${incident.timeToDetect})` : "—"}</dd>
          <dt>Resolved</dt>
          <dd>
            {incident.resolvedAt ? (
              `${incident.resolvedAt} (time to recover ${incident.timeToRecover})`
            ) : (
              <span className="badge warn">Ongoing</span>
            )}
          </dd>
          {incident.pagerUrl ? (
            <>
              <dt>In the pager</dt>
              <dd>
                <a href={incident.pagerUrl} rel="noopener noreferrer">
                  {incident.pagerUrl}
                </a>
              </dd>
            </>
          ) : null}
          <dt>Postmortem</dt>
          <dd>
            {incident.postmortemUrl ? (
              <a href={incident.postmortemUrl} rel="noopener noreferrer">
                {incident.postmortemUrl}
              </a>
            ) : (
              "No link yet"
            )}
            {incident.postmortemPublishedAt
              ? ` — published ${incident.postmortemPublishedAt} (${incident.timeToPostmortem} after resolution)`
              : " — not published"}
          </dd>
        </dl>
        {incident.summary ? <p className="prewrap">{incident.summary}</p> : null}
        {incident.updatedAt ? <p className="muted small">Last edited {incident.updatedAt}</p> : null}
      </section>

      <section className="card" aria-labelledby="audit-heading">
        <h3 id="audit-heading" style={{ marginTop: 0 }}>
          Communication audit
        </h3>
        <table>
          <tbody>
            {audit.map((q) => (
              <tr key={q.key}>
                <th scope="row">{q.text}</th>
                <td>
                  <span className={`badge ${q.answer === "yes" ? "ok" : q.answer === "no" ? "danger" : ""}`}>
                    {q.label}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <LinkedActions kind="incident" page={page} failure={result} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.incident.title ?? "Incident"} · Trust Health` },
];
