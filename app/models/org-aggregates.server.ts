/**
 * Org-wide reads of weekly_aggregates (see aggregates.server.ts): summed in SQL, so a thousand
 * teams × a year of weeks is a few hundred rows. Each team-week is gated by its own team's
 * threshold in the SQL itself.
 */

import { MIN_THRESHOLD } from "~/domain/threshold";

import { statement } from "#db/client.server";
import { cycleScoreCounts } from "./aggregates.server";

/**
 * A team's applied threshold in SQL: domain/threshold effectiveThreshold (at least MIN_THRESHOLD,
 * whole answers) for the whole numbers teams.threshold holds. A test checks the two agree.
 */
const APPLIED_THRESHOLD_SQL = `max(?, t.threshold)`;

export type ZoneWeekSum = {
  timeZone: string;
  periodKey: string;
  /** Teams of the zone whose week met their threshold, and their answers summed. */
  included: number;
  d: [number, number, number, number, number];
};

/**
 * Per (time zone, week) of every team's closed weeks that opened in [from, to): how many
 * teams met their own threshold and the sum of only their answers. A team below its
 * threshold adds nothing here, not even its count; the caller counts it as hidden.
 */
export function orgWeekSums(from: Date, to: Date): ZoneWeekSum[] {
  const rows = statement(
    "orgWeekSums",
    `select t.time_zone, a.period_key, count(*),
            sum(a.d1), sum(a.d2), sum(a.d3), sum(a.d4), sum(a.d5)
       from weekly_aggregates a
       join teams t on t.id = a.team_id
      where a.opens_at >= ? and a.opens_at < ?
        and a.d1 + a.d2 + a.d3 + a.d4 + a.d5 >= ${APPLIED_THRESHOLD_SQL}
      group by t.time_zone, a.period_key`,
  )
    .raw()
    .all(from.getTime(), to.getTime(), MIN_THRESHOLD) as [
    string,
    string,
    number,
    number,
    number,
    number,
    number,
    number,
  ][];
  return rows.map(([timeZone, periodKey, included, d1, d2, d3, d4, d5]) => ({
    timeZone,
    periodKey,
    included,
    d: [d1, d2, d3, d4, d5],
  }));
}

export type TeamWeekCounts = { teamId: number; periodKey: string; d: number[] };

/** Every team's aggregated weeks that opened in [from, to): use for a short range (the last week). */
export function orgWeekRows(from: Date, to: Date): TeamWeekCounts[] {
  return (
    statement(
      "orgWeekRows",
      `select team_id, period_key, d1, d2, d3, d4, d5 from weekly_aggregates where opens_at >= ? and opens_at < ?`,
    )
      .raw()
      .all(from.getTime(), to.getTime()) as [number, string, number, number, number, number, number][]
  ).map(([teamId, periodKey, ...d]) => ({ teamId, periodKey, d }));
}

/** Each team's most recent week in [from, to) that met its threshold. */
export function orgLastReleasedRows(from: Date, to: Date): TeamWeekCounts[] {
  return (
    statement(
      "orgLastReleasedRows",
      `select a.team_id, a.period_key, a.d1, a.d2, a.d3, a.d4, a.d5, max(a.opens_at)
         from weekly_aggregates a join teams t on t.id = a.team_id
        where a.opens_at >= ? and a.opens_at < ? and a.d1 + a.d2 + a.d3 + a.d4 + a.d5 >= ${APPLIED_THRESHOLD_SQL}
        group by a.team_id`,
    )
      .raw()
      .all(from.getTime(), to.getTime(), MIN_THRESHOLD) as [number, string, number, number, number, number, number][]
  ).map(([teamId, periodKey, d1, d2, d3, d4, d5]) => ({ teamId, periodKey, d: [d1, d2, d3, d4, d5] }));
}

/**
 * Closed weekly cycles in [from, to) without an aggregate yet (closed since the last tick),
 * counted from their answers. Found through the partial index of cycles still waiting.
 */
export function orgPendingWeeks(from: Date, to: Date, now: Date): TeamWeekCounts[] {
  const pending = statement(
    "orgPendingWeeks",
    `select c.id, c.team_id, c.period_key from cycles c
      where c.member_count_at_close is null and c.closes_at <= ? and c.kind = 'weekly'
        and c.opens_at >= ? and c.opens_at < ?
        and not exists (select 1 from weekly_aggregates a where a.cycle_id = c.id)`,
  )
    .raw()
    .all(now.getTime(), from.getTime(), to.getTime()) as [number, number, string][];
  if (pending.length === 0) return [];
  const byCycle = new Map(pending.map(([id, teamId, periodKey]) => [id, { teamId, periodKey, d: [0, 0, 0, 0, 0] }]));
  for (const row of cycleScoreCounts([...byCycle.keys()])) byCycle.get(row.cycleId)!.d[row.score - 1] = row.n;
  return [...byCycle.values()];
}
