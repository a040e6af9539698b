import { and, desc, eq, lte } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cycles } from "#db/schema";
import { weeklyCycleAt } from "~/domain/cycles";
import { quarterlyDips, weeklyDips } from "~/domain/dips";
import type { DipRef } from "~/domain/reminders";
import { quarterResultOfCycle, weeklySeries } from "~/models/results.server";
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

type TeamRef = Pick<Team, "id" | "timeZone" | "threshold" | "surveyWindowDays">;

function weeklyAlerts(team: TeamRef, now: Date): DipRef[] {
  const current = weeklyCycleAt(now, team.timeZone);
  const last = weeklyCycleAt(new Date(current.opensAt.getTime() - 1), team.timeZone);
  return remember(`${team.id}:${team.threshold}:w:${last.periodKey}`, () => {
    const points = weeklySeries(team, new Date(last.opensAt.getTime() - 8 * 7 * DAY_MS), last.opensAt, now).map(
      (w) => ({
        periodKey: w.periodKey,
        mean: w.result.status === "released" ? w.result.mean : null,
      }),
    );
    return weeklyDips(points)
      .filter((a) => a.periodKey === last.periodKey)
      .map((a) => ({ kind: "weekly" as const, periodKey: a.periodKey, message: a.message }));
  });
}

function quarterlyAlerts(team: TeamRef, now: Date): DipRef[] {
  const closed = getDb()
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
      const result = quarterResultOfCycle(cycle, team.threshold, true);
      return { periodKey: cycle.periodKey, components: result.status === "released" ? result.components : null };
    });
    return quarterlyDips(quarters)
      .filter((a) => a.periodKey === latest.periodKey)
      .map((a) => ({
        kind: "quarterly" as const,
        periodKey: a.periodKey,
        message: a.message,
        component: a.basis.component,
      }));
  });
}

export function recentDipAlerts(team: TeamRef, now: Date): DipRef[] {
  return [...weeklyAlerts(team, now), ...quarterlyAlerts(team, now)];
}
