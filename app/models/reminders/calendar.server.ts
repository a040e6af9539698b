import { calendarDayIn } from "~/domain/calendar-day";
import { findCycle } from "~/models/cycles.server";
import ical from "ical-generator";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { actionItems } from "#db/schema";
import { quarterlyCyclesBetween, weeklyCyclesBetween } from "~/domain/cycles";
import { isReviewWeek, localAt, REVIEW_HOUR, SEND_HOUR } from "~/domain/reminders";
import { listTeamsForUser } from "~/models/teams.server";

/**
 * A person's iCalendar feed: their teams' rituals and the action items they
 * own. Times are UTC instants computed on each team's clock (so DST is right
 * without shipping VTIMEZONE blocks); whole-day things are all-day events.
 * Only dates and titles — nothing about anyone's answers.
 */

const DAY_MS = 86_400_000;
const PAST_DAYS = 28;
const FUTURE_DAYS = 183;
const MINUTE = 60_000;

function allDay(isoDate: string) {
  // ical-generator writes an all-day date from the Date's UTC calendar day.
  return new Date(`${isoDate}T00:00:00Z`);
}

function ownedActiveItems(userId: number, teamIds: number[]) {
  if (teamIds.length === 0) return [];
  return getDb()
    .select({ id: actionItems.id, teamId: actionItems.teamId, title: actionItems.title, dueDate: actionItems.dueDate })
    .from(actionItems)
    .where(
      and(
        eq(actionItems.ownerId, userId),
        inArray(actionItems.teamId, teamIds),
        inArray(actionItems.status, ["open", "in_progress"]),
      ),
    )
    .all();
}

export function calendarFeed(userId: number, origin: string, now = new Date()): string {
  const from = new Date(now.getTime() - PAST_DAYS * DAY_MS);
  const to = new Date(now.getTime() + FUTURE_DAYS * DAY_MS);
  const calendar = ical({
    name: "Trust Health",
    prodId: { company: "Trust Health", product: "rituals", language: "EN" },
    ttl: 3600,
  });
  const teams = listTeamsForUser(userId);
  for (const team of teams) {
    const base = `${origin}/teams/${team.slug}`;
    for (const week of weeklyCyclesBetween(from, to, team.timeZone)) {
      const start = localAt(week.opensAt, team.timeZone, 0, SEND_HOUR);
      calendar.createEvent({
        id: `weekly-${team.id}-${week.periodKey}@trust-health`,
        start,
        end: new Date(start.getTime() + 15 * MINUTE),
        summary: `Weekly trust check — ${team.name}`,
        description: `${week.label}. Open until the end of Sunday; it takes under a minute.\n${base}/check-in`,
        url: `${base}/check-in`,
      });
      const monday = calendarDayIn(week.opensAt, team.timeZone);
      if (isReviewWeek(monday)) {
        const review = localAt(week.opensAt, team.timeZone, 0, REVIEW_HOUR);
        calendar.createEvent({
          id: `review-${team.id}-${monday}@trust-health`,
          start: review,
          end: new Date(review.getTime() + 30 * MINUTE),
          summary: `Action-item review — ${team.name}`,
          description: `Two-weekly review of open and overdue action items.\n${base}/review`,
          url: `${base}/review`,
        });
      }
    }
    for (const window of quarterlyCyclesBetween(from, to, team.timeZone, team.surveyWindowDays)) {
      // A survey that has opened keeps the window it opened with.
      const stored = findCycle(team.id, "quarterly", window.periodKey);
      const opensAt = stored?.opensAt ?? window.opensAt;
      const closesAt = stored?.closesAt ?? window.closesAt;
      calendar.createEvent({
        id: `survey-${team.id}-${window.periodKey}@trust-health`,
        allDay: true,
        start: allDay(calendarDayIn(opensAt, team.timeZone)),
        end: allDay(calendarDayIn(closesAt, team.timeZone)),
        summary: `Quarterly trust survey — ${team.name}`,
        description: `${window.label}. A few minutes; answers are never stored with your name.\n${base}/survey`,
        url: `${base}/survey`,
      });
    }
  }
  const byId = new Map(teams.map((t) => [t.id, t]));
  for (const item of ownedActiveItems(userId, [...byId.keys()])) {
    const team = byId.get(item.teamId)!;
    const url = `${origin}/teams/${team.slug}/action-items/${item.id}`;
    calendar.createEvent({
      id: `action-${item.id}@trust-health`,
      allDay: true,
      start: allDay(item.dueDate),
      end: allDay(new Date(Date.parse(`${item.dueDate}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)),
      summary: `Due: ${item.title} (${team.name})`,
      description: `An action item you own.\n${url}`,
      url,
    });
  }
  return calendar.toString();
}
