import { and, count, desc, eq, gte, lte } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cycles, surveyResponses, weeklyResponses } from "#db/schema";
import { weeklyCycleAt, weeklyCyclesBetween } from "~/domain/cycles";
import { quarterlyDips, weeklyDips } from "~/domain/dips";
import type { DipRef } from "~/domain/reminders";
import { quarterlyResult, releaseGate, weeklyResult } from "~/domain/results";
import { itemsForCycle } from "~/models/cycles.server";
import type { Team } from "~/models/teams.server";

/**
 * Dip alerts for the team's most recently closed cycles, computed read-only
 * through the same release gate as the dashboard (only released figures count).
 * A closed cycle's figures never change, so each answer is remembered for the process.
 */

const DAY_MS = 86_400_000;
/** A quarterly dip is announced only this long after its survey closed. */
const QUARTERLY_ALERT_DAYS = 14;

const memo = new Map<string, DipRef[]>();

function remember(key: string, compute: () => DipRef[]): DipRef[] {
  const hit = memo.get(key);
  if (hit) return hit;
  if (memo.size > 10_000) memo.clear();
  const value = compute();
  memo.set(key, value);
  return value;
}

type TeamRef = Pick<Team, "id" | "timeZone" | "threshold">;

function weeklyAlerts(team: TeamRef, now: Date): DipRef[] {
  const current = weeklyCycleAt(now, team.timeZone);
  const last = weeklyCycleAt(new Date(current.opensAt.getTime() - 1), team.timeZone);
  return remember(`${team.id}:${team.threshold}:w:${last.periodKey}`, () => {
    const windows = weeklyCyclesBetween(new Date(last.opensAt.getTime() - 8 * 7 * DAY_MS), last.opensAt, team.timeZone);
    const rows = getDb()
      .select({ periodKey: cycles.periodKey, score: weeklyResponses.score, n: count(weeklyResponses.id) })
      .from(cycles)
      .innerJoin(weeklyResponses, eq(weeklyResponses.cycleId, cycles.id))
      .where(and(eq(cycles.teamId, team.id), eq(cycles.kind, "weekly"), gte(cycles.opensAt, windows[0]!.opensAt), lte(cycles.opensAt, last.opensAt)))
      .groupBy(cycles.id, weeklyResponses.score)
      .all();
    const distributions = new Map<string, number[]>();
    for (const r of rows) {
      const d = distributions.get(r.periodKey) ?? [0, 0, 0, 0, 0];
      d[r.score - 1] = r.n;
      distributions.set(r.periodKey, d);
    }
    const points = windows.map((w) => {
      const result = weeklyResult({ closed: true, threshold: team.threshold, distribution: distributions.get(w.periodKey) ?? [0, 0, 0, 0, 0], memberCount: 0 });
      return { periodKey: w.periodKey, mean: result.status === "released" ? result.mean : null };
    });
    return weeklyDips(points)
      .filter((a) => a.periodKey === last.periodKey)
      .map((a) => ({ kind: "weekly" as const, periodKey: a.periodKey, message: a.message }));
  });
}

function quarterlyAlerts(team: TeamRef, now: Date): DipRef[] {
  const db = getDb();
  const closed = db
    .select()
    .from(cycles)
    .where(and(eq(cycles.teamId, team.id), eq(cycles.kind, "quarterly"), lte(cycles.closesAt, now)))
    .orderBy(desc(cycles.opensAt))
    .limit(4)
    .all();
  const latest = closed[0];
  if (!latest || now.getTime() - latest.closesAt.getTime() > QUARTERLY_ALERT_DAYS * DAY_MS) return [];
  return remember(`${team.id}:${team.threshold}:q:${latest.periodKey}`, () => {
    const quarters = closed.map((cycle) => {
      const n = db.select({ n: count() }).from(surveyResponses).where(eq(surveyResponses.cycleId, cycle.id)).get()?.n ?? 0;
      // Answers are read only once the gate says the cycle is released.
      if (releaseGate({ closed: true, responseCount: n, threshold: team.threshold }).status !== "released") {
        return { periodKey: cycle.periodKey, components: null };
      }
      const answers = db
        .select({ answers: surveyResponses.answers })
        .from(surveyResponses)
        .where(eq(surveyResponses.cycleId, cycle.id))
        .all()
        .map((r) => JSON.parse(r.answers) as Record<string, number>);
      const result = quarterlyResult({ closed: true, threshold: team.threshold, items: itemsForCycle(cycle), answers, memberCount: 0 });
      return { periodKey: cycle.periodKey, components: result.status === "released" ? result.components : null };
    });
    return quarterlyDips(quarters)
      .filter((a) => a.periodKey === latest.periodKey)
      .map((a) => ({ kind: "quarterly" as const, periodKey: a.periodKey, message: a.message, component: a.basis.component }));
  });
}

export function recentDipAlerts(team: TeamRef, now: Date): DipRef[] {
  return [...weeklyAlerts(team, now), ...quarterlyAlerts(team, now)];
}
