import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { invites, memberships, teams, users, type Role } from "#db/schema";
import { hashPassword, randomToken, sha256 } from "~/utils/password.server";
import { normaliseEmail } from "./users.server";

const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Returns the raw token once; only its hash is stored. */
export function createInvite(
  input: { teamId: number; email: string; role: Role; invitedBy: number },
  now = new Date(),
) {
  const token = randomToken(24);
  getDb()
    .insert(invites)
    .values({
      tokenHash: sha256(token),
      teamId: input.teamId,
      email: normaliseEmail(input.email),
      role: input.role,
      invitedBy: input.invitedBy,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITE_LIFETIME_MS),
    })
    .run();
  return token;
}

export type InviteState =
  | {
      state: "valid";
      inviteId: number;
      email: string;
      role: Role;
      teamName: string;
      teamSlug: string;
      teamId: number;
      existingUserId: number | null;
    }
  | { state: "used" | "expired" | "unknown" };

export function lookupInvite(token: string, now = new Date()): InviteState {
  const db = getDb();
  const row = db
    .select({ invite: invites, teamName: teams.name, teamSlug: teams.slug })
    .from(invites)
    .innerJoin(teams, eq(teams.id, invites.teamId))
    .where(eq(invites.tokenHash, sha256(token)))
    .get();
  if (!row || row.invite.revokedAt) return { state: "unknown" };
  if (row.invite.acceptedAt) return { state: "used" };
  if (row.invite.expiresAt.getTime() <= now.getTime()) return { state: "expired" };
  const existing = db.select({ id: users.id }).from(users).where(eq(users.email, row.invite.email)).get();
  return {
    state: "valid",
    inviteId: row.invite.id,
    email: row.invite.email,
    role: row.invite.role,
    teamName: row.teamName,
    teamSlug: row.teamSlug,
    teamId: row.invite.teamId,
    existingUserId: existing?.id ?? null,
  };
}

/**
 * Accepts an invite in one transaction: marks it used (only if still unused and
 * unexpired, so a double submit cannot use it twice) and creates or links the user.
 */
export async function acceptInvite(
  token: string,
  input: { displayName: string; password: string } | { existingUserId: number },
  now = new Date(),
): Promise<{ ok: true; userId: number; teamSlug: string } | { ok: false; reason: "used" | "expired" | "unknown" }> {
  const passwordHash = "password" in input ? await hashPassword(input.password) : null;
  const db = getDb();
  return db.transaction((tx) => {
    const invite = tx
      .select()
      .from(invites)
      .where(eq(invites.tokenHash, sha256(token)))
      .get();
    if (!invite || invite.revokedAt) return { ok: false as const, reason: "unknown" as const };
    if (invite.acceptedAt) return { ok: false as const, reason: "used" as const };
    if (invite.expiresAt.getTime() <= now.getTime()) return { ok: false as const, reason: "expired" as const };
    const claimed = tx
      .update(invites)
      .set({ acceptedAt: now })
      .where(and(eq(invites.id, invite.id), isNull(invites.acceptedAt)))
      .run();
    if (claimed.changes !== 1) return { ok: false as const, reason: "used" as const };
    let userId: number;
    if ("existingUserId" in input) {
      userId = input.existingUserId;
    } else {
      const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, invite.email)).get();
      if (existing) return { ok: false as const, reason: "used" as const };
      userId = tx
        .insert(users)
        .values({ email: invite.email, displayName: input.displayName.trim(), passwordHash: passwordHash! })
        .returning({ id: users.id })
        .get().id;
    }
    tx.insert(memberships)
      .values({ teamId: invite.teamId, userId, role: invite.role, joinedAt: now })
      .onConflictDoUpdate({
        target: [memberships.teamId, memberships.userId],
        set: { role: invite.role, joinedAt: now, leftAt: null },
      })
      .run();
    const team = tx.select({ slug: teams.slug }).from(teams).where(eq(teams.id, invite.teamId)).get()!;
    return { ok: true as const, userId, teamSlug: team.slug };
  });
}

export function listPendingInvites(teamId: number, now = new Date()) {
  return getDb()
    .select({
      id: invites.id,
      email: invites.email,
      role: invites.role,
      expiresAt: invites.expiresAt,
      createdAt: invites.createdAt,
    })
    .from(invites)
    .where(
      and(
        eq(invites.teamId, teamId),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, now),
      ),
    )
    .orderBy(desc(invites.createdAt))
    .all();
}

export function revokeInvite(teamId: number, inviteId: number, now = new Date()) {
  getDb()
    .update(invites)
    .set({ revokedAt: now })
    .where(and(eq(invites.id, inviteId), eq(invites.teamId, teamId), isNull(invites.acceptedAt)))
    .run();
}

/**
 * Revokes the pending invites a person created for a team (when a lead is removed or
 * made a member, the links they handed out stop working). Returns how many.
 */
export function revokeInvitesBy(teamId: number, invitedBy: number, now = new Date()): number {
  return getDb()
    .update(invites)
    .set({ revokedAt: now })
    .where(
      and(
        eq(invites.teamId, teamId),
        eq(invites.invitedBy, invitedBy),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
      ),
    )
    .run().changes;
}
