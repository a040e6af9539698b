import type { TeamDashboard } from "~/domain/dashboard";
import { weeklyCycleAt, type CycleWindow } from "~/domain/cycles";
import { incidentMetrics, type ActionItemMetrics, type IncidentMetrics } from "~/domain/incident-metrics";
import { calendarDayIn } from "~/domain/calendar-day";
import { type ActionSource, type ActionStatus, type ChecklistKey } from "~/domain/incidents";
import { comparePeriods, type GroupTally, type PeriodComparison } from "~/domain/rollup";
import { previousWeekKey, weeksEndingWith } from "~/domain/timeline";
import { actionItemSummary } from "~/domain/bucket-activity";
import { actionItemSeries, listActionItems } from "./action-items.server";
import { currentChecklist } from "./checklist.server";
import { loadTeamDashboard } from "./dashboard.server";
import { incidentSeries } from "./incidents.server";
import { groupComments, type CommentGroup } from "~/domain/comments";
import type { DipAlert } from "~/domain/dips";
import { followUpsFor, type FollowUp } from "./comment-follow-ups.server";
import { dipAcknowledgementsOf, dipKey, type DipAcknowledgement } from "./dip-acknowledgements.server";
import { COMMENT_KINDS, releasedCommentEntries, type CommentKind } from "./results.server";
import { loadReview, type ReviewData } from "./review.server";
import type { Team } from "./teams.server";
import { voteCounts } from "./votes.server";

/**
 * The retro view: a chosen run of weeks against the same number of weeks before
 * it. Everything numeric comes from released weeks only; comments come from
 * results.releasedCommentEntries (released cycles, each kind shuffled on its own), then
 * near-identical ones are grouped. The meeting mode (teams_.$slug.retro.present) draws
 * this same view one step at a time.
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
  comments: Record<CommentKind, RetroComment[]>;
  dipAlerts: RetroDip[];
  openItems: RetroItem[];
  /** Agreed in this retro: created since its period ended. */
  newItems: Pick<RetroItem, "id" | "title" | "ownerName" | "dueDate" | "status">[];
  review: ReviewData;
  /** Dot votes of this retro's round (its last week), per comment key. */
  votes: Record<string, number>;
  checklist: { key: ChecklistKey; text: string; answer: boolean | null }[];
};

/** A group of near-identical released comments and what the team did with it. */
export type RetroComment = CommentGroup & { followUp: FollowUp | null };
export type RetroDip = Pick<DipAlert, "kind" | "periodKey" | "message"> & {
  key: string;
  acknowledged: DipAcknowledgement | null;
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
  const day = (d: Date) => calendarDayIn(d, team.timeZone);
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
      actions: actionItemSummary(items, period, team.timeZone, now),
    };
  };

  const allItems = listActionItems(team.id);
  const sources = new Map(allItems.map((i) => [i.id, i.source]));
  const entries = releasedCommentEntries(team, new Date(cur.from), new Date(cur.to), now);
  const followUps = followUpsFor(
    team.id,
    COMMENT_KINDS.flatMap((k) => entries[k].map((c) => c.key)),
  );
  const comments = Object.fromEntries(
    COMMENT_KINDS.map((kind) => [
      kind,
      groupComments(entries[kind]).map((g) => ({
        ...g,
        followUp: g.keys.map((k) => followUps.get(k)).find(Boolean) ?? null,
      })),
    ]),
  ) as Record<CommentKind, RetroComment[]>;
  const acks = dipAcknowledgementsOf(team.id);
  const dipAlerts = dashboard.dips
    // This period's weekly dips; quarterly dips of the quarters the retro's charts show.
    .filter((a) => a.kind === "quarterly" || (a.periodKey >= cur.firstKey && a.periodKey <= cur.lastKey))
    .map((a) => ({
      kind: a.kind,
      periodKey: a.periodKey,
      message: a.message,
      key: dipKey(a),
      acknowledged: acks.get(dipKey(a)) ?? null,
    }));
  // The same data as the two-weekly review screen.
  const review = loadReview(team, now);
  const openItems: RetroItem[] = review.owners.flatMap((o) =>
    o.open.map((item) => ({ ...item, source: sources.get(item.id) ?? "retro" })),
  );
  const newItems = allItems
    .filter((i) => i.createdAt.getTime() >= cur.to)
    .map((i) => ({ id: i.id, title: i.title, ownerName: i.ownerName, dueDate: i.dueDate, status: i.status }));

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
    comments,
    dipAlerts,
    openItems,
    newItems,
    review,
    votes: voteCounts(team.id, choice.until),
    checklist: currentChecklist(team.id).map((q) => ({ key: q.key, text: q.text, answer: q.answer })),
  };
}
