import crypto from "node:crypto";
import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { REMINDER_KINDS, reminderPrefs, reminderSends, teams, users, type ReminderKind } from "#db/schema";
import { describeSubject, recipientKey, type PlannedReminder } from "~/domain/reminders";

/**
 * The send log and the person's settings. The log is what makes a reminder go
 * out once: a row is claimed (status "sending") before anything is sent, inside
 * an IMMEDIATE transaction so a second process waits and then sees the claim.
 */

export type ReminderChannel = "email" | "webhook" | "app";
export type ClaimedSend = { id: number; planned: PlannedReminder; channel: ReminderChannel };

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------- preferences

/** Every kind with whether it is on for this person (on unless turned off). */
export function getReminderPrefs(userId: number): Record<ReminderKind, boolean> {
  const rows = getDb().select().from(reminderPrefs).where(eq(reminderPrefs.userId, userId)).all();
  const prefs = Object.fromEntries(REMINDER_KINDS.map((k) => [k, true])) as Record<ReminderKind, boolean>;
  for (const row of rows) prefs[row.kind] = row.enabled;
  return prefs;
}

export function setReminderPrefs(userId: number, enabled: ReadonlySet<ReminderKind>) {
  getDb().transaction((tx) => {
    for (const kind of REMINDER_KINDS) {
      tx.insert(reminderPrefs)
        .values({ userId, kind, enabled: enabled.has(kind) })
        .onConflictDoUpdate({ target: [reminderPrefs.userId, reminderPrefs.kind], set: { enabled: enabled.has(kind) } })
        .run();
    }
  });
}

/** The kinds each of these people has turned off. */
export function optedOutKinds(userIds: readonly number[]): Map<number, Set<ReminderKind>> {
  const out = new Map<number, Set<ReminderKind>>();
  if (userIds.length === 0) return out;
  const rows = getDb()
    .select({ userId: reminderPrefs.userId, kind: reminderPrefs.kind })
    .from(reminderPrefs)
    .where(and(inArray(reminderPrefs.userId, [...userIds]), eq(reminderPrefs.enabled, false)))
    .all();
  for (const row of rows) {
    const set = out.get(row.userId) ?? new Set<ReminderKind>();
    set.add(row.kind);
    out.set(row.userId, set);
  }
  return out;
}

// ---------------------------------------------------------------- calendar token

function sha256(text: string) {
  return crypto.createHash("sha256").update(text).digest("hex");
}

/** A new secret for the person's feed; the old URL stops working at once. Only the hash is kept. */
export function rotateCalendarToken(userId: number): string {
  const token = crypto.randomBytes(24).toString("base64url");
  getDb()
    .update(users)
    .set({ calendarTokenHash: sha256(token) })
    .where(eq(users.id, userId))
    .run();
  return token;
}

export function hasCalendarToken(userId: number): boolean {
  const row = getDb().select({ hash: users.calendarTokenHash }).from(users).where(eq(users.id, userId)).get();
  return Boolean(row?.hash);
}

export function revokeCalendarToken(userId: number) {
  getDb().update(users).set({ calendarTokenHash: null }).where(eq(users.id, userId)).run();
}

export function findUserIdByCalendarToken(token: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return getDb()
    .select({ id: users.id })
    .from(users)
    .where(eq(users.calendarTokenHash, sha256(token)))
    .get()?.id;
}

// ---------------------------------------------------------------- team webhook

export function setTeamWebhook(teamId: number, url: string | null) {
  getDb().update(teams).set({ webhookUrl: url }).where(eq(teams.id, teamId)).run();
}

// ---------------------------------------------------------------- send log

/** Which of these (kind, subject, recipient) triples already have a row, on any channel. */
export function alreadyLogged(teamId: number, planned: readonly PlannedReminder[]): Set<string> {
  if (planned.length === 0) return new Set();
  const kinds = [...new Set(planned.map((p) => p.kind))];
  const subjects = [...new Set(planned.map((p) => p.subjectKey))];
  const rows = getDb()
    .select({
      kind: reminderSends.kind,
      subjectKey: reminderSends.subjectKey,
      recipientKey: reminderSends.recipientKey,
    })
    .from(reminderSends)
    .where(
      and(
        eq(reminderSends.teamId, teamId),
        inArray(reminderSends.kind, kinds),
        inArray(reminderSends.subjectKey, subjects),
      ),
    )
    .all();
  return new Set(rows.map((r) => `${r.kind}|${r.subjectKey}|${r.recipientKey}`));
}

