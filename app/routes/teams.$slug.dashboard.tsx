import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChartFrame, LegendItem } from "~/components/charts/chart-frame";
import { DistributionChart } from "~/components/charts/distribution-chart";
import { ComponentsChart, COMPONENT_COLORS, TrustEquationChart } from "~/components/charts/quarterly-chart";
import { QuarterChanges } from "~/components/charts/quarter-changes";
import { SCORE_COLORS } from "~/components/charts/time-axis";
import { ActionsFrame, IncidentsFrame, WeeklyTrustFrame } from "~/components/charts/timeline-frames";
import { DashboardDips } from "~/components/dashboard-dips";
import { PeriodPicker } from "~/components/period-picker";
import { SectionCard } from "~/components/section-card";
import { Table } from "~/components/table";
import { Tile } from "~/components/tile";
import { YouSaidWeDid } from "~/components/you-said-we-did";
import { dashboardTable, type DashboardSeries, type TeamDashboard } from "~/domain/dashboard";
import { formatDuration, SEVERITIES } from "~/domain/severity";
import { parsePeriodQuery, periodSearch } from "~/utils/periods.server";
import { COMPONENT_NAMES } from "~/domain/survey-bank";
import { recentFollowUps } from "~/models/comment-follow-ups.server";
import { loadTeamDashboard, resolveTeamPeriod } from "~/models/dashboard.server";
import { requireTeamRole } from "~/utils/auth.server";
import { effectiveThreshold } from "~/domain/threshold";
import { pct } from "~/utils/format";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug);
  const parsed = parsePeriodQuery(new URL(request.url).searchParams);
  const base = { team: { name: team.name, slug: team.slug, threshold: team.threshold } };
  if (!parsed.ok)
    return json(
      { ...base, values: parsed.values, errors: parsed.errors, dashboard: null, search: "" },
      { status: 400 },
    );
  const now = new Date();
  const resolved = resolveTeamPeriod(team, parsed.choice, now);
  if (!resolved.ok)
    return json(
      { ...base, values: parsed.values, errors: resolved.errors, dashboard: null, search: "" },
      { status: 400 },
    );
  const dashboard = loadTeamDashboard(team.id, resolved.period, now);
  return json({
    ...base,
    values: parsed.values,
    errors: {},
    dashboard,
    search: periodSearch(parsed.choice),
    weDid: recentFollowUps(team.id, 10),
  });
}

export default function TeamDashboardPage() {
  const data = useLoaderData<typeof loader>();
  const { team, values, errors, dashboard, search } = data;
  return (
    <div className="dashboard stack">
      <div className="spread">
        <h2 style={{ margin: 0 }}>Dashboard</h2>
        {dashboard ? (
          <p className="muted small" style={{ margin: 0 }}>
            {dashboard.period.label}: {dashboard.period.fromDate} to {dashboard.period.toDate}
            {dashboard.period.startsWithTeam ? " (from the team's first week)" : ""}
          </p>
        ) : null}
      </div>
      <PeriodPicker values={values} errors={errors} />
      {dashboard ? (
        <DashboardBody d={dashboard} csv={(series) => `/teams/${team.slug}/dashboard.csv?series=${series}&${search}`} />
      ) : (
        <p className="muted">Choose a period to see the dashboard.</p>
      )}
      {"weDid" in data ? <YouSaidWeDid entries={data.weDid} slug={team.slug} /> : null}
    </div>
  );
}

