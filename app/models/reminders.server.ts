import { and, eq, inArray, lt } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { reminderSends } from "#db/schema";
import { recipientKey, type PlannedReminder } from "~/domain/reminders";

/**
 * The send log. It is what makes a reminder go out once: a row is claimed (status "sending")
 * before anything is sent, inside an IMMEDIATE transaction so a second process waits and then
 * sees the claim. Settings are in reminders/settings.server.ts, the history pages in
 * reminders/history.server.ts.
 */

export type ReminderChannel = "email" | "webhook" | "app";
export type ClaimedSend = { id: number; planned: PlannedReminder; channel: ReminderChannel };

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
