import crypto from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { apiTokens, users } from "#db/schema";

/** Tokens look like th_<43 base64url characters>; the prefix makes a leaked one easy to recognise. */
const TOKEN_PREFIX = "th_";

export function hashApiToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

export type ApiTokenSummary = {
  id: number;
  name: string;
  createdAt: Date;
  createdByName: string | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

/** Returns the token itself exactly once; only its sha256 is stored. */
export function createApiToken(
  teamId: number,
  name: string,
  createdBy: number | null,
  now = new Date(),
): { id: number; token: string } {
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  const { id } = getDb()
    .insert(apiTokens)
    .values({ teamId, name, tokenHash: hashApiToken(token), createdBy, createdAt: now })
    .returning({ id: apiTokens.id })
    .get();
  return { id, token };
}

export function listApiTokens(teamId: number): ApiTokenSummary[] {
  return getDb()
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      createdByName: users.displayName,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(eq(apiTokens.teamId, teamId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .all();
}

/** True when a live token of this team was revoked now. */
export function revokeApiToken(teamId: number, id: number, now = new Date()): boolean {
  const result = getDb()
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.teamId, teamId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .run();
  return result.changes > 0;
}

/**
 * The team a presented token belongs to, or null when it is unknown or revoked.
 * Looked up by hash, so timing reveals nothing about stored tokens' prefixes.
 */
export function authenticateApiToken(token: string, now = new Date()): { tokenId: number; teamId: number } | null {
  const db = getDb();
  const row = db
    .select({ id: apiTokens.id, teamId: apiTokens.teamId, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashApiToken(token)))
    .get();
  if (!row || row.revokedAt) return null;
  db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  return { tokenId: row.id, teamId: row.teamId };
}
