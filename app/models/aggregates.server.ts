import { sql } from "drizzle-orm";
import { getDb, statement } from "#db/client.server";

import type { CycleRow } from "./cycles.server";

/**
 * Released weeks never change, so their inputs are counted once, when the week closes,
 * into weekly_aggregates (answers per score and members at close). Dashboards and the
 * org rollup read that table; a closed week without a row yet (closed since the last
 * tick) is counted in memory by the reader, never written by it: a GET writes nothing.
 *
 * Rows hold raw counts, not results. Every figure still leaves through the release gate
 * (domain/threshold) with the team's threshold at the time of reading. The org-wide reads
 * are in org-aggregates.server.ts.
 */

/** Members of the cycle's team at the moment it closed (joined by then, not yet left). */
const MEMBERS_AT_CLOSE = sql`(
  select count(*) from memberships m
  where m.team_id = c.team_id
    and m.joined_at <= c.closes_at
    and (m.left_at is null or m.left_at > c.closes_at))`;

const INSERT_AGGREGATES = sql`
  insert into weekly_aggregates (cycle_id, team_id, period_key, opens_at, d1, d2, d3, d4, d5, member_count)
  select c.id, c.team_id, c.period_key, c.opens_at,
         (select count(*) from check_in_responses r where r.cycle_id = c.id and r.score = 1),
         (select count(*) from check_in_responses r where r.cycle_id = c.id and r.score = 2),
         (select count(*) from check_in_responses r where r.cycle_id = c.id and r.score = 3),
         (select count(*) from check_in_responses r where r.cycle_id = c.id and r.score = 4),
         (select count(*) from check_in_responses r where r.cycle_id = c.id and r.score = 5),
         coalesce(c.member_count_at_close, ${MEMBERS_AT_CLOSE})
  from cycles c`;

/**
 * Recounts a week's aggregate from its answers, if the week has one. The answer path runs it once
 * per answer, after rewriting the week (migration 0009): an open week has no row, so this is one
 * key lookup; a week written after its close (a backdated write) keeps its counts right.
 */
export function recountWeek(cycleId: number) {
  statement(
    "aggregates.recountWeek",
    `update weekly_aggregates set
       d1 = (select count(*) from check_in_responses where cycle_id = @cycle and score = 1),
       d2 = (select count(*) from check_in_responses where cycle_id = @cycle and score = 2),
       d3 = (select count(*) from check_in_responses where cycle_id = @cycle and score = 3),
       d4 = (select count(*) from check_in_responses where cycle_id = @cycle and score = 4),
       d5 = (select count(*) from check_in_responses where cycle_id = @cycle and score = 5)
     where cycle_id = @cycle`,
  ).run({ cycle: cycleId });
}

export type CloseSummary = { aggregated: number; counted: number };

/**
 * The scheduler's tick: every cycle that has closed since the last one gets its member
 * count at close, and every such weekly cycle its aggregate. Found through the partial
 * index of cycles still waiting (cycles_pending_close), so an idle tick reads nothing.
 */
export function closeFinishedCycles(now: Date): CloseSummary {
  const db = getDb();
  return db.$client
    .transaction(() => {
      const aggregated = db.run(sql`${INSERT_AGGREGATES}
        where c.member_count_at_close is null and c.closes_at <= ${now.getTime()} and c.kind = 'weekly'
          and not exists (select 1 from weekly_aggregates a where a.cycle_id = c.id)
        on conflict do nothing`).changes;
      const counted = db.run(sql`
        update cycles as c set member_count_at_close = ${MEMBERS_AT_CLOSE}
        where c.member_count_at_close is null and c.closes_at <= ${now.getTime()}`).changes;
      return { aggregated, counted };
    })
    .immediate();
}

/**
 * Server start-up: what the ticks would have written while no server ran, and every
 * closed week that has its member count but no aggregate (closed before this table
 * existed). One pass over the cycles; then the ticks keep up.
 */
export function backfillAggregates(now: Date): CloseSummary {
  const db = getDb();
  // One ordered pass over the (cycle_id, score) index instead of five lookups per cycle:
  // the first start after this table appeared may have years of weeks to count.
  const aggregated = db.run(sql`
    insert into weekly_aggregates (cycle_id, team_id, period_key, opens_at, d1, d2, d3, d4, d5, member_count)
    select c.id, c.team_id, c.period_key, c.opens_at, coalesce(x.d1, 0), coalesce(x.d2, 0), coalesce(x.d3, 0),
           coalesce(x.d4, 0), coalesce(x.d5, 0), coalesce(c.member_count_at_close, ${MEMBERS_AT_CLOSE})
    from cycles c
    left join (select cycle_id, sum(score = 1) as d1, sum(score = 2) as d2, sum(score = 3) as d3,
                      sum(score = 4) as d4, sum(score = 5) as d5
                 from check_in_responses group by cycle_id) x on x.cycle_id = c.id
    where c.kind = 'weekly' and c.closes_at <= ${now.getTime()}
      and not exists (select 1 from weekly_aggregates a where a.cycle_id = c.id)
    on conflict do nothing`).changes;
  const pending = closeFinishedCycles(now);
  return { aggregated: pending.aggregated + aggregated, counted: pending.counted };
}

// ---------------------------------------------------------------------------
// Reads (no writes: these run inside GET loaders)