export function logKey(p: Pick<PlannedReminder, "kind" | "subjectKey" | "recipient">) {
  return `${p.kind}|${p.subjectKey}|${recipientKey(p.recipient)}`;
}

/**
 * Claims each reminder that no process has claimed yet, in one IMMEDIATE
 * transaction: the write lock is taken before the check, so of two processes
 * the second sees the first one's rows. A person's reminder counts once
 * whichever channel carried it (switching SMTP on mid-week sends nothing twice).
 * Reminders shown in the app are recorded as sent right away.
 */
export function claimSends(
  teamId: number,
  items: ReadonlyArray<{ planned: PlannedReminder; channel: ReminderChannel }>,
  now: Date,
): ClaimedSend[] {
  if (items.length === 0) return [];
  const db = getDb();
  return db.transaction(
    (tx) => {
      const claimed: ClaimedSend[] = [];
      for (const { planned, channel } of items) {
        const recipient = recipientKey(planned.recipient);
        const taken = tx
          .select({ id: reminderSends.id })
          .from(reminderSends)
          .where(
            and(
              eq(reminderSends.kind, planned.kind),
              eq(reminderSends.subjectKey, planned.subjectKey),
              eq(reminderSends.recipientKey, recipient),
            ),
          )
          .get();
        if (taken) continue;
        const inApp = channel === "app";
        const row = tx
          .insert(reminderSends)
          .values({
            kind: planned.kind,
            teamId,
            subjectKey: planned.subjectKey,
            recipientKey: recipient,
            channel,
            status: inApp ? "sent" : "sending",
            attempts: inApp ? 1 : 0,
            createdAt: now,
            sentAt: inApp ? now : null,
          })
          .onConflictDoNothing()
          .returning({ id: reminderSends.id })
          .get();
        if (row) claimed.push({ id: row.id, planned, channel });
      }
      return claimed;
    },
    { behavior: "immediate" },
  );
}

export function recordOutcome(
  id: number,
  outcome: { ok: true; attempts: number } | { ok: false; attempts: number; error: string },
  at: Date,
) {
  getDb()
    .update(reminderSends)
    .set(
      outcome.ok
        ? { status: "sent", attempts: outcome.attempts, sentAt: at, error: null }
        : { status: "failed", attempts: outcome.attempts, error: outcome.error.slice(0, 500) },
    )
    .where(eq(reminderSends.id, id))
    .run();
}

/**
 * A row left in "sending" by a process that stopped mid-send is marked failed,
 * not re-sent: whether the message left is unknown, and twice is worse than once.
 */
export function failInterruptedSends(now: Date, olderThanMs = 15 * 60_000): number {
  return getDb()
    .update(reminderSends)
    .set({ status: "failed", error: "interrupted: the app stopped while sending" })
    .where(and(eq(reminderSends.status, "sending"), lt(reminderSends.createdAt, new Date(now.getTime() - olderThanMs))))
    .run().changes;
}

/** When each person's opening reminder for a ritual was recorded (for the follow-up gap). */
export function openSentTimes(kind: "weekly_open" | "survey_open", subjectKey: string): Map<number, Date> {
  const rows = getDb()
    .select({ recipientKey: reminderSends.recipientKey, createdAt: reminderSends.createdAt })
    .from(reminderSends)
    .where(and(eq(reminderSends.kind, kind), eq(reminderSends.subjectKey, subjectKey)))
    .all();
  const out = new Map<number, Date>();
  for (const r of rows) if (r.recipientKey.startsWith("user:")) out.set(Number(r.recipientKey.slice(5)), r.createdAt);
  return out;
}

// ---------------------------------------------------------------- history pages

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
