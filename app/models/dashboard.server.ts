import { and, eq, min } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cycles, incidents } from "#db/schema";
import type { DashboardIncident, DashboardQuarter, DashboardWeek, TeamDashboard } from "~/domain/dashboard";
import { cycleStatus, weeklyCycleAt, weeklyCyclesBetween, type CycleWindow } from "~/domain/cycles";
import { calendarDayIn } from "~/domain/calendar-day";
import { quarterlyDips, weeklyDips, type DipAlert } from "~/domain/dips";
import { incidentMetrics, type IncidentRecord } from "~/domain/incident-metrics";
import { resolvePeriod, type PeriodChoice, type ResolvedPeriod, type ResolveResult } from "~/domain/periods";
import { weeklyResult } from "~/domain/results";
import { compareIntervals } from "~/domain/statistics";
import { COMPONENTS } from "~/domain/survey-bank";
import { axisTicks, bucketIndexOf, chooseGranularity, timeBuckets, type Bucket } from "~/domain/timeline";
import { actionItemBuckets, actionItemSummary, incidentBuckets } from "~/domain/bucket-activity";
import { actionItemSeries } from "./action-items.server";
import { listIncidents } from "./incidents.server";
import { quarterlySeries, weeklyTallies, type WeeklyTally } from "./results.server";

export { teamWeeklyTallyQuery } from "./results.server";
import { getTeamById, type Team } from "./teams.server";

/**
 * Everything the team dashboard draws, aggregated here so components only draw.
 * Weekly figures leave through the same release gate as everywhere else
 * (domain/results weeklyResult): open and below-threshold weeks carry no number.
 */

const WEEK_MS = 7 * 86_400_000;
/** Released weeks before the period that may form the first weeks' dip baseline. */
const BASELINE_LOOKBACK_WEEKS = 24;
/** Closed quarters shown before the period, so a short period still has a trend. */
const QUARTERS_OF_CONTEXT = 3;

type TeamRef = Pick<Team, "id" | "name" | "slug" | "timeZone" | "threshold" | "surveyWindowDays">;

function toDashboardWeek(w: CycleWindow, tally: WeeklyTally | undefined, threshold: number, now: Date): DashboardWeek {
  const result = weeklyResult({
    closed: cycleStatus(w, now) === "closed",
    threshold,
    distribution: tally?.distribution ?? [0, 0, 0, 0, 0],
    memberCount: tally?.memberCount ?? 0,
  });
  const start = w.opensAt.getTime();
  const end = w.closesAt.getTime();
  const base = { periodKey: w.periodKey, label: w.label, start, end, x: start + (end - start) / 2 };
  if (result.status !== "released") {
    return {
      ...base,
      status: result.status,
      mean: null,
      low: null,
      high: null,
      n: null,
      participation: null,
      distribution: null,
    };
  }
  return {
    ...base,
    status: "released",
    mean: result.mean,
    low: result.ci95 ? result.ci95[0] : null,
    high: result.ci95 ? result.ci95[1] : null,
    n: result.n,
    participation: result.participation,
    distribution: result.distribution,
  };
}

