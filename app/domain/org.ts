/**
 * The org rollup as the loader sends it, and the tables behind its chart and
 * its side-by-side view (also its CSV export).
 */
import { weekDays } from "./cycles";
import type { Cell, SeriesTable } from "./dashboard";
import { type Severity } from "./incidents";
import type { Interval } from "./statistics";
import type { PooledQuarter } from "./rollup";
import type { Component } from "./survey-bank";

/** Lengths of the org-wide trend an admin can choose. */
export const ORG_TREND_WEEKS = [12, 26, 52] as const;
/** Incidents and action items are summed over this many days up to now. */
export const ORG_ACTIVITY_DAYS = 90;

export interface OrgTeamWeek {
  periodKey: string;
  label: string;
  status: "released" | "hidden";
  mean: number | null;
  low: number | null;
  high: number | null;
  n: number | null;
}

export interface OrgTeamQuarter {
  periodKey: string;
  status: "released" | "hidden";
  n: number | null;
  components: Record<Component, Interval> | null;
  trust: { value: number; low: number; high: number } | null;
}

export interface OrgTeamRow {
  id: number;
  name: string;
  slug: string;
  threshold: number;
  week: OrgTeamWeek;
  /** The most recent released week in the trend window (may be the same as `week`). */
  lastReleased: { periodKey: string; mean: number } | null;
  quarter: OrgTeamQuarter | null;
  incidents: { count: number; bySeverity: Record<Severity, number>; ttrMedianMinutes: number | null };
  actions: { due: number; doneOnTime: number; completionRate: number | null; overdue: number };
}

export interface OrgTrendPoint {
  periodKey: string;
  label: string;
  mean: number | null;
  low: number | null;
  high: number | null;
  n: number;
  teamsIncluded: number;
  teamsHidden: number;
}

export interface OrgRollup {
  generatedAt: number;
  trendWeeks: number;
  activityDays: number;
  teams: OrgTeamRow[];
  trend: OrgTrendPoint[];
  org: {
    week: OrgTrendPoint | null;
    quarter: (PooledQuarter & { periodKey: string }) | null;
    incidents: { count: number; bySeverity: Record<Severity, number>; ttrMedianMinutes: number | null };
    actions: { due: number; doneOnTime: number; completionRate: number | null; overdue: number };
  };
}

export const ORG_SERIES = ["teams", "trend"] as const;
export type OrgSeries = (typeof ORG_SERIES)[number];

const round = (v: number | null | undefined, digits = 2): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Number(v.toFixed(digits));
const percent = (v: number | null | undefined): number | null =>
  v === null || v === undefined ? null : Math.round(v * 100);
const HIDDEN = "hidden";

export function orgTable(r: OrgRollup, series: OrgSeries): SeriesTable {
  if (series === "trend") {
    return {
      caption: "Org-wide weekly trust: pooled over the teams that met their own threshold that week",
      columns: ["Week", "Days", "Mean", "95 % low", "95 % high", "n", "Teams in the figure", "Teams hidden"],
      rows: r.trend.map((p) => [
        p.periodKey,
        weekDays(p.periodKey)?.range ?? null,
        round(p.mean),
        round(p.low),
        round(p.high),
        p.teamsIncluded > 0 ? p.n : null,
        p.teamsIncluded,
        p.teamsHidden,
      ]),
    };
  }
  return {
    caption: `Teams side by side; incidents and action items over the last ${r.activityDays} days`,
    columns: [
      "Team",
      "Week",
      "Weekly trust",
      "n",
      "Last released week",
      "Quarter",
      "Trust",
      "C",
      "R",
      "I",
      "S",
      "Quarter n",
      "Incidents",
      "SEV1",
      "SEV2",
      "Median time to recover (h)",
      "Action items due",
      "Done on time %",
      "Overdue",
    ],
    rows: r.teams.map((t): Cell[] => {
      const q = t.quarter;
      const released = q?.status === "released";
      return [
        t.name,
        t.week.periodKey,
        t.week.status === "released" ? round(t.week.mean) : HIDDEN,
        t.week.n,
        t.lastReleased ? `${t.lastReleased.periodKey}: ${t.lastReleased.mean.toFixed(2)}` : null,
        q?.periodKey ?? null,
        released ? round(q!.trust!.value) : q ? HIDDEN : null,
        ...(["C", "R", "I", "S"] as const).map((c) => (released ? round(q!.components![c].mean) : null)),
        released ? q!.n : null,
        t.incidents.count,
        t.incidents.bySeverity.SEV1,
        t.incidents.bySeverity.SEV2,
        t.incidents.ttrMedianMinutes === null ? null : round(t.incidents.ttrMedianMinutes / 60, 1),
        t.actions.due,
        percent(t.actions.completionRate),
        t.actions.overdue,
      ];
    }),
  };
}

/**
 * "Last week" on the org page is each team's last closed week, which differs
 * between teams whose time zones are on different sides of Monday 00:00. Says which
 * week it is for most teams, and gives the other teams' weeks beside their figures
 * (issue #12: the column mixed weeks 47 and 48 without saying so). Weeks are named
 * by their dates, as everywhere else.
 */
export function lastWeekLabels(teams: ReadonlyArray<{ week: { periodKey: string } }>): {
  note: string | null;
  ownWeek: Array<string | null>;
} {
  const counts = new Map<string, number>();
  for (const t of teams) counts.set(t.week.periodKey, (counts.get(t.week.periodKey) ?? 0) + 1);
  // The most common week; ties go to the later week, which most zones have reached.
  const common = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))[0]?.[0];
  if (common === undefined) return { note: null, ownWeek: [] };
  const days = (key: string) => weekDays(key)?.range ?? key;
  const note =
    counts.size === 1
      ? `Last week is ${days(common)} for every team.`
      : `Last week is ${days(common)} for ${counts.get(common)} of ${teams.length} teams; ` +
        `the others close their weeks in other time zones, and their week is shown beside the figure.`;
  return { note, ownWeek: teams.map((t) => (t.week.periodKey === common ? null : days(t.week.periodKey))) };
}
