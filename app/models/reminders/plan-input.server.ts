import { calendarDayIn } from "~/domain/calendar-day";
import { findCycle } from "~/models/cycles.server";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { actionItems, participations } from "#db/schema";
import { quarterlyCycleAt, weeklyCycleAt, type CycleWindow } from "~/domain/cycles";
import { cycleSubject, type PlanInput, type RitualState } from "~/domain/reminders";
import { openSentTimes } from "~/models/reminders.server";
import { optedOutKinds } from "~/models/reminders/settings.server";
import { listMembers, type Team } from "~/models/teams.server";
import { recentDipAlerts } from "./dips.server";
import type { MessageContext, MessageItem } from "./messages";

/** Everything the planner and the messages need about one team at one instant, read without writing. */
export type TeamSnapshot = {
  input: PlanInput;
  emails: ReadonlyMap<number, string>;
  context: Omit<MessageContext, "appUrl">;
};

/** Who took part in a cycle: ids only, used to leave them out, never shown or sent anywhere. */
function participantIds(cycleId: number | undefined): Set<number> {
  if (cycleId === undefined) return new Set();
  return new Set(
    getDb()
      .select({ userId: participations.userId })
      .from(participations)
      .where(eq(participations.cycleId, cycleId))
      .all()
      .map((r) => r.userId),
  );
}

function ritualState(team: Team, window: CycleWindow): RitualState {
  // Reading must not materialise a cycle; a stored one keeps the window it opened with.
  const cycle = findCycle(team.id, window.kind, window.periodKey);
  const kind = window.kind === "weekly" ? "weekly_open" : "survey_open";
  return {
    periodKey: window.periodKey,
    opensAt: cycle?.opensAt ?? window.opensAt,
    closesAt: cycle?.closesAt ?? window.closesAt,
    answered: participantIds(cycle?.id),
    openSentAt: openSentTimes(kind, cycleSubject(team.id, window.kind, window.periodKey)),
  };
}

function activeActionItems(teamId: number): Array<MessageItem & { ownerId: number | null }> {
  return getDb()
    .select({
      id: actionItems.id,
      ownerId: actionItems.ownerId,
      title: actionItems.title,
      dueDate: actionItems.dueDate,
      status: actionItems.status,
    })
    .from(actionItems)
    .where(and(eq(actionItems.teamId, teamId), inArray(actionItems.status, ["open", "in_progress"])))
    .all();
}

export function teamSnapshot(team: Team, now: Date): TeamSnapshot {
  const members = listMembers(team.id);
  const items = activeActionItems(team.id);
  const input: PlanInput = {
    now,
    team: { id: team.id, timeZone: team.timeZone },
    members: members.map((m) => ({ userId: m.userId, role: m.role })),
    weekly: ritualState(team, weeklyCycleAt(now, team.timeZone)),
    survey: ritualState(team, quarterlyCycleAt(now, team.timeZone, team.surveyWindowDays)),
    actionItems: items,
    dipAlerts: members.some((m) => m.role === "lead") || team.webhookUrl ? recentDipAlerts(team, now) : [],
    optedOut: optedOutKinds(members.map((m) => m.userId)),
    hasWebhook: Boolean(team.webhookUrl),
  };
  return {
    input,
    emails: new Map(members.map((m) => [m.userId, m.email])),
    context: {
      team: { name: team.name, slug: team.slug, timeZone: team.timeZone, threshold: team.threshold },
      actionItems: new Map(items.map((i) => [i.id, i])),
      today: calendarDayIn(now, team.timeZone),
    },
  };
}
