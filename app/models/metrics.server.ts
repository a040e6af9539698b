/**
 * The released figures behind GET /metrics, read at scrape time through the same code the
 * pages use: latestReleased (release gate: closed and at least k responses), the org
 * rollup (pooled over released teams only) and teamIncidentMetrics.
 */
import { count } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { incidents } from "#db/schema";
import { calendarQuarter } from "~/domain/incident-metrics";
import { SEVERITIES, type Severity } from "~/domain/incidents";
import type { Component } from "~/domain/survey-bank";
import { teamIncidentMetrics } from "./incidents.server";
import { loadOrgRollup } from "./org.server";
import { latestReleased } from "./results.server";
import { listAllTeams } from "./teams.server";

export type TeamFigures = {
  slug: string;
  week: { periodKey: string; opensAt: Date; mean: number; n: number; participation: number | null } | null;
  quarter: { periodKey: string; n: number; components: Record<Component, number>; trust: number } | null;
  incidentsBySeverity: Record<Severity, number>;
  timeToRecoverSeconds: number | null;
  timeToPostmortemSeconds: number | null;
  completionRate: number | null;
  overdue: number;
};

export type OrgFigures = {
  week: { mean: number; n: number; teamsIncluded: number } | null;
  quarter: { trust: number; components: Record<Component, number>; n: number; teamsIncluded: number } | null;
};

function incidentCounts(): Map<number, Record<Severity, number>> {
  const byTeam = new Map<number, Record<Severity, number>>();
  const rows = getDb()
    .select({ teamId: incidents.teamId, severity: incidents.severity, n: count() })
    .from(incidents)
    .groupBy(incidents.teamId, incidents.severity)
    .all();
  for (const row of rows) {
    const entry =
      byTeam.get(row.teamId) ?? (Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>);
    entry[row.severity] = row.n;
    byTeam.set(row.teamId, entry);
  }
  return byTeam;
}

export function collectFigures(now = new Date()): { teams: TeamFigures[]; org: OrgFigures } {
  const counts = incidentCounts();
  const teams = listAllTeams().map((team): TeamFigures => {
    const latest = latestReleased(team, now);
    const week = latest.week?.result.status === "released" ? { point: latest.week, result: latest.week.result } : null;
    const quarter =
      latest.quarter?.result.status === "released" ? { point: latest.quarter, result: latest.quarter.result } : null;
    // The current quarter so far: incidents started in it, action items due in it until now.
    const q = calendarQuarter(now, team.timeZone);
    const m = teamIncidentMetrics(team.id, { from: q.from, to: now < q.to ? now : q.to }, team.timeZone, now);
    const ttr = m.incidents.timeToRecoverMinutes.median;
    const ttp = m.incidents.timeToPostmortemHours.median;
    return {
      slug: team.slug,
      week: week && {
        periodKey: week.point.periodKey,
        opensAt: new Date(week.point.opensAt),
        mean: week.result.mean,
        n: week.result.n,
        participation: week.result.participation,
      },
      quarter: quarter && {
        periodKey: quarter.point.periodKey,
        n: quarter.result.n,
        components: {
          C: quarter.result.components.C.mean,
          R: quarter.result.components.R.mean,
          I: quarter.result.components.I.mean,
          S: quarter.result.components.S.mean,
        },
        trust: quarter.result.trust.value,
      },
      incidentsBySeverity: counts.get(team.id) ?? { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 },
      timeToRecoverSeconds: ttr === null ? null : ttr * 60,
      timeToPostmortemSeconds: ttp === null ? null : ttp * 3600,
      completionRate: m.actionItems.completionRate,
      overdue: m.actionItems.overdue,
    };
  });
  const rollup = loadOrgRollup(now);
  const w = rollup.org.week;
  const oq = rollup.org.quarter;
  return {
    teams,
    org: {
      week:
        w && w.mean !== null && w.teamsIncluded > 0 ? { mean: w.mean, n: w.n, teamsIncluded: w.teamsIncluded } : null,
      quarter:
        oq && oq.trust !== null && oq.components
          ? { trust: oq.trust, components: oq.components, n: oq.n, teamsIncluded: oq.groupsIncluded }
          : null,
    },
  };
}