const MEMBERS_AT_CLOSE_SQL = `(
  select count(*) from memberships m
  where m.team_id = c.team_id
    and m.joined_at <= c.closes_at
    and (m.left_at is null or m.left_at > c.closes_at))`;

export type AggregateRow = {
  cycleId: number;
  periodKey: string;
  /** null when the cycle has no aggregate row (yet). */
  d1: number | null;
  d2: number | null;
  d3: number | null;
  d4: number | null;
  d5: number | null;
  memberCount: number | null;
};

/**
 * The team's weekly cycles that opened in [from, to), each with its aggregate when it has
 * one. Without one, the member count is the one the tick will record (for a closed cycle).
 */
export function teamWeeklyAggregates(teamId: number, from: Date, to: Date): AggregateRow[] {
  return statement(
    "teamWeeklyAggregates",
    `select c.id as cycleId, c.period_key as periodKey, a.d1, a.d2, a.d3, a.d4, a.d5,
            coalesce(a.member_count, c.member_count_at_close,
                     case when a.cycle_id is null then ${MEMBERS_AT_CLOSE_SQL} end) as memberCount
       from cycles c left join weekly_aggregates a on a.cycle_id = c.id
      where c.team_id = ? and c.kind = 'weekly' and c.opens_at >= ? and c.opens_at < ?`,
  ).all(teamId, from.getTime(), to.getTime()) as AggregateRow[];
}

/** Answers per score of the given cycles, counted from the answers themselves. */
export function cycleScoreCounts(cycleIds: number[]): { cycleId: number; score: number; n: number }[] {
  if (cycleIds.length === 0) return [];
  return statement(
    "cycleScoreCounts",
    `select cycle_id as cycleId, score, count(*) as n from check_in_responses
      where cycle_id in (select value from json_each(?)) group by cycle_id, score`,
  ).all(JSON.stringify(cycleIds)) as { cycleId: number; score: number; n: number }[];
}

/** How many answered each quarterly cycle (a count only: it decides the gate). */
export function surveyAnswerCounts(cycleIds: number[]): Map<number, number> {
  if (cycleIds.length === 0) return new Map();
  const rows = statement(
    "surveyAnswerCounts",
    `select cycle_id as cycleId, count(*) as n from survey_responses
      where cycle_id in (select value from json_each(?)) group by cycle_id`,
  ).all(JSON.stringify(cycleIds)) as { cycleId: number; n: number }[];
  return new Map(rows.map((r) => [r.cycleId, r.n]));
}

/** The answers of released quarterly cycles (call it only with cycles the gate released). */
export function surveyAnswersOf(cycleIds: number[]): Map<number, Record<string, number>[]> {
  const out = new Map<number, Record<string, number>[]>();
  if (cycleIds.length === 0) return out;
  const rows = statement(
    "surveyAnswersOf",
    `select cycle_id as cycleId, answers from survey_responses where cycle_id in (select value from json_each(?))`,
  ).all(JSON.stringify(cycleIds)) as { cycleId: number; answers: string }[];
  for (const r of rows) {
    const list = out.get(r.cycleId) ?? [];
    list.push(JSON.parse(r.answers) as Record<string, number>);
    out.set(r.cycleId, list);
  }
  return out;
}

/**
 * A team's quarterly cycles as CycleRows; a closed one whose member count is not recorded
 * yet carries the count the tick will record.
 */
export function teamQuarterlyCycles(teamId: number, now: Date): CycleRow[] {
  const rows = statement(
    "teamQuarterlyCycles",
    `select c.id, c.team_id as teamId, c.kind, c.period_key as periodKey, c.opens_at as opensAt,
            c.closes_at as closesAt, c.survey_items as surveyItems,
            coalesce(c.member_count_at_close, case when c.closes_at <= ? then ${MEMBERS_AT_CLOSE_SQL} end)
              as memberCountAtClose
       from cycles c where c.team_id = ? and c.kind = 'quarterly'`,
  ).all(now.getTime(), teamId) as (Omit<CycleRow, "opensAt" | "closesAt"> & { opensAt: number; closesAt: number })[];
  return rows.map((r) => ({ ...r, opensAt: new Date(r.opensAt), closesAt: new Date(r.closesAt) }));
}

// ---------------------------------------------------------------------------
// Closed quarters' results, kept in memory while no survey answer changes

const quarterCache = new Map<string, unknown>();
let quarterCacheVersion: number | null = null;
const QUARTER_CACHE_LIMIT = 50_000;

/**
 * Closed quarterly cycles' results, computed once per process. A key names everything a
 * result depends on besides the answers (cycle, threshold, member count, items); any write
 * to survey_responses, by any process, moves survey_answer_changes.version (triggers), and
 * the next call empties the map. Only closed cycles belong here. Reads only.
 */
export function closedQuarterCache<T>(): Map<string, T> {
  const version = (
    statement("surveyAnswerVersion", "select version from survey_answer_changes where id = 1").get() as
      { version: number } | undefined
  )?.version;
  if (version !== quarterCacheVersion || quarterCache.size >= QUARTER_CACHE_LIMIT) {
    quarterCache.clear();
    quarterCacheVersion = version ?? null;
  }
  return quarterCache as Map<string, T>;
}
