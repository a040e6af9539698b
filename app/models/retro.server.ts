import type { TeamDashboard } from "~/domain/dashboard";
import { weeklyCycleAt, type CycleWindow } from "~/domain/cycles";
import { incidentMetrics, type ActionItemMetrics, type IncidentMetrics } from "~/domain/incident-metrics";
import { calendarDateIn, isOverdue, type ActionSource, type ActionStatus, type ChecklistKey } from "~/domain/incidents";
import { comparePeriods, type GroupTally, type PeriodComparison } from "~/domain/rollup";
import { actionItemSummary, previousWeekKey, weeksEndingWith } from "~/domain/timeline";
import { actionItemSeries, listActionItems } from "./action-items.server";
import { currentChecklist } from "./checklist.server";
import { loadTeamDashboard } from "./dashboard.server";
import { incidentSeries } from "./incidents.server";
import { releasedComments } from "./results.server";
import type { Team } from "./teams.server";

/**
 * The retro view: a chosen run of weeks against the same number of weeks before
 * it. Everything numeric comes from released weeks only; comments come from
 * results.releasedComments (released cycles, each kind shuffled on its own).
 */

/** The charts show at least this many weeks, so a two-week retro still has a trend. */
const RETRO_CONTEXT_WEEKS = 12;

export type RetroSide = {
  firstKey: string;
  lastKey: string;
  label: string;
  from: number;
  to: number;
  releasedWeeks: number;
  participation: number | null;
  incidents: IncidentMetrics;
  actions: ActionItemMetrics;
};

export type RetroItem = {
  id: number;
  title: string;
  ownerName: string | null;
  dueDate: string;
  status: ActionStatus;
  source: ActionSource;
  overdue: boolean;
};

export type RetroView = {
  weeks: number;
  until: string;
  lastClosed: string;
  weekChoices: { key: string; label: string }[];
  current: RetroSide;
  previous: RetroSide;
  trust: PeriodComparison;
  dashboard: TeamDashboard;
  highlight: { from: number; to: number };
  comments: { why: string[]; help: string[]; appreciation: string[]; survey: string[] };
  openItems: RetroItem[];
  checklist: { key: ChecklistKey; text: string; answer: boolean | null }[];
};

/** The last week that has ended on the team's clock. */
export function lastClosedWeekKey(team: Pick<Team, "timeZone">, now: Date): string {
  return previousWeekKey(weeklyCycleAt(now, team.timeZone).periodKey);
}

function side(
  team: Team,
  windows: CycleWindow[],
  dashboard: TeamDashboard,
  now: Date,
): Omit<RetroSide, "incidents" | "actions"> & { tallies: GroupTally[] } {
  const keys = new Set(windows.map((w) => w.periodKey));
  const weeks = dashboard.weeks.filter((w) => keys.has(w.periodKey));
  const released = weeks.filter((w) => w.status === "released");
  const participations = released.map((w) => w.participation).filter((p): p is number => p !== null);
  const first = windows[0]!;
  const last = windows.at(-1)!;
  return {
    firstKey: first.periodKey,
    lastKey: last.periodKey,
    label: windows.length === 1 ? first.label : `${first.label.split(",")[0]} – ${last.label}`,
    from: first.opensAt.getTime(),
    to: Math.min(last.closesAt.getTime(), now.getTime()),
    releasedWeeks: released.length,
    participation: participations.length ? participations.reduce((a, b) => a + b, 0) / participations.length : null,
    // Only what the dashboard released goes in: a hidden week is an empty tally.
    tallies: weeks.map((w) => ({
      groupId: team.id,
      periodKey: w.periodKey,
      threshold: team.threshold,
      closed: w.status !== "open",
      distribution: w.distribution ?? [0, 0, 0, 0, 0],
    })),
  };
}

export function loadRetro(team: Team, choice: { weeks: number; until: string }, now = new Date()): RetroView {
  const lastClosed = lastClosedWeekKey(team, now);
  const currentWindows = weeksEndingWith(choice.until, choice.weeks, team.timeZone);
  const previousWindows = weeksEndingWith(previousWeekKey(currentWindows[0]!.periodKey), choice.weeks, team.timeZone);
  const chartWindows = weeksEndingWith(choice.until, Math.max(2 * choice.weeks, RETRO_CONTEXT_WEEKS), team.timeZone);
  const chartFrom = chartWindows[0]!.opensAt;
  const chartTo = new Date(Math.min(chartWindows.at(-1)!.closesAt.getTime(), now.getTime()));
  const day = (d: Date) => calendarDateIn(d, team.timeZone);
  const dashboard = loadTeamDashboard(
    team.id,
    {
      preset: "custom",
      from: chartFrom,
      to: chartTo,
      fromDate: day(chartFrom),
      toDate: day(new Date(chartTo.getTime() - 1)),
      label: "Retro",
    },
    now,
  );

  const cur = side(team, currentWindows, dashboard, now);
  const prev = side(team, previousWindows, dashboard, now);
  const incidents = incidentSeries(team.id, new Date(prev.from), new Date(cur.to));
  const items = actionItemSeries(team.id, new Date(prev.from), new Date(cur.to));
  const withActivity = ({ tallies: _tallies, ...s }: ReturnType<typeof side>): RetroSide => {
    const period = { from: new Date(s.from), to: new Date(s.to) };
    return {
      ...s,
      incidents: incidentMetrics(incidents, period),
      actions: actionItemSummary(items, period, team.timeZone),
    };
  };

  const comments = releasedComments(team, new Date(cur.from), new Date(cur.to), now);
  const today = calendarDateIn(now, team.timeZone);
  const openItems = listActionItems(team.id, { status: "active" }).map((item) => ({
    id: item.id,
    title: item.title,
    ownerName: item.ownerName,
    dueDate: item.dueDate,
    status: item.status,
    source: item.source,
    overdue: isOverdue(item, today),
  }));

  const choices: { key: string; label: string }[] = [];
  for (let key = lastClosed, i = 0; i < 26; i++, key = previousWeekKey(key)) {
    choices.push({ key, label: weeksEndingWith(key, 1, team.timeZone)[0]!.label });
  }
  if (!choices.some((c) => c.key === choice.until))
    choices.push({ key: choice.until, label: currentWindows.at(-1)!.label });

  return {
    weeks: choice.weeks,
    until: choice.until,
    lastClosed,
    weekChoices: choices,
    current: withActivity(cur),
    previous: withActivity(prev),
    trust: comparePeriods(prev.tallies, cur.tallies),
    dashboard,
    highlight: { from: cur.from, to: cur.to },
    comments: { why: comments.why, help: comments.help, appreciation: comments.appreciation, survey: comments.survey },
    openItems,
    checklist: currentChecklist(team.id).map((q) => ({ key: q.key, text: q.text, answer: q.answer })),
  };
}
