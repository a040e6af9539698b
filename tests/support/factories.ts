import type { Role } from "#db/schema";
import { addMember, createTeam } from "~/models/teams.server";
import { createUser } from "~/models/users.server";

export const PASSWORD = "correct horse battery";

let counter = 0;
const unique = () => `${process.pid}-${++counter}`;

export async function makeUser(overrides: { email?: string; displayName?: string; isAdmin?: boolean } = {}) {
  const id = unique();
  return createUser({
    email: overrides.email ?? `person-${id}@example.com`,
    displayName: overrides.displayName ?? `Person ${id}`,
    password: PASSWORD,
    isAdmin: overrides.isAdmin,
  });
}

export function makeTeam(overrides: { name?: string; slug?: string; timeZone?: string; threshold?: number } = {}) {
  const id = unique();
  return createTeam({
    name: overrides.name ?? `Team ${id}`,
    slug: overrides.slug ?? `team-${id}`,
    timeZone: overrides.timeZone ?? "UTC",
    threshold: overrides.threshold,
  });
}

/** A team with one lead and n members, all able to sign in with PASSWORD. */
export async function makeTeamWithPeople(
  members = 3,
  overrides: Parameters<typeof makeTeam>[0] = {},
  joinedAt = new Date("2020-01-01T00:00:00Z"),
) {
  const team = makeTeam(overrides);
  const lead = await makeUser({ displayName: "Lead" });
  addMember(team.id, lead.id, "lead", joinedAt);
  const people = [];
  for (let i = 0; i < members; i++) {
    const user = await makeUser();
    addMember(team.id, user.id, "member" as Role, joinedAt);
    people.push(user);
  }
  return { team, lead, members: people };
}
