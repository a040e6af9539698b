/**
 * The org rollup's queries, each over every team at once (exported so a test can check their plans).
 *
 * Teams ⨝ cycles on the (team, kind, opens_at) index, ⨝ responses on the covering (cycle, score) index,
 * never one query per team. The joins are CROSS JOINs because that is how SQLite is told the loop
 * order: left alone, it prefers scanning every cycle ever held (to save a sort for GROUP BY), which
 * is 20× slower at a thousand teams.
 */
import { and, eq, gte, lt, lte, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { actionItems, cycles, incidents, surveyResponses, teams, checkInResponses } from "#db/schema";

/**
 * Closed weekly cycles of every team in [from, to), each with its scores as one
 * string ("34455"): a correlated count on the covering (cycle_id, score) index per
 * cycle, which halves the work of a GROUP BY over every response row.
 */
export function orgWeeklyTallyQuery(from: Date, to: Date, now: Date) {
  return getDb()
    .select({
      teamId: cycles.teamId,
      periodKey: cycles.periodKey,
      scores: sql<
        string | null
      >`(select group_concat(${checkInResponses.score}, '') from ${checkInResponses} where ${checkInResponses.cycleId} = ${cycles.id})`,
    })
    .from(teams)
    .crossJoin(cycles)
    .where(
      and(
        eq(cycles.teamId, teams.id),
        eq(cycles.kind, "weekly"),
        gte(cycles.opensAt, from),
        lt(cycles.opensAt, to),
        lte(cycles.closesAt, now),
      ),
    );
}

/** Closed quarterly cycles of every team since `from`, with their response counts. */
export function orgQuarterlyCountQuery(from: Date, now: Date) {
  return getDb()
    .select({
      id: cycles.id,
      teamId: cycles.teamId,
      periodKey: cycles.periodKey,
      surveyItems: cycles.surveyItems,
      memberCount: cycles.memberCountAtClose,
      n: sql<number>`(select count(*) from ${surveyResponses} where ${surveyResponses.cycleId} = ${cycles.id})`,
    })
    .from(teams)
    .crossJoin(cycles)
    .where(
      and(
        eq(cycles.teamId, teams.id),
        eq(cycles.kind, "quarterly"),
        gte(cycles.opensAt, from),
        lte(cycles.closesAt, now),
      ),
    );
}

export function orgIncidentQuery(from: Date, to: Date) {
  return getDb()
    .select({
      teamId: incidents.teamId,
      id: incidents.id,
      severity: incidents.severity,
      startedAt: incidents.startedAt,
      resolvedAt: incidents.resolvedAt,
    })
    .from(teams)
    .crossJoin(incidents)
    .where(and(eq(incidents.teamId, teams.id), gte(incidents.startedAt, from), lt(incidents.startedAt, to)));
}

export function orgActionItemQuery(fromDay: string, toDay: string) {
  return getDb()
    .select({
      teamId: actionItems.teamId,
      id: actionItems.id,
      dueDate: actionItems.dueDate,
      status: actionItems.status,
      createdAt: actionItems.createdAt,
      completedAt: actionItems.completedAt,
    })
    .from(teams)
    .crossJoin(actionItems)
    .where(and(eq(actionItems.teamId, teams.id), gte(actionItems.dueDate, fromDay), lte(actionItems.dueDate, toDay)));
}
