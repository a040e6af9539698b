/** A person's reminder settings (kinds on or off, the calendar feed's token) and a team's webhook. */
import crypto from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { REMINDER_KINDS, reminderPrefs, teams, users, type ReminderKind } from "#db/schema";

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
