import { and, eq, lt, ne, sql } from "drizzle-orm";
import { getDb, prepared } from "#db/client.server";
import { sessions, users } from "#db/schema";
import { randomToken, sha256 } from "~/utils/password.server";
import type { PublicUser } from "./users.server";

/**
 * Server-side sessions. The cookie holds a random id; the table holds its sha256, the
 * user and a fixed expiry. Rows are written only at sign-in, sign-out and password
 * change: there is no "last seen", so the table can never date a ritual answer.
 */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** Creates a session and returns its raw id (shown to the browser only, in the cookie). */
export function createSession(userId: number, now = new Date()): string {
  const id = randomToken(32);
  const db = getDb();
  db.transaction((tx) => {
    // Expired rows of anyone are dropped here, so the table stays small without a sweeper.
    tx.delete(sessions).where(lt(sessions.expiresAt, now)).run();
    tx.insert(sessions)
      .values({ idHash: sha256(id), userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) })
      .run();
  });
  return id;
}

/** The signed-in person for a raw session id, or undefined when the session is unknown or expired. */
export function userForSession(id: string, now = new Date()): PublicUser | undefined {
  return prepared("userForSession", (db) =>
    db
      .select({ id: users.id, email: users.email, displayName: users.displayName, isAdmin: users.isAdmin })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.idHash, sql.placeholder("hash")), sql`${sessions.expiresAt} > ${sql.placeholder("now")}`))
      .prepare(),
  ).get({ hash: sha256(id), now: now.getTime() });
}

export function deleteSession(id: string) {
  getDb()
    .delete(sessions)
    .where(eq(sessions.idHash, sha256(id)))
    .run();
}

/** Ends every session of a person, or every one but `keep` (a raw id). Returns how many ended. */
export function deleteUserSessions(userId: number, keep?: string): number {
  const where = keep
    ? and(eq(sessions.userId, userId), ne(sessions.idHash, sha256(keep)))
    : eq(sessions.userId, userId);
  return getDb().delete(sessions).where(where).run().changes;
}

export function countUserSessions(userId: number, now = new Date()): number {
  return getDb()
    .select({ n: sql<number>`count(*)` })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), sql`${sessions.expiresAt} > ${now.getTime()}`))
    .get()!.n;
}
