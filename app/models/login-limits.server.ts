import { and, eq, gte, inArray, lt } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { loginFailures } from "#db/schema";

/**
 * Sign-in limits. Every password check first *reserves* an attempt (a row per key) in one
 * IMMEDIATE transaction, before the slow hash runs: a burst of concurrent guesses cannot
 * all be checked, and the reservation counts across server processes sharing the file.
 * A successful check removes its own reservation and the account's failures; a failed
 * one leaves the reservation standing as the recorded failure.
 */
const LOGIN_LIMIT = 5;
/** Per network address: well above the per-account limit, so one person's typos do not lock out an office. */
const ADDRESS_LIMIT = 50;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export type LimitKind = "account" | "address";

export type Reservation = { ok: true; ids: number[] } | { ok: false; kind: LimitKind; minutes: number };

/**
 * This machine itself (the trusted reverse proxy, or a local client) is not one network
 * address for everyone: behind the proxy the client's address comes from X-Forwarded-For.
 * Only the per-account limit applies to requests that still come from loopback.
 */
function isLoopback(address: string): boolean {
  return /^(127\.|::1$|::ffff:127\.)/.test(address);
}

const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const clientKey = (client: string) => `client:${client}`;

/** Reserves one attempt for `email` and `client`, or says which limit is reached and for how long. */
export function reserveLoginAttempt(email: string, client: string | undefined, now = Date.now()): Reservation {
  const limits: Array<{ key: string; kind: LimitKind; limit: number }> = [
    { key: emailKey(email), kind: "account", limit: LOGIN_LIMIT },
  ];
  if (client && !isLoopback(client)) limits.push({ key: clientKey(client), kind: "address", limit: ADDRESS_LIMIT });
  return reserve(limits, now);
}

/** Other throttled actions (e.g. "Forgot password" per address) use the same table and rule. */
export function reserveAction(key: string, limit: number, now = Date.now()): Reservation {
  return reserve([{ key, kind: "address", limit }], now);
}

function reserve(limits: Array<{ key: string; kind: LimitKind; limit: number }>, now: number): Reservation {
  const since = new Date(now - LOGIN_WINDOW_MS);
  return getDb().transaction(
    (tx) => {
      tx.delete(loginFailures).where(lt(loginFailures.at, since)).run();
      for (const { key, kind, limit } of limits) {
        const rows = tx
          .select({ at: loginFailures.at })
          .from(loginFailures)
          .where(and(eq(loginFailures.key, key), gte(loginFailures.at, since)))
          .orderBy(loginFailures.at)
          .all();
        if (rows.length >= limit) {
          const oldest = rows[rows.length - limit]!.at.getTime();
          return {
            ok: false as const,
            kind,
            minutes: Math.max(1, Math.ceil((oldest + LOGIN_WINDOW_MS - now) / 60000)),
          };
        }
      }
      const ids = limits.map(
        ({ key }) =>
          tx
            .insert(loginFailures)
            .values({ key, at: new Date(now) })
            .returning({ id: loginFailures.id })
            .get().id,
      );
      return { ok: true as const, ids };
    },
    { behavior: "immediate" },
  );
}

/** After a correct password: drop this attempt's reservation and the account's past failures. */
export function loginSucceeded(email: string, reservation: number[]) {
  getDb().transaction((tx) => {
    if (reservation.length) tx.delete(loginFailures).where(inArray(loginFailures.id, reservation)).run();
    tx.delete(loginFailures)
      .where(eq(loginFailures.key, emailKey(email)))
      .run();
  });
}

/** The message for a refused attempt: which limit applies, and for how long. */
export function limitMessage(kind: LimitKind, minutes: number): string {
  const wait = `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  return kind === "account"
    ? `Too many failed sign-in attempts. ${wait} This limit is for this account (${LOGIN_LIMIT} failures in ${LOGIN_WINDOW_MS / 60000} minutes); a lead or an administrator can give you a password reset link.`
    : `Too many failed sign-in attempts. ${wait} This limit is for your network address (${ADDRESS_LIMIT} failures in ${LOGIN_WINDOW_MS / 60000} minutes from one address).`;
}
