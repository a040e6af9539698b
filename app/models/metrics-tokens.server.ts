import crypto from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { metricsTokens, users } from "#db/schema";
import { sha256 } from "./pager.server";

/** Tokens look like thm_<43 base64url characters>; only their sha256 is stored. */
export function createMetricsToken(name: string, createdBy: number | null, now = new Date()) {
  const token = "thm_" + crypto.randomBytes(32).toString("base64url");
  const { id } = getDb()
    .insert(metricsTokens)
    .values({ name, tokenHash: sha256(token), createdBy, createdAt: now })
    .returning({ id: metricsTokens.id })
    .get();
  return { id, token };
}

export function listMetricsTokens() {
  return getDb()
    .select({
      id: metricsTokens.id,
      name: metricsTokens.name,
      createdAt: metricsTokens.createdAt,
      createdByName: users.displayName,
      revokedAt: metricsTokens.revokedAt,
      lastUsedAt: metricsTokens.lastUsedAt,
    })
    .from(metricsTokens)
    .leftJoin(users, eq(users.id, metricsTokens.createdBy))
    .orderBy(desc(metricsTokens.createdAt), desc(metricsTokens.id))
    .all();
}

export function revokeMetricsToken(id: number, now = new Date()): boolean {
  return (
    getDb()
      .update(metricsTokens)
      .set({ revokedAt: now })
      .where(and(eq(metricsTokens.id, id), isNull(metricsTokens.revokedAt)))
      .run().changes > 0
  );
}

/** True for a live token; looked up by hash, and its last use recorded. */
export function authenticateMetricsToken(token: string, now = new Date()): boolean {
  const db = getDb();
  const row = db
    .select({ id: metricsTokens.id, revokedAt: metricsTokens.revokedAt })
    .from(metricsTokens)
    .where(eq(metricsTokens.tokenHash, sha256(token)))
    .get();
  if (!row || row.revokedAt) return false;
  db.update(metricsTokens).set({ lastUsedAt: now }).where(eq(metricsTokens.id, row.id)).run();
  return true;
}
