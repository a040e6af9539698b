import { and, eq, gt, isNull } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { memberships, passwordResets, sessions, users } from "#db/schema";
import { hashPassword, randomToken, sha256 } from "~/utils/password.server";

/**
 * Issues a one-time reset link for `userId` and returns the raw token once (only its sha256
 * is stored). Earlier unused links of that person stop working.
 */
export function issuePasswordReset(userId: number, issuedBy: number | null, lifetimeMs: number, now = new Date()) {
  const token = randomToken(32);
  getDb().transaction((tx) => {
    tx.delete(passwordResets)
      .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)))
      .run();
    tx.insert(passwordResets)
      .values({
        tokenHash: sha256(token),
        userId,
        issuedBy,
        createdAt: now,
        expiresAt: new Date(now.getTime() + lifetimeMs),
      })
      .run();
  });
  return token;
}

export type ResetState = { state: "valid"; email: string } | { state: "used" | "expired" | "unknown" };

export function lookupPasswordReset(token: string, now = new Date()): ResetState {
  const row = getDb()
    .select({ usedAt: passwordResets.usedAt, expiresAt: passwordResets.expiresAt, email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, sha256(token)))
    .get();
  if (!row) return { state: "unknown" };
  if (row.usedAt) return { state: "used" };
  if (row.expiresAt.getTime() <= now.getTime()) return { state: "expired" };
  return { state: "valid", email: row.email };
}

/**
 * Uses a reset link: in one transaction claims it (only if unused and unexpired, so a
 * double submit cannot use it twice), sets the new password and ends every session.
 */
export async function completePasswordReset(
  token: string,
  password: string,
  now = new Date(),
): Promise<{ ok: true; userId: number } | { ok: false; reason: "used" | "expired" | "unknown" }> {
  const passwordHash = await hashPassword(password);
  return getDb().transaction((tx) => {
    const row = tx
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.tokenHash, sha256(token)))
      .get();
    if (!row) return { ok: false as const, reason: "unknown" as const };
    if (row.usedAt) return { ok: false as const, reason: "used" as const };
    if (row.expiresAt.getTime() <= now.getTime()) return { ok: false as const, reason: "expired" as const };
    const claimed = tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.id, row.id), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
      .run();
    if (claimed.changes !== 1) return { ok: false as const, reason: "used" as const };
    tx.update(users).set({ passwordHash }).where(eq(users.id, row.userId)).run();
    tx.delete(sessions).where(eq(sessions.userId, row.userId)).run();
    return { ok: true as const, userId: row.userId };
  });
}

/** Sets a new password and ends every session of the person (the caller signs this browser in again). */
export async function changePassword(userId: number, password: string) {
  const passwordHash = await hashPassword(password);
  getDb().transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
    tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    tx.delete(passwordResets)
      .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)))
      .run();
  });
}

/**
 * Whether `actor` may issue a reset link for `targetId`. Admins may for anyone. A lead may
 * for a non-admin whose every current team is one the lead leads: otherwise the link
 * (which the lead sees) would open teams the lead has no say in.
 */
export function mayIssueReset(
  actor: { id: number; isAdmin: boolean },
  targetId: number,
): { ok: true } | { ok: false; message: string } {
  if (actor.id === targetId) return { ok: false, message: "Change your own password on your account page (/me)." };
  const db = getDb();
  const target = db.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, targetId)).get();
  if (!target) return { ok: false, message: "That person has no account." };
  if (actor.isAdmin) return { ok: true };
  if (target.isAdmin) return { ok: false, message: "Only an administrator can reset an administrator's password." };
  const theirs = db
    .select({ teamId: memberships.teamId })
    .from(memberships)
    .where(and(eq(memberships.userId, targetId), isNull(memberships.leftAt)))
    .all();
  const led = new Set(
    db
      .select({ teamId: memberships.teamId })
      .from(memberships)
      .where(and(eq(memberships.userId, actor.id), eq(memberships.role, "lead"), isNull(memberships.leftAt)))
      .all()
      .map((r) => r.teamId),
  );
  if (theirs.length === 0 || theirs.some((m) => !led.has(m.teamId)))
    return {
      ok: false,
      message: "This person is also on a team you do not lead; ask an administrator for their reset link.",
    };
  return { ok: true };
}
