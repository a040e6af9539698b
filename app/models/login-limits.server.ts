import { and, eq, gte, lt, count, or } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { loginFailures } from "#db/schema";

export const LOGIN_LIMIT = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

function keys(email: string, client: string | undefined) {
  const list = [`email:${email.trim().toLowerCase()}`];
  if (client) list.push(`client:${client}`);
  return list;
}

/** Minutes until another attempt is allowed, or 0 when not limited. */
export function loginBlockedFor(email: string, client: string | undefined, now = Date.now()): number {
  const db = getDb();
  const since = new Date(now - LOGIN_WINDOW_MS);
  let wait = 0;
  for (const key of keys(email, client)) {
    const rows = db
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(and(eq(loginFailures.key, key), gte(loginFailures.at, since)))
      .orderBy(loginFailures.at)
      .all();
    if (rows.length >= LOGIN_LIMIT) {
      const oldest = rows[rows.length - LOGIN_LIMIT]!.at.getTime();
      wait = Math.max(wait, Math.ceil((oldest + LOGIN_WINDOW_MS - now) / 60000));
    }
  }
  return wait;
}

export function recordLoginFailure(email: string, client: string | undefined, now = Date.now()) {
  const db = getDb();
  db.transaction((tx) => {
    for (const key of keys(email, client)) {
      tx.insert(loginFailures)
        .values({ key, at: new Date(now) })
        .run();
    }
    tx.delete(loginFailures)
      .where(lt(loginFailures.at, new Date(now - LOGIN_WINDOW_MS)))
      .run();
  });
}

export function clearLoginFailures(email: string) {
  getDb()
    .delete(loginFailures)
    .where(or(eq(loginFailures.key, `email:${email.trim().toLowerCase()}`)))
    .run();
}

export function countLoginFailures(key: string): number {
  const [row] = getDb().select({ n: count() }).from(loginFailures).where(eq(loginFailures.key, key)).all();
  return row?.n ?? 0;
}
