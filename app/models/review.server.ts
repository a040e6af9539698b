import { and, desc, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { actionItems, actionReviews } from "#db/schema";
import { addCalendarDays, formatCalendarDate, parseCalendarDate, zonedWallTimeToDate } from "~/domain/wall-time";
import { calendarDayIn } from "~/domain/calendar-day";
import { isOverdue } from "~/domain/action-status";
import { type ActionStatus } from "~/domain/incidents";
import { actionItemSummary } from "~/domain/bucket-activity";
import { actionItemSeries, listActionItems, setActionItemStatus } from "./action-items.server";
import type { Team } from "./teams.server";

/**
 * The two-weekly action-item review (/teams/:slug/review) and the retro's actions step:
 * open, overdue and recently done items grouped by owner, and the reviews held.
 */

const REVIEW_INTERVAL_DAYS = 14;
/** "Recently done" = done within this many days. */
const RECENT_DAYS = 14;

export type ReviewItem = {
  id: number;
  title: string;
  ownerId: number | null;
  ownerName: string | null;
  dueDate: string;
  status: ActionStatus;
  overdue: boolean;
  completedOn: string | null;
};

export type ReviewOwner = { ownerName: string; open: ReviewItem[]; done: ReviewItem[] };
export type HeldReview = { heldOn: string; due: number; doneOnTime: number; rate: number | null };

export type ReviewData = {
  today: string;
  owners: ReviewOwner[];
  counts: { open: number; overdue: number; recentlyDone: number };
  reviews: HeldReview[];
  /** Done on time ÷ due, over the reviews listed. */
  completionRate: number | null;
  nextReviewDue: string | null;
};

export function loadReview(team: Pick<Team, "id" | "timeZone">, now = new Date()): ReviewData {
  const today = calendarDayIn(now, team.timeZone);
  const recentFrom = now.getTime() - RECENT_DAYS * 86_400_000;
  const items: ReviewItem[] = listActionItems(team.id)
    .filter(
      (i) =>
        i.status === "open" ||
        i.status === "in_progress" ||
        (i.status === "done" && i.completedAt !== null && i.completedAt.getTime() >= recentFrom),
    )
    .map((i) => ({
      id: i.id,
      title: i.title,
      ownerId: i.ownerId,
      ownerName: i.ownerName,
      dueDate: i.dueDate,
      status: i.status,
      overdue: isOverdue(i, today),
      completedOn: i.completedAt ? calendarDayIn(i.completedAt, team.timeZone) : null,
    }));
  const byOwner = new Map<string, ReviewOwner>();
  for (const item of items) {
    const name = item.ownerName ?? "No owner";
    const entry = byOwner.get(name) ?? { ownerName: name, open: [], done: [] };
    (item.status === "done" ? entry.done : entry.open).push(item);
    byOwner.set(name, entry);
  }
  for (const entry of byOwner.values())
    entry.open.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueDate.localeCompare(b.dueDate));
  const reviews = heldReviews(team.id);
  const due = reviews.reduce((n, r) => n + r.due, 0);
  const last = reviews[0];
  return {
    today,
    owners: [...byOwner.values()].sort((a, b) => a.ownerName.localeCompare(b.ownerName)),
    counts: {
      open: items.filter((i) => i.status !== "done").length,
      overdue: items.filter((i) => i.overdue).length,
      recentlyDone: items.filter((i) => i.status === "done").length,
    },
    reviews,
    completionRate: due === 0 ? null : reviews.reduce((n, r) => n + r.doneOnTime, 0) / due,
    nextReviewDue: last
      ? formatCalendarDate(addCalendarDays(parseCalendarDate(last.heldOn)!, REVIEW_INTERVAL_DAYS))
      : null,
  };
}

function heldReviews(teamId: number, limit = 6): HeldReview[] {
  return getDb()
    .select()
    .from(actionReviews)
    .where(eq(actionReviews.teamId, teamId))
    .orderBy(desc(actionReviews.heldOn), desc(actionReviews.id))
    .limit(limit)
    .all()
    .map((r) => ({
      heldOn: r.heldOn,
      due: r.dueCount,
      doneOnTime: r.doneOnTimeCount,
      rate: r.dueCount === 0 ? null : r.doneOnTimeCount / r.dueCount,
    }));
}

/**
 * Records "review held" on a day, with the follow-through since the previous review (or the
 * two weeks before): items due in that span and how many were done on or before their due day.
 */
export function recordReview(team: Pick<Team, "id" | "timeZone">, heldOn: string, now = new Date()): HeldReview {
  const previous = getDb()
    .select({ heldOn: actionReviews.heldOn })
    .from(actionReviews)
    .where(and(eq(actionReviews.teamId, team.id)))
    .orderBy(desc(actionReviews.heldOn))
    .all()
    .find((r) => r.heldOn < heldOn);
  const held = parseCalendarDate(heldOn)!;
  const fromDay = previous ? addCalendarDays(parseCalendarDate(previous.heldOn)!, 1) : addCalendarDays(held, -13);
  const from = zonedWallTimeToDate(fromDay, team.timeZone);
  const to = zonedWallTimeToDate(addCalendarDays(held, 1), team.timeZone);
  const metrics = actionItemSummary(actionItemSeries(team.id, from, to), { from, to }, team.timeZone);
  getDb()
    .insert(actionReviews)
    .values({ teamId: team.id, heldOn, dueCount: metrics.due, doneOnTimeCount: metrics.doneOnTime, createdAt: now })
    .run();
  return {
    heldOn,
    due: metrics.due,
    doneOnTime: metrics.doneOnTime,
    rate: metrics.due === 0 ? null : metrics.doneOnTime / metrics.due,
  };
}

/** The review's inline change: status and due day of one of the team's items. False when there is no such item. */
export function changeStatusAndDue(
  teamId: number,
  id: number,
  change: { status: ActionStatus; dueDate: string },
  now = new Date(),
): boolean {
  const item = setActionItemStatus(teamId, id, change.status, now);
  if (!item) return false;
  if (item.dueDate !== change.dueDate)
    getDb()
      .update(actionItems)
      .set({ dueDate: change.dueDate, updatedAt: now })
      .where(and(eq(actionItems.teamId, teamId), eq(actionItems.id, id)))
      .run();
  return true;
}
