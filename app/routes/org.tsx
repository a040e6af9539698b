import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useSubmit } from "@remix-run/react";
import { ChartFrame, LegendItem } from "~/components/charts/chart-frame";
import { OrgTrendChart } from "~/components/charts/org-trend-chart";
import { BAND_COLOR, PARTICIPATION_COLOR, TRUST_COLOR } from "~/components/charts/time-axis";
import { ErrorPage } from "~/components/error-page";
import { Field } from "~/components/field";
import { PickerForm } from "~/components/picker-form";
import { SectionCard } from "~/components/section-card";
import { OrgTeamSearch, OrgTeamTable, TeamRow } from "~/components/org-team-list";
import { Tile } from "~/components/tile";
import { formatDuration } from "~/domain/incidents";

import { lastWeekLabels, ORG_TREND_WEEKS, orgTable } from "~/domain/org";
import { orgView, type OrgListQuery, type OrgView } from "~/domain/org-list";
import { loadOrgRollup } from "~/models/org.server";
import { requireAdmin } from "~/utils/auth.server";
import { orgListSchema, weeksSchema } from "~/utils/org-query.server";
import { pct, two } from "~/utils/format";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const raw = params.get("weeks") ?? "";
  const parsed = weeksSchema.safeParse(raw);
  const list = orgListSchema.safeParse({
    q: params.get("q"),
    sort: params.get("sort"),
    dir: params.get("dir"),
    page: params.get("page"),
  });
  const query: OrgListQuery = list.success
    ? list.data
    : { q: (params.get("q") ?? "").slice(0, 100), sort: "name", dir: "asc", page: 1 };
  if (!parsed.success || !list.success) {
    return json(
      {
        weeks: raw,
        error: parsed.success ? null : parsed.error.issues[0]!.message,
        listError: list.success ? null : list.error.issues[0]!.message,
        query,
        view: null as OrgView | null,
      },
      { status: 400 },
    );
  }
  // The whole org is summed; only one page of teams is sent.
  const rollup = loadOrgRollup(new Date(), parsed.data);
  const view = orgView(rollup, query);
  return json({ weeks: String(parsed.data), error: null as string | null, listError: null, query, view });
}

export default function OrgPage() {
  const { weeks, error, listError, query, view } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  return (
    <div className="stack">
      <h1>Organisation</h1>
      <p className="muted">
        Every team side by side. A team&apos;s results appear only when it met its own anonymity threshold; a hidden
        team adds nothing to any org-wide figure, so no subtraction can reveal it.
      </p>
      <p className="small">
        <a href="/org/metrics">Metrics tokens for Prometheus, Grafana and Datadog</a>
      </p>
      <PickerForm label="Trend length">
        {query.q ? <input type="hidden" name="q" value={query.q} /> : null}
        {query.sort !== "name" ? <input type="hidden" name="sort" value={query.sort} /> : null}
        {query.dir !== "asc" ? <input type="hidden" name="dir" value={query.dir} /> : null}
        <Field
          name="weeks"
          id="org-weeks"
          errorId="weeks-error"
          label="Org-wide trend"
          error={error ?? undefined}
          defaultValue={weeks}
        >
          {(control) => (
            <select {...control} onChange={(e) => submit(e.currentTarget.form)}>
              {ORG_TREND_WEEKS.map((w) => (
                <option key={w} value={w}>
                  Last {w} weeks
                </option>
              ))}
              {error ? <option value={weeks}>{weeks}</option> : null}
            </select>
          )}
        </Field>
      </PickerForm>
      {listError ? <OrgTeamSearch weeks={weeks} query={query} error={listError} /> : null}
      {view ? <OrgBody view={view} weeks={weeks} query={query} /> : null}
    </div>
  );
}

function OrgBody({ view, weeks, query }: { view: OrgView; weeks: string; query: OrgListQuery }) {
  const r = view.rollup;
  const hiddenWeek = view.hiddenWeek;
  // Teams close their weeks in their own time zones: say which week "Last week" is (issue #12).
  const lastWeek = lastWeekLabels(r.teams);
  const q = r.org.quarter;
  return (
    <>
      <section className="summary-tiles" aria-label="Organisation at a glance">
        <Tile
          testId="org-week"
          label="Weekly trust, org-wide"
          value={two(r.org.week?.mean)}
          note={
            !r.org.week
              ? "No week yet"
              : r.org.week.teamsIncluded === 0
                ? `${r.org.week.label} · every team is hidden this week`
                : `${r.org.week.label} · n = ${r.org.week.n} from ${r.org.week.teamsIncluded} teams · ${r.org.week.teamsHidden} hidden`
          }
        />
        <Tile
          label="Trust Equation, org-wide"
          value={two(q?.trust)}
          note={
            q && q.components
              ? `${q.periodKey} · C ${two(q.components.C)} R ${two(q.components.R)} I ${two(q.components.I)} S ${two(q.components.S)} · ${q.groupsIncluded} teams, ${q.groupsHidden} hidden (response-weighted)`
              : "No quarter released yet"
          }
        />
        <Tile
          label={<>Incidents, last {r.activityDays} days</>}
          value={r.org.incidents.count}
          note={
            <>
              {r.org.incidents.bySeverity.SEV1} SEV1 · {r.org.incidents.bySeverity.SEV2} SEV2 · median recovery{" "}
              {formatDuration(r.org.incidents.ttrMedianMinutes)}
            </>
          }
        />
        <Tile
          label="Action items done on time"
          value={pct(r.org.actions.completionRate)}
          note={
            <>
              {r.org.actions.doneOnTime} of {r.org.actions.due} due in the last {r.activityDays} days ·{" "}
              {r.org.actions.overdue} overdue now
            </>
          }
        />
      </section>

      <SectionCard headingId="trend-heading" title="Org-wide trend">
        <ChartFrame
          id="org-trend"
          title={`Weekly trust across the organisation, last ${r.trendWeeks} weeks`}
          description="Answers pooled over the teams that met their own threshold that week. Teams below it are left out entirely, not counted as zeros."
          table={orgTable(r, "trend")}
          csvHref={`/org.csv?series=trend&weeks=${weeks}`}
          legend={
            <>
              <LegendItem color={TRUST_COLOR} label="Org mean" />
              <LegendItem color={BAND_COLOR} label="95 % interval" shape="box" />
              <LegendItem color={PARTICIPATION_COLOR} label="Teams in the figure (right axis)" shape="box" />
            </>
          }
        >
          {(width) => <OrgTrendChart id="org-trend-line" trend={r.trend} width={width} />}
        </ChartFrame>
      </SectionCard>

      <SectionCard
        headingId="teams-heading"
        title={<>Teams ({view.teamCount})</>}
        aside={
          <a href={`/org.csv?series=teams&weeks=${weeks}`} className="small" download>
            Download CSV
          </a>
        }
      >
        <p className="muted small">
          {hiddenWeek} of {view.teamCount} teams are hidden for their last week (fewer answers than their threshold).
          Incidents and action items cover the last {r.activityDays} days.
        </p>
        {lastWeek.note ? (
          <p className="muted small" data-testid="last-week-note">
            {lastWeek.note}
          </p>
        ) : null}
        <OrgTeamSearch weeks={weeks} query={query} />
        <OrgTeamTable weeks={weeks} query={query} paging={view.paging}>
          {r.teams.map((t, i) => (
            <TeamRow key={t.id} t={t} ownWeek={lastWeek.ownWeek[i] ?? null} />
          ))}
        </OrgTeamTable>
      </SectionCard>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Organisation · Trust Health" }];

export function ErrorBoundary() {
  return <ErrorPage />;
}
