/**
 * The shape of a team dashboard as loaders send it (plain numbers and strings,
 * times as epoch milliseconds), and the tables behind every chart. The table view
 * and the CSV export are built by the same functions, so they always carry the
 * same numbers as the chart.
 */
import { calendarDayIn } from "./calendar-day";
import type { DipAlert } from "./dips";
import type { ActionItemMetrics, IncidentMetrics } from "./incident-metrics";
import type { Change, Interval } from "./statistics";
import type { Component } from "./survey-bank";
import type { AxisTick, Granularity } from "./timeline";
import { type Severity } from "./incidents";
import type { ActionBucket, IncidentBucket } from "./bucket-activity";
import { effectiveThreshold } from "./threshold";

export type WeekStatus = "open" | "insufficient" | "released";

export interface DashboardWeek {
  periodKey: string;
  label: string;
  start: number;
  end: number;
  /** Where the point sits on the time axis: the middle of the week. */
  x: number;
  status: WeekStatus;
  /** Everything below is null unless released: a gap, never a zero. */
  mean: number | null;
  low: number | null;
  high: number | null;
  n: number | null;
  participation: number | null;
  distribution: [number, number, number, number, number] | null;
}

export interface DashboardQuarter {
  periodKey: string;
  label: string;
  status: WeekStatus;
  n: number | null;
  participation: number | null;
  components: Record<Component, Interval> | null;
  trust: { value: number; low: number; high: number } | null;
  /** Against the previous released quarter; null for the first one. */
  changes: (Record<Component, Change> & { trust: Change }) | null;
  previousKey: string | null;
  /** false for the earlier quarters drawn only for context. */
  inPeriod: boolean;
}

export interface DashboardIncident {
  id: number;
  title: string;
  severity: Severity;
  startedAt: number;
  resolvedAt: number | null;
  ttrMinutes: number | null;
  /** Where the marker sits: on the trust line at the incident's start, or at its week's point. */
  x: number;
  /** null when the week it started in has no released result (a gap in the line). */
  y: number | null;
}

export interface DashboardAxis {
  from: number;
  to: number;
  granularity: Granularity;
  ticks: AxisTick[];
}

export interface TeamDashboard {
  team: { id: number; name: string; slug: string; timeZone: string; threshold: number };
  period: {
    preset: string;
    label: string;
    from: number;
    to: number;
    fromDate: string;
    toDate: string;
    /** Cut to start with the team's first week. */
    startsWithTeam: boolean;
  };
  axis: DashboardAxis;
  weeks: DashboardWeek[];
  quarters: DashboardQuarter[];
  incidents: DashboardIncident[];
  incidentBuckets: IncidentBucket[];
  actionBuckets: ActionBucket[];
  dips: DipAlert[];
  summary: {
    releasedWeeks: number;
    hiddenWeeks: number;
    openWeeks: number;
    incidents: IncidentMetrics;
    actions: ActionItemMetrics;
  };
}

// ---------------------------------------------------------------------------
// Tables

export type Cell = string | number | null;
export interface SeriesTable {
  caption: string;
  columns: string[];
  rows: Cell[][];
}

export const DASHBOARD_SERIES = [
  "weekly",
  "distribution",
  "quarterly",
  "incidents",
  "incident-list",
  "actions",
  "dips",
] as const;
export type DashboardSeries = (typeof DASHBOARD_SERIES)[number];

const round = (v: number | null | undefined, digits = 2): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Number(v.toFixed(digits));
const percent = (v: number | null | undefined): number | null =>
  v === null || v === undefined ? null : Math.round(v * 100);
const hours = (minutes: number | null | undefined): number | null =>
  minutes === null || minutes === undefined ? null : round(minutes / 60, 1);

export function statusWords(status: WeekStatus, threshold: number): string {
  switch (status) {
    case "released":
      return "released";
    case "open":
      return "open (shown after it closes)";
    case "insufficient":
      return `not enough responses (fewer than ${effectiveThreshold(threshold)})`;
  }
}

