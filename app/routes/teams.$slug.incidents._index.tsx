import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/field";
import { Table } from "~/components/table";
import { IncidentsSubnav, SeverityBadge } from "~/components/incidents/subnav";
import { calendarQuarter } from "~/domain/incident-metrics";
import { SEVERITIES, formatDuration } from "~/domain/incidents";
import { calendarDayIn } from "~/domain/calendar-day";
import { formatInstant } from "~/domain/instant-format";
import { countIncidents, listIncidents, teamIncidentMetrics } from "~/models/incidents.server";
import { requireTeamRole } from "~/utils/auth.server";
import { periodPresets, readIncidentFilters } from "~/utils/incident-filters.server";

const PAGE_SIZE = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team, role } = await requireTeamRole(request, params.slug);
  const url = new URL(request.url);
  const { filters, values, errors, page } = readIncidentFilters(url.searchParams, team.timeZone);

  const total = countIncidents(team.id, filters);
  const incidents = listIncidents(team.id, { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }).map(
    (i) => {
      const auditAnswers = Object.values(i.audit).filter((a) => a !== "na");
      return {
        id: i.id,
        title: i.title,
        severity: i.severity,
        startedAt: formatInstant(i.startedAt, team.timeZone),
        ongoing: i.resolvedAt === null,
        timeToRecover: i.resolvedAt ? formatDuration((i.resolvedAt.getTime() - i.startedAt.getTime()) / 60_000) : null,
        postmortem: i.postmortemPublishedAt !== null,
        audit: auditAnswers.length
          ? `${auditAnswers.filter((a) => a === "yes").length} of ${auditAnswers.length}`
          : "—",
      };
    },
  );

  const now = new Date();
  const quarter = calendarQuarter(now, team.timeZone);
  const metrics = teamIncidentMetrics(team.id, quarter, team.timeZone, now);
  const percent = (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)} %`);
  const summary = {
    label: quarter.label,
    count: metrics.incidents.count,
    bySeverity: SEVERITIES.map((s) => ({ severity: s, n: metrics.incidents.bySeverity[s] })),
    ongoing: metrics.incidents.ongoing,
    medianRecover: formatDuration(metrics.incidents.timeToRecoverMinutes.median),
    p90Recover: formatDuration(metrics.incidents.timeToRecoverMinutes.p90),
    medianPostmortem:
      metrics.incidents.timeToPostmortemHours.median === null
        ? null
        : formatDuration(metrics.incidents.timeToPostmortemHours.median * 60),
    postmortems: metrics.incidents.timeToPostmortemHours.n,
    postmortemShare: percent(metrics.incidents.majorWithPostmortemShare),
    auditScore: percent(metrics.incidents.auditScore),
    completionRate: percent(metrics.actionItems.completionRate),
    due: metrics.actionItems.due,
    doneOnTime: metrics.actionItems.doneOnTime,
    // The quarter has not ended, so overdue is measured now.
    overdue: metrics.actionItems.overdue,
  };

  const today = calendarDayIn(now, team.timeZone);
  const presets = periodPresets(today);

  return json(
    {
      team: { name: team.name, slug: team.slug, timeZone: team.timeZone },
      role,
      incidents,
      total,
      page,
      pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      values,
      errors,
      summary,
      presets,
    },
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

export default function Incidents() {
  const { team, role, incidents, total, page, pageCount, values, errors, summary, presets } =
    useLoaderData<typeof loader>();
  const base = `/teams/${team.slug}/incidents`;
  const query = (extra: Record<string, string>) => {
    const p = new URLSearchParams(Object.entries({ ...values, ...extra }).filter(([, v]) => v !== ""));
    const s = p.toString();
    return s ? `?${s}` : "";
  };
  return (
    <div className="stack">
      <IncidentsSubnav slug={team.slug} role={role} />
      <section className="card" aria-labelledby="quarter-heading">
        <h2 id="quarter-heading" style={{ marginTop: 0 }}>
          {summary.label} so far
        </h2>
        <dl className="metrics">
          <div>
            <dt>Incidents</dt>
            <dd>
              {summary.count}{" "}
              <span className="row" style={{ display: "inline-flex" }}>
                {summary.bySeverity.map((s) => (
                  <span key={s.severity} className={`badge sev-${s.severity}`}>
                    {s.severity}: {s.n}
                  </span>
                ))}
              </span>
              {summary.ongoing ? <span className="muted small"> ({summary.ongoing} ongoing)</span> : null}
            </dd>
          </div>
          <div>
            <dt>Median time to recover</dt>
            <dd>
              {summary.medianRecover} <span className="muted small">(90th percentile {summary.p90Recover})</span>
            </dd>
          </div>
          <div data-testid="median-postmortem">
            <dt>Median time to postmortem</dt>
            <dd>
              {summary.medianPostmortem ?? "—"}{" "}
              <span className="muted small">
                {summary.postmortems === 0
                  ? "(no postmortem published yet)"
                  : `(resolved → published, ${summary.postmortems} postmortem${summary.postmortems === 1 ? "" : "s"})`}
              </span>
            </dd>
          </div>
          <div>
            <dt>SEV1/SEV2 with a published postmortem</dt>
            <dd>{summary.postmortemShare}</dd>
          </div>
          <div>
            <dt>Communication audit score</dt>
            <dd>{summary.auditScore}</dd>
          </div>
          <div>
            <dt>Action items done on time</dt>
            <dd>
              {summary.completionRate}{" "}
              <span className="muted small">
                ({summary.doneOnTime} of {summary.due} whose due day has passed)
              </span>
            </dd>
          </div>
          <div>
            <dt>Overdue now</dt>
            <dd>
              {summary.overdue > 0 ? (
                <Link to={`/teams/${team.slug}/action-items?overdue=1`}>{summary.overdue} overdue</Link>
              ) : (
                "none"
              )}
            </dd>
          </div>
        </dl>
      </section>

      <div className="spread">
        <h2 style={{ margin: 0 }}>Incidents</h2>
        <div className="row">
          <a className="button secondary" href={`/teams/${team.slug}/incidents.csv${query({ page: "" })}`} download>
            Export CSV
          </a>
          {role === "lead" ? (
            <Link className="button" to={`${base}/new`}>
              Record an incident
            </Link>
          ) : null}
        </div>
      </div>

      <Form method="get" className="card filters" aria-label="Filter incidents">
        <div className="grid">
          <Field
            name="severity"
            id="filter-severity"
            label="Severity"
            error={errors.severity}
            defaultValue={values.severity}
          >
            {(control) => (
              <select {...control}>
                <option value="">Any</option>
                {SEVERITIES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            )}
          </Field>
          <Field name="status" id="filter-status" label="Status" error={errors.status} defaultValue={values.status}>
            {(control) => (
              <select {...control}>
                <option value="">Open and resolved</option>
                <option value="open">Open (ongoing)</option>
                <option value="resolved">Resolved</option>
              </select>
            )}
          </Field>
          {(["from", "to"] as const).map((name) => (
            <Field
              key={name}
              name={name}
              id={`filter-${name}`}
              type="date"
              label={name === "from" ? "Started on or after" : "Started on or before"}
              error={errors[name]}
              defaultValue={values[name]}
            />
          ))}
        </div>
        <div className="row">
          <button type="submit">Filter</button>
          <Link to={base}>Clear</Link>
          <span className="muted small">Period:</span>
          {presets.map((p) => (
            <Link key={p.label} to={query({ from: p.from, to: p.to, page: "" })}>
              {p.label}
            </Link>
          ))}
        </div>
      </Form>

      {incidents.length === 0 ? (
        <p className="muted">
          No incidents{total === 0 && !Object.values(values).some(Boolean) ? " recorded yet" : " match these filters"}.
        </p>
      ) : (
        <Table
          cards
          caption="Incidents, newest first"
          columns={["Started", "Severity", "Title", "Time to recover", "Postmortem", "Audit (yes of answered)"]}
        >
          {incidents.map((i) => (
            <tr key={i.id}>
              <td>{i.startedAt}</td>
              <td>
                <SeverityBadge severity={i.severity} />
              </td>
              <td>
                <Link to={`${base}/${i.id}`}>{i.title}</Link>
              </td>
              <td>{i.ongoing ? <span className="badge warn">Ongoing</span> : i.timeToRecover}</td>
              <td>{i.postmortem ? <span className="badge ok">Published</span> : <span className="muted">—</span>}</td>
              <td>{i.audit}</td>
            </tr>
          ))}
        </Table>
      )}
      {pageCount > 1 ? (
        <nav className="row" aria-label="Pages">
          {page > 1 ? <Link to={query({ page: String(page - 1) })}>← Newer</Link> : null}
          <span className="muted small">
            Page {page} of {pageCount} ({total} incidents)
          </span>
          {page < pageCount ? <Link to={query({ page: String(page + 1) })}>Older →</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Incidents · ${data?.team.name ?? "Team"} · Trust Health` },
];