function DashboardBody({ d, csv }: { d: TeamDashboard; csv: (series: DashboardSeries) => string }) {
  const latest = [...d.weeks].reverse().find((w) => w.status === "released");
  const k = effectiveThreshold(d.team.threshold);
  return (
    <>
      <section className="summary-tiles" aria-label="This period at a glance">
        <Tile
          label="Latest released week"
          value={latest?.mean !== null && latest ? latest.mean.toFixed(2) : "—"}
          note={latest ? `${latest.label} · n = ${latest.n}` : "No released week in this period"}
        />
        <Tile
          label="Weeks"
          value={d.summary.releasedWeeks}
          note={
            <>
              released · {d.summary.hiddenWeeks} with fewer than {k} answers · {d.summary.openWeeks} open
            </>
          }
        />
        <Tile
          label="Incidents"
          value={d.summary.incidents.count}
          note={
            <>
              {SEVERITIES.map((s) => `${d.summary.incidents.bySeverity[s]} ${s}`).join(" · ")} · median recovery{" "}
              {formatDuration(d.summary.incidents.timeToRecoverMinutes.median)}
            </>
          }
        />
        <Tile
          label="Action items done on time"
          value={pct(d.summary.actions.completionRate)}
          note={
            <>
              {d.summary.actions.due === 0
                ? "None were due in this period"
                : `${d.summary.actions.doneOnTime} of ${d.summary.actions.due} due were done on time`}{" "}
              · {d.summary.actions.overdue} overdue now
            </>
          }
        />
      </section>

      <DashboardDips dips={d.dips} />

      <SectionCard headingId="time-heading" title="Trust, incidents and action items over time">
        <p className="muted small">
          The charts below share one time axis. Weeks with fewer than {k} answers, and the week still open, are gaps —
          never zeros.
        </p>
        <WeeklyTrustFrame
          frame={{
            id: "weekly",
            title: "Weekly trust and participation",
            description:
              "Mean of the 1–5 answers of each released week, its 95 % interval, the share of the team that answered, and a marker for each incident.",
            table: dashboardTable(d, "weekly"),
            csvHref: csv("weekly"),
          }}
          chart={{
            id: "trust-line",
            weeks: d.weeks,
            incidents: d.incidents,
            dips: d.dips,
            axis: d.axis,
            timeZone: d.team.timeZone,
          }}
          participationLabel="Participation (right axis)"
          incidentLabel={(s) => `${s} incident`}
        />
        {d.incidents.length > 0 ? (
          <details className="chart-tools">
            <summary>Incidents marked on the line ({d.incidents.length})</summary>
            <IncidentList d={d} csvHref={csv("incident-list")} />
          </details>
        ) : null}
        <ChartFrame
          id="distribution"
          title="Answers per week"
          description="How the answers of each released week spread over 1 (red) to 5 (green)."
          table={dashboardTable(d, "distribution")}
          csvHref={csv("distribution")}
          legend={[1, 2, 3, 4, 5].map((s) => (
            <LegendItem key={s} color={SCORE_COLORS[s - 1]!} label={`answered ${s}`} shape="box" />
          ))}
        >
          {(width) => <DistributionChart id="distribution-bars" weeks={d.weeks} axis={d.axis} width={width} />}
        </ChartFrame>
        <IncidentsFrame
          frame={{
            id: "incidents",
            title: "Incidents and time to recover",
            description: `Incidents per ${d.axis.granularity} by severity, and the median time from start to resolution of those that are resolved.`,
            table: dashboardTable(d, "incidents"),
            csvHref: csv("incidents"),
          }}
          chartId="incident-bars"
          buckets={d.incidentBuckets}
          axis={d.axis}
          legend
        />
        <ActionsFrame
          frame={{
            id: "actions",
            title: "Action items: done on time and overdue",
            description: `Share of the items due in each ${d.axis.granularity} that were done by their due day (counting only items whose due day is over), and how many items were overdue at its end, or now.`,
            table: dashboardTable(d, "actions"),
            csvHref: csv("actions"),
          }}
          chartId="action-bars"
          buckets={d.actionBuckets}
          axis={d.axis}
        />
      </SectionCard>

      <SectionCard headingId="quarterly-heading" title="Quarterly Trust Equation">
        <p className="muted small">
          Trust = (C + R + I) / S. Higher S means more self-oriented, which lowers trust; a neutral team scores 3.0. The
          quarters of the period and up to three before it; each point shows its 95 % interval.
        </p>
        <details className="method small" data-testid="trust-interval-method">
          <summary>How the intervals are computed</summary>
          Each component&apos;s interval is a t-interval around the mean of the respondents&apos; answers. Trust&apos;s
          interval is computed from each respondent&apos;s own C + R + I and S together, by the delta method on the
          ratio of the two means: its standard error is the standard deviation of (C + R + I − Trust × S) ÷ mean S over
          respondents, divided by √n, times the t value for n − 1. Because one person&apos;s answers move together, this
          is narrower than combining the ends of the four component intervals, and it covers the true value about 95 %
          of the time even for 5–10 respondents.
        </details>
        {d.quarters.every((q) => q.status !== "released") ? (
          <p className="muted">No quarterly survey has released results yet.</p>
        ) : null}
        <ChartFrame
          id="quarterly"
          title="Credibility, reliability, intimacy, self-orientation — and Trust"
          table={dashboardTable(d, "quarterly")}
          csvHref={csv("quarterly")}
          legend={
            <>
              {(["C", "R", "I", "S"] as const).map((c) => (
                <LegendItem key={c} color={COMPONENT_COLORS[c]} label={`${c} ${COMPONENT_NAMES[c]}`} shape="dot" />
              ))}
              <LegendItem color="#1b1f24" label="Trust (right)" shape="dot" />
            </>
          }
        >
          {(width) => (
            <div className="chart-pair">
              <ComponentsChart
                id="components-points"
                quarters={d.quarters}
                width={width >= 700 ? Math.floor(width * 0.6) - 8 : width}
              />
              <TrustEquationChart
                id="trust-points"
                quarters={d.quarters}
                width={width >= 700 ? Math.floor(width * 0.4) - 8 : width}
                height={260}
              />
            </div>
          )}
        </ChartFrame>
        <QuarterChanges quarters={d.quarters} threshold={d.team.threshold} />
      </SectionCard>
    </>
  );
}

function IncidentList({ d, csvHref }: { d: TeamDashboard; csvHref: string }) {
  const table = dashboardTable(d, "incident-list");
  return (
    <>
      <Table columns={table.columns}>
        {d.incidents.map((i, idx) => (
          <tr key={i.id}>
            <td>{table.rows[idx]![0]}</td>
            <td>
              <span className={`badge sev-${i.severity}`}>{i.severity}</span>
            </td>
            <td>
              <a href={`/teams/${d.team.slug}/incidents/${i.id}`}>{i.title}</a>
            </td>
            <td>{formatDuration(i.ttrMinutes)}</td>
          </tr>
        ))}
      </Table>
      <a href={csvHref} className="small" download>
        Download CSV
      </a>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Dashboard · ${data?.team.name ?? "Team"} · Trust Health` },
];
