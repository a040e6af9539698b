import { count, eq, not, like } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { teams, users } from "#db/schema";
import { hashPassword } from "~/utils/password.server";
import { writeAnonymously } from "~/models/anonymous-store.server";
import { seedIncidentHistory } from "./incidents-demo";
import { addMember, createTeam } from "~/models/teams.server";

export const DEMO_PASSWORD = "trust-health-demo";
export const DEMO_DOMAIN = "demo.trust-health.test";

type DemoTeam = {
  name: string;
  slug: string;
  timeZone: string;
  lead: string;
  members: string[];
  story: "dip-and-recovery" | "steady" | "slow-decline";
};

export const DEMO_TEAMS: DemoTeam[] = [
  {
    name: "Platform",
    slug: "platform",
    timeZone: "Europe/Berlin",
    lead: "Priya Lead",
    members: ["Ben Okafor", "Chen Wei", "Dana Kowalski", "Elif Yilmaz", "Femi Adeyemi", "Greta Lind", "Hugo Martin"],
    story: "dip-and-recovery",
  },
  {
    name: "Payments",
    slug: "payments",
    timeZone: "America/New_York",
    lead: "Paul Lead",
    members: ["Ana Souza", "Bilal Khan", "Carla Diaz", "Dev Patel", "Emma Clarke", "Farah Ali"],
    story: "steady",
  },
  {
    name: "Mobile",
    slug: "mobile",
    timeZone: "Asia/Singapore",
    lead: "Mei Lead",
    members: ["Arjun Rao", "Bea Santos", "Cody Tan", "Diya Nair", "Eli Cohen", "Fatima Noor", "Goh Jun", "Hana Sato"],
    story: "slow-decline",
  },
];

export function demoEmail(name: string) {
  return `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@${DEMO_DOMAIN}`;
}

export const DEMO_ADMIN_EMAIL = `admin@${DEMO_DOMAIN}`;

export type DemoState = "empty" | "demo" | "foreign";

/** The single row of a `select count()`. */
function onlyCount(rows: ReadonlyArray<{ n: number }>): number {
  const [row] = rows;
  if (!row) throw new Error("a count query returned no row");
  return row.n;
}

/** The demo seeder only ever touches an empty database or one that holds demo data alone. */
export function demoState(): DemoState {
  const db = getDb();
  const userCount = onlyCount(db.select({ n: count() }).from(users).all());
  const teamCount = onlyCount(db.select({ n: count() }).from(teams).all());
  if (userCount === 0 && teamCount === 0) return "empty";
  const foreignUsers = onlyCount(
    db
      .select({ n: count() })
      .from(users)
      .where(not(like(users.email, `%@${DEMO_DOMAIN}`)))
      .all(),
  );
  const foreignTeams = onlyCount(db.select({ n: count() }).from(teams).where(eq(teams.isDemo, false)).all());
  return foreignUsers === 0 && foreignTeams === 0 ? "demo" : "foreign";
}

export type DemoPeople = {
  teamId: number;
  slug: string;
  timeZone: string;
  story: DemoTeam["story"];
  leadId: number;
  memberIds: number[];
};

/** Creates the organisation: an admin and three teams with a lead and 6–8 members each. */
export async function seedDemoPeople(now: Date): Promise<DemoPeople[]> {
  const db = getDb();
  // One slow hash reused for every demo account keeps seeding fast; each is still a salted scrypt hash.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const joinedAt = new Date(now.getTime() - 3 * 365 * 24 * 3600 * 1000);
  const insertUser = (displayName: string, email: string, isAdmin = false) =>
    db.insert(users).values({ email, displayName, passwordHash, isAdmin }).returning({ id: users.id }).get().id;
  insertUser("Org Admin", DEMO_ADMIN_EMAIL, true);
  const result: DemoPeople[] = [];
  for (const spec of DEMO_TEAMS) {
    const team = createTeam({ name: spec.name, slug: spec.slug, timeZone: spec.timeZone, isDemo: true });
    const leadId = insertUser(spec.lead, demoEmail(spec.lead));
    addMember(team.id, leadId, "lead", joinedAt);
    const memberIds = spec.members.map((name) => {
      const id = insertUser(name, demoEmail(name));
      addMember(team.id, id, "member", joinedAt);
      return id;
    });
    result.push({ teamId: team.id, slug: spec.slug, timeZone: spec.timeZone, story: spec.story, leadId, memberIds });
  }
  return result;
}

/** Fills an empty database with the demo organisation and its history. */
export async function seedDemo(now = new Date()) {
  const { seedRitualHistory } = await import("./demo-history");
  const people = await seedDemoPeople(now);
  const majorIncidentAt = new Date(now.getTime() - 240 * 86400000);
  const summary = [];
  for (const [i, team] of people.entries()) {
    const major = team.story === "dip-and-recovery" ? majorIncidentAt : null;
    // One transaction per team: each answer still takes the storage path a member's does, and the
    // WAL is scrubbed once at the end instead of after each of the team's ~600 answers.
    const counts = writeAnonymously(() =>
      seedRitualHistory(team, {
        now,
        majorIncidentAt: major,
        seed: 1000 + i,
        skipCurrentWeekFor: [team.leadId, team.memberIds[0]!],
      }),
    );
    seedIncidentHistory({
      teamId: team.teamId,
      ownerIds: team.memberIds,
      leadId: team.leadId,
      majorIncidentAt: major,
      now,
    });
    summary.push({ slug: team.slug, ...counts });
  }
  return summary;
}
