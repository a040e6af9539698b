import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import { getDb, prepared } from "#db/client.server";
import { memberships, teams, users, type Role } from "#db/schema";
import { effectiveThreshold, MIN_THRESHOLD } from "~/domain/threshold";

export type Team = typeof teams.$inferSelect;
export type Membership = { role: Role; joinedAt: Date };
export type TeamMember = { userId: number; displayName: string; email: string; role: Role; joinedAt: Date };

const active = isNull(memberships.leftAt);

export function getTeamBySlug(slug: string): Team | undefined {
  return prepared("getTeamBySlug", (db) =>
    db
      .select()
      .from(teams)
      .where(eq(teams.slug, sql.placeholder("slug")))
      .prepare(),
  ).get({ slug });
}

export function getTeamById(id: number): Team | undefined {
  return getDb().select().from(teams).where(eq(teams.id, id)).get();
}

export function listAllTeams(): Team[] {
  return getDb().select().from(teams).orderBy(asc(teams.name)).all();
}

export function listTeamsForUser(userId: number): Array<Team & { role: Role }> {
  return getDb()
    .select({ team: teams, role: memberships.role })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(and(eq(memberships.userId, userId), active))
    .orderBy(asc(teams.name))
    .all()
    .map((r) => ({ ...r.team, role: r.role }));
}

export function getMembership(teamId: number, userId: number): Membership | undefined {
  return prepared("getMembership", (db) =>
    db
      .select({ role: memberships.role, joinedAt: memberships.joinedAt })
      .from(memberships)
      .where(
        and(
          eq(memberships.teamId, sql.placeholder("teamId")),
          eq(memberships.userId, sql.placeholder("userId")),
          active,
        ),
      )
      .prepare(),
  ).get({ teamId, userId });
}

/** The team's members as a select offers them (an owner, a person to assign). */
export function memberChoices(teamId: number): { userId: number; displayName: string }[] {
  return listMembers(teamId).map((m) => ({ userId: m.userId, displayName: m.displayName }));
}

export function listMembers(teamId: number): TeamMember[] {
  return getDb()
    .select({
      userId: users.id,
      displayName: users.displayName,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.joinedAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.teamId, teamId), active))
    .orderBy(asc(users.displayName))
    .all();
}

export function countActiveMembers(teamId: number): number {
  const [row] = getDb()
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), active))
    .all();
  return row?.n ?? 0;
}

export function createTeam(input: {
  name: string;
  slug: string;
  timeZone: string;
  threshold?: number;
  isDemo?: boolean;
}): Team {
  return getDb()
    .insert(teams)
    .values({
      name: input.name.trim(),
      slug: input.slug,
      timeZone: input.timeZone,
      threshold: effectiveThreshold(input.threshold ?? MIN_THRESHOLD),
      isDemo: input.isDemo ?? false,
    })
    .returning()
    .get();
}

export function updateTeamSettings(
  teamId: number,
  input: { name: string; timeZone: string; threshold: number; surveyWindowDays: number },
) {
  getDb().update(teams).set(input).where(eq(teams.id, teamId)).run();
}

/** Adds a person, or brings back someone who left. */
export function addMember(teamId: number, userId: number, role: Role, now = new Date()) {
  getDb()
    .insert(memberships)
    .values({ teamId, userId, role, joinedAt: now })
    .onConflictDoUpdate({
      target: [memberships.teamId, memberships.userId],
      set: { role, joinedAt: now, leftAt: null },
    })
    .run();
}

export function setMemberRole(teamId: number, userId: number, role: Role) {
  getDb()
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId), active))
    .run();
}

/** Leaving keeps the row (with left_at) so historical member counts stay right; answers are untouched. */
export function removeMember(teamId: number, userId: number, now = new Date()) {
  getDb()
    .update(memberships)
    .set({ leftAt: now })
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId), active))
    .run();
}

export function countLeads(teamId: number): number {
  const [row] = getDb()
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.role, "lead"), active))
    .all();
  return row?.n ?? 0;
}