export function dashboardTable(d: TeamDashboard, series: DashboardSeries): SeriesTable {
  const tz = d.team.timeZone;
  const k = d.team.threshold;
  switch (series) {
    case "weekly":
      return {
        caption: "Weekly trust: mean of 1–5 answers with its 95 % interval, and participation",
        columns: ["Week", "Starts", "Status", "Mean", "95 % low", "95 % high", "n", "Participation %"],
        rows: d.weeks.map((w) => [
          w.periodKey,
          calendarDayIn(w.start, tz),
          statusWords(w.status, k),
          round(w.mean),
          round(w.low),
          round(w.high),
          w.n,
          percent(w.participation),
        ]),
      };
    case "distribution":
      return {
        caption: "Answers per week: how many people answered 1, 2, 3, 4 and 5",
        columns: ["Week", "Status", "1", "2", "3", "4", "5", "n"],
        rows: d.weeks.map((w) => [
          w.periodKey,
          statusWords(w.status, k),
          ...(w.distribution ?? [null, null, null, null, null]),
          w.n,
        ]),
      };
    case "quarterly":
      return {
        caption: "Quarterly Trust Equation: component means (1–5) and Trust = (C + R + I) / S, with 95 % intervals",
        columns: [
          "Quarter",
          "Status",
          "n",
          ...(["C", "R", "I", "S"] as const).flatMap((c) => [c, `${c} 95 % low`, `${c} 95 % high`]),
          "Trust",
          "Trust 95 % low",
          "Trust 95 % high",
          "Trust change",
        ],
        rows: d.quarters.map((q) => [
          q.periodKey,
          statusWords(q.status, k),
          q.n,
          ...(["C", "R", "I", "S"] as const).flatMap((c) =>
            q.components
              ? [round(q.components[c].mean), round(q.components[c].low), round(q.components[c].high)]
              : [null, null, null],
          ),
          round(q.trust?.value),
          round(q.trust?.low),
          round(q.trust?.high),
          q.changes?.trust ?? null,
        ]),
      };
    case "incidents":
      return {
        caption: "Incidents by severity and median time to recover, per period",
        columns: [
          "Period",
          "Starts",
          "SEV1",
          "SEV2",
          "SEV3",
          "SEV4",
          "Total",
          "Resolved",
          "Median time to recover (h)",
        ],
        rows: d.incidentBuckets.map((b) => [
          b.label,
          calendarDayIn(b.start, tz),
          b.bySeverity.SEV1,
          b.bySeverity.SEV2,
          b.bySeverity.SEV3,
          b.bySeverity.SEV4,
          b.count,
          b.resolved,
          hours(b.ttrMedianMinutes),
        ]),
      };
    case "incident-list":
      return {
        caption: "Incidents in the period (the markers on the trust line)",
        columns: ["Started", "Severity", "Title", "Time to recover (h)"],
        rows: d.incidents.map((i) => [calendarDayIn(i.startedAt, tz), i.severity, i.title, hours(i.ttrMinutes)]),
      };
    case "actions":
      return {
        caption:
          "Action items: completion rate (done on or before the due day ÷ items whose due day is over) and overdue items at the end of each period (or now)",
        columns: ["Period", "Starts", "Due", "Done on time", "Completion rate %", "Overdue"],
        rows: d.actionBuckets.map((b) => [
          b.label,
          calendarDayIn(b.start, tz),
          b.due,
          b.doneOnTime,
          percent(b.completionRate),
          b.overdue,
        ]),
      };
    case "dips":
      return {
        caption: "Dip alerts and what each is based on",
        columns: ["Period", "Kind", "Alert"],
        rows: d.dips.map((a) => [a.periodKey, a.kind, a.message]),
      };
  }
}

/** Text for a table cell; an empty value is a dash in the page and an empty cell in CSV. */
export function cellText(value: Cell): string {
  if (value === null) return "—";
  return typeof value === "number" ? String(value) : value;
}