/** The first thing on record for the team: where "All history" starts. */
function teamEarliest(teamId: number): Date | null {
  const db = getDb();
  const firstCycle =
    db
      .select({ at: min(cycles.opensAt) })
      .from(cycles)
      .where(and(eq(cycles.teamId, teamId), eq(cycles.kind, "weekly")))
      .get()?.at ?? null;
  const firstIncident =
    db
      .select({ at: min(incidents.startedAt) })
      .from(incidents)
      .where(eq(incidents.teamId, teamId))
      .get()?.at ?? null;
  const times = [firstCycle, firstIncident].filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

export function resolveTeamPeriod(team: Pick<Team, "id" | "timeZone">, choice: PeriodChoice, now: Date): ResolveResult {
  return resolvePeriod(choice, {
    now,
    timeZone: team.timeZone,
    earliest: choice.preset === "all" ? teamEarliest(team.id) : null,
  });
}

function quartersFor(team: TeamRef, period: { from: Date; to: Date }, now: Date): DashboardQuarter[] {
  const lookBack = new Date(period.from.getTime() - (QUARTERS_OF_CONTEXT + 1) * 92 * 86_400_000);
  const series = quarterlySeries(team, lookBack, period.to, now);
  const inPeriod = series.filter((q) => new Date(q.closesAt).getTime() > period.from.getTime());
  const before = series
    .filter((q) => new Date(q.closesAt).getTime() <= period.from.getTime())
    .slice(-QUARTERS_OF_CONTEXT);
  // Context before the team's first released quarter says nothing; drop it.
  while (before.length > 0 && before[0]!.result.status !== "released") before.shift();
  let previous: DashboardQuarter | null = null;
  const out: DashboardQuarter[] = [];
  for (const q of [...before, ...inPeriod]) {
    const r = q.result;
    const within = inPeriod.includes(q);
    const quarter: DashboardQuarter =
      r.status === "released"
        ? {
            periodKey: q.periodKey,
            label: q.label,
            status: "released",
            n: r.n,
            participation: r.participation,
            components: r.components,
            trust: r.trust,
            changes: null,
            previousKey: null,
            inPeriod: within,
          }
        : {
            periodKey: q.periodKey,
            label: q.label,
            status: r.status,
            n: null,
            participation: null,
            components: null,
            trust: null,
            changes: null,
            previousKey: null,
            inPeriod: within,
          };
    if (quarter.components && quarter.trust && previous?.components && previous.trust) {
      const changes = Object.fromEntries(
        COMPONENTS.map((c) => [c, compareIntervals(previous!.components![c], quarter.components![c])]),
      );
      quarter.changes = {
        ...(changes as Record<(typeof COMPONENTS)[number], ReturnType<typeof compareIntervals>>),
        trust: compareIntervals(
          { mean: previous.trust.value, low: previous.trust.low, high: previous.trust.high },
          { mean: quarter.trust.value, low: quarter.trust.low, high: quarter.trust.high },
        ),
      };
      quarter.previousKey = previous.periodKey;
    }
    if (quarter.status === "released") previous = quarter;
    out.push(quarter);
  }
  return out;
}

/**
 * Where an incident's marker goes: on the drawn segment between two released weeks
 * at the incident's start, at its own week's point when the line does not continue
 * that way, and nowhere on the line (y null) in a week without a released result.
 */
function pointOnTrustLine(weeks: readonly DashboardWeek[], index: number, t: number): { x: number; y: number | null } {
  const week = weeks[index];
  if (!week || week.mean === null) return { x: t, y: null };
  const neighbour = weeks[t < week.x ? index - 1 : index + 1];
  if (!neighbour || neighbour.mean === null) return { x: week.x, y: week.mean };
  const share = (t - week.x) / (neighbour.x - week.x);
  return { x: t, y: week.mean + share * (neighbour.mean - week.mean) };
}

function isResolved(p: PeriodChoice | ResolvedPeriod): p is ResolvedPeriod {
  return "from" in p && p.from instanceof Date;
}

/**
 * The whole dashboard of one team over a period. Pure in the sense the benchmark
 * needs: no request, just the team, the period and the clock.
 */
export function loadTeamDashboard(
  teamId: number,
  period: PeriodChoice | ResolvedPeriod,
  now = new Date(),
): TeamDashboard {
  const team = getTeamById(teamId);
  if (!team) throw new RangeError(`No team ${teamId}`);
  let resolved: ResolvedPeriod;
  if (isResolved(period)) resolved = period;
  else {
    const r = resolveTeamPeriod(team, period, now);
    if (!r.ok) throw new RangeError(Object.values(r.errors).join("; "));
    resolved = r.period;
  }
  const tz = team.timeZone;
  // Weeks before the team existed are not on the axis (issue #12: a new team's
  // dashboard showed 12 weeks of "fewer than 3 answers"). The team starts at the
  // earlier of its creation and the first thing on record (demo or imported history).
  const earliest = teamEarliest(team.id);
  const teamStart = new Date(Math.min(team.createdAt.getTime(), earliest?.getTime() ?? Infinity));
  const firstWeek = weeklyCycleAt(teamStart, tz).opensAt;
  if (firstWeek.getTime() > resolved.from.getTime() && firstWeek.getTime() < resolved.to.getTime()) {
    resolved = { ...resolved, from: firstWeek, fromDate: calendarDayIn(firstWeek, tz), startsWithTeam: true };
  }
  const { from, to } = resolved;

  // Weeks: the period's, and enough before it for the first weeks' dip baseline.
  const weekWindows = weeklyCyclesBetween(from, new Date(to.getTime() - 1), tz);
  const firstOpens = weekWindows[0]?.opensAt ?? from;
  const baselineWindows = weeklyCyclesBetween(
    new Date(firstOpens.getTime() - BASELINE_LOOKBACK_WEEKS * WEEK_MS),
    new Date(firstOpens.getTime() - 1),
    tz,
  ).filter((w) => w.opensAt.getTime() < firstOpens.getTime());
  const queryFrom = baselineWindows[0]?.opensAt ?? firstOpens;
  const queryTo = weekWindows.at(-1)?.closesAt ?? to;
  const tallies = weeklyTallies(team.id, queryFrom, queryTo);
  const weeks = weekWindows.map((w) => toDashboardWeek(w, tallies.get(w.periodKey), team.threshold, now));
  const baseline = baselineWindows.map((w) => toDashboardWeek(w, tallies.get(w.periodKey), team.threshold, now));
  const shownWeeks = new Set(weeks.map((w) => w.periodKey));
  const weeklyAlerts = weeklyDips(
    [...baseline, ...weeks].map((w) => ({ periodKey: w.periodKey, mean: w.mean })),
  ).filter((a) => shownWeeks.has(a.periodKey));

  const quarters = quartersFor(team, resolved, now);
  // Earlier quarters are drawn for context, but only the period's own quarters raise alerts.
  const periodQuarters = new Set(quarters.filter((q) => q.inPeriod).map((q) => q.periodKey));
  const quarterlyAlerts = quarterlyDips(
    quarters.map((q) => ({ periodKey: q.periodKey, components: q.components })),
  ).filter((a) => periodQuarters.has(a.periodKey));

  // Incidents and action items share the time axis with the weeks; the first bucket
  // (a whole week, month or quarter) may start before the period does.
  const granularity = chooseGranularity(from, to);
  const buckets = timeBuckets(from, to, tz, granularity);
  const axisFrom = Math.min(buckets[0]?.start ?? from.getTime(), weeks[0]?.start ?? from.getTime());
  // Markers, bars and the headline cards all count the incidents that started inside the period.
  const incidentRows = listIncidents(team.id, { from, to }).reverse();
  const records: IncidentRecord[] = incidentRows.map((i) => ({
    id: i.id,
    severity: i.severity,
    startedAt: i.startedAt,
    detectedAt: i.detectedAt,
    resolvedAt: i.resolvedAt,
    postmortemPublishedAt: i.postmortemPublishedAt,
    audit: i.audit,
  }));
  const weekBuckets: Bucket[] = weeks.map((w) => ({ key: w.periodKey, label: w.label, start: w.start, end: w.end }));
  const markers: DashboardIncident[] = incidentRows.map((i) => {
    const { x, y } = pointOnTrustLine(weeks, bucketIndexOf(weekBuckets, i.startedAt.getTime()), i.startedAt.getTime());
    return {
      id: i.id,
      title: i.title,
      severity: i.severity,
      startedAt: i.startedAt.getTime(),
      resolvedAt: i.resolvedAt?.getTime() ?? null,
      ttrMinutes: i.resolvedAt ? (i.resolvedAt.getTime() - i.startedAt.getTime()) / 60_000 : null,
      x,
      y,
    };
  });
  const actionItems = actionItemSeries(team.id, from, to);
  const dips: DipAlert[] = [...weeklyAlerts, ...quarterlyAlerts];
  return {
    team: { id: team.id, name: team.name, slug: team.slug, timeZone: tz, threshold: team.threshold },
    period: {
      preset: resolved.preset,
      label: resolved.label,
      from: from.getTime(),
      to: to.getTime(),
      fromDate: resolved.fromDate,
      toDate: resolved.toDate,
      startsWithTeam: resolved.startsWithTeam === true,
    },
    axis: { from: axisFrom, to: to.getTime(), granularity, ticks: axisTicks(buckets, granularity, tz) },
    weeks,
    quarters,
    incidents: markers,
    incidentBuckets: incidentBuckets(records, buckets),
    actionBuckets: actionItemBuckets(actionItems, buckets, tz, now.getTime()),
    dips,
    summary: {
      releasedWeeks: weeks.filter((w) => w.status === "released").length,
      hiddenWeeks: weeks.filter((w) => w.status === "insufficient").length,
      openWeeks: weeks.filter((w) => w.status === "open").length,
      incidents: incidentMetrics(records, { from, to }),
      actions: actionItemSummary(actionItems, { from, to }, tz, now),
    },
  };
}
