/** What the reminder pages show: a team's sends and a person's own recent reminders. */
import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import type { ReminderChannel } from "~/models/reminders.server";
import { reminderSends, type ReminderKind } from "#db/schema";
import { describeSubject } from "~/domain/reminders";

// ---------------------------------------------------------------- history pages

const DAY_MS = 86_400_000;

export type PersonalHistoryRow = {
  what: string;
  channel: ReminderChannel;
  sent: number;
  failed: number;
  pending: number;
  lastAt: string;
};
export type WebhookHistoryRow = { what: string; status: string; attempts: number; error: string | null; at: string };

/**
 * The team's reminder history for leads. Messages to people are COUNTS per
 * subject and channel — never who — because who was reminded is who had not answered.
 */
export function teamReminderHistory(teamId: number, now = new Date(), days = 90) {
  const since = new Date(now.getTime() - days * DAY_MS);
  const db = getDb();
  const grouped = db
    .select({
      kind: reminderSends.kind,
      subjectKey: reminderSends.subjectKey,
      channel: reminderSends.channel,
      sent: sql<number>`sum(case when ${reminderSends.status} = 'sent' then 1 else 0 end)`,
      failed: sql<number>`sum(case when ${reminderSends.status} = 'failed' then 1 else 0 end)`,
      pending: sql<number>`sum(case when ${reminderSends.status} = 'sending' then 1 else 0 end)`,
      lastAt: sql<number>`max(${reminderSends.createdAt})`,
    })
    .from(reminderSends)
    .where(
      and(
        eq(reminderSends.teamId, teamId),
        gte(reminderSends.createdAt, since),
        inArray(reminderSends.channel, ["email", "app"]),
      ),
    )
    .groupBy(reminderSends.kind, reminderSends.subjectKey, reminderSends.channel)
    .orderBy(desc(sql`max(${reminderSends.createdAt})`))
    .limit(200)
    .all();
  const personal: PersonalHistoryRow[] = grouped.map((g) => ({
    what: describeSubject(g.kind, g.subjectKey),
    channel: g.channel,
    sent: Number(g.sent),
    failed: Number(g.failed),
    pending: Number(g.pending),
    lastAt: new Date(Number(g.lastAt)).toISOString(),
  }));
  const webhook: WebhookHistoryRow[] = db
    .select()
    .from(reminderSends)
    .where(
      and(eq(reminderSends.teamId, teamId), gte(reminderSends.createdAt, since), eq(reminderSends.channel, "webhook")),
    )
    .orderBy(desc(reminderSends.createdAt))
    .limit(100)
    .all()
    .map((r) => ({
      what: describeSubject(r.kind, r.subjectKey),
      status: r.status,
      attempts: r.attempts,
      error: r.error,
      at: (r.sentAt ?? r.createdAt).toISOString(),
    }));
  return { personal, webhook };
}

export type MyReminder = {
  id: number;
  kind: ReminderKind;
  what: string;
  teamId: number;
  channel: ReminderChannel;
  status: string;
  at: string;
};

/**
 * The person's own reminders of the last weeks in their teams: what the app shows
 * when there is no email. Filtered by team first so the (team, created) index serves it.
 */
export function myRecentReminders(
  userId: number,
  teamIds: readonly number[],
  now = new Date(),
  days = 30,
): MyReminder[] {
  if (teamIds.length === 0) return [];
  return getDb()
    .select()
    .from(reminderSends)
    .where(
      and(
        inArray(reminderSends.teamId, [...teamIds]),
        gte(reminderSends.createdAt, new Date(now.getTime() - days * DAY_MS)),
        eq(reminderSends.recipientKey, `user:${userId}`),
      ),
    )
    .orderBy(desc(reminderSends.createdAt))
    .limit(30)
    .all()
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      what: describeSubject(r.kind, r.subjectKey),
      teamId: r.teamId,
      channel: r.channel,
      status: r.status,
      at: r.createdAt.toISOString(),
    }));
}
