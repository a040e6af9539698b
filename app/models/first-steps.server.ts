import { and, eq, lte, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cycles, checkInResponses } from "#db/schema";
import { firstSteps, type FirstSteps } from "~/domain/first-steps";
import { effectiveThreshold } from "~/domain/threshold";
import { listPendingInvites } from "./invites.server";
import { countActiveMembers, type Team } from "./teams.server";

/**
 * Whether any week of the team has ever been released (closed with at least k answers).
 * Reads counts of closed weeks only, so an open week reveals nothing.
 */
function hasReleasedWeek(team: Pick<Team, "id" | "threshold">, now: Date): boolean {
  const row = getDb()
    .select({ cycleId: cycles.id })
    .from(cycles)
    .innerJoin(checkInResponses, eq(checkInResponses.cycleId, cycles.id))
    .where(and(eq(cycles.teamId, team.id), eq(cycles.kind, "weekly"), lte(cycles.closesAt, now)))
    .groupBy(cycles.id)
    .having(sql`count(${checkInResponses.id}) >= ${effectiveThreshold(team.threshold)}`)
    .limit(1)
    .get();
  return Boolean(row);
}

/** The new team's checklist, or null once its first week has been released. */
export function firstStepsForTeam(team: Team, now: Date): FirstSteps | null {
  if (hasReleasedWeek(team, now)) return null;
  return firstSteps({
    now,
    timeZone: team.timeZone,
    threshold: team.threshold,
    memberCount: countActiveMembers(team.id),
    pendingInvites: listPendingInvites(team.id, now).length,
    webhookSet: Boolean(team.webhookUrl),
  });
}
