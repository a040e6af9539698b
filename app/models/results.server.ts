import crypto from "node:crypto";
import { and, count, eq, gte, lt, lte } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cycles, surveyResponses, checkInResponses } from "#db/schema";
import { cycleStatus, quarterlyCyclesBetween, weeklyCyclesBetween, type CycleWindow } from "~/domain/cycles";
import { quarterlyResult, weeklyResult, type QuarterlyResult, type WeeklyResult } from "~/domain/results";
import { releaseGate } from "~/domain/threshold";
import {
  closedQuarterCache,
  cycleScoreCounts,
  surveyAnswerCounts,
  surveyAnswersOf,
  teamQuarterlyCycles,
  teamWeeklyAggregates,
} from "./aggregates.server";
import { itemsForCycle, type CycleRow } from "./cycles.server";
import type { Team } from "./teams.server";

/**
 * Reads for released results only. Every number leaves through the domain
 * gate (closed and at least k responses); comments leave only for released
 * cycles, shuffled, and never beside a score.
 */

export type WeeklyPoint = { periodKey: string; label: string; opensAt: string; closesAt: string; result: WeeklyResult };
export type QuarterlyPoint = {
  periodKey: string;
  label: string;
  opensAt: string;
  closesAt: string;
  result: QuarterlyResult;
};

type TeamRef = Pick<Team, "id" | "timeZone" | "threshold" | "surveyWindowDays">;

/** The grouped count behind every weekly figure; exported so a test can check its query plan. */
export function teamWeeklyTallyQuery(teamId: number, from: Date, to: Date) {
  return getDb()
    .select({
      periodKey: cycles.periodKey,
      memberCount: cycles.memberCountAtClose,
      score: checkInResponses.score,
      n: count(checkInResponses.score),
    })
    .from(cycles)
    .leftJoin(checkInResponses, eq(checkInResponses.cycleId, cycles.id))
    .where(and(eq(cycles.teamId, teamId), eq(cycles.kind, "weekly"), gte(cycles.opensAt, from), lt(cycles.opensAt, to)))
    .groupBy(cycles.id, checkInResponses.score);
}

export type WeeklyTally = { memberCount: number; distribution: number[] };

/**
 * Counts of each answer 1–5 per weekly cycle that opened in [from, to); raw — pass them through weeklyResult.
 * Closed weeks come from weekly_aggregates (written when they closed); a week without a row
 * yet (the open week, or one closed since the scheduler's last tick) is counted here, in
 * memory, from the answers, with its member count as it will be recorded. Nothing is written.
 */
export function weeklyTallies(teamId: number, from: Date, to: Date): Map<string, WeeklyTally> {
  const byKey = new Map<string, WeeklyTally>();
  const missing = new Map<number, string>();
  for (const row of teamWeeklyAggregates(teamId, from, to)) {
    if (row.d1 === null) {
      missing.set(row.cycleId, row.periodKey);
      byKey.set(row.periodKey, { memberCount: row.memberCount ?? 0, distribution: [0, 0, 0, 0, 0] });
    } else {
      byKey.set(row.periodKey, {
        memberCount: row.memberCount ?? 0,
        distribution: [row.d1, row.d2!, row.d3!, row.d4!, row.d5!],
      });
    }
  }
  if (missing.size > 0) {
    for (const row of cycleScoreCounts([...missing.keys()])) {
      byKey.get(missing.get(row.cycleId)!)!.distribution[row.score - 1] = row.n;
    }
  }
  return byKey;
}

/** Every week overlapping [from, to], each through the release gate. */
export function weeklySeries(team: TeamRef, from: Date, to: Date, now = new Date()): WeeklyPoint[] {
  const windows = weeklyCyclesBetween(from, to, team.timeZone);
  if (windows.length === 0) return [];
  const tallies = weeklyTallies(team.id, windows[0]!.opensAt, windows[windows.length - 1]!.closesAt);
  return windows.map((w) => {
    const tally = tallies.get(w.periodKey);
    return {
      periodKey: w.periodKey,
      label: w.label,
      opensAt: w.opensAt.toISOString(),
      closesAt: w.closesAt.toISOString(),
      result: weeklyResult({
        closed: cycleStatus(w, now) === "closed",
        threshold: team.threshold,
        distribution: tally?.distribution ?? [0, 0, 0, 0, 0],
        memberCount: tally?.memberCount ?? 0,
      }),
    };
  });
}

/**
 * One quarterly cycle through the release gate. Its answers are read only once
 * the gate says the cycle is released.
 */
export function quarterResultOfCycle(cycle: CycleRow, threshold: number, closed: boolean): QuarterlyResult {
  return quarterResultsOfCycles([{ cycle, closed }], threshold).get(cycle.id)!;
}

/**
 * Several quarterly cycles of one team through the release gate: one count query for
 * all of them, then one query for the answers of those the gate released.
 */
function quarterResultsOfCycles(
  all: { cycle: CycleRow; closed: boolean }[],
  threshold: number,
): Map<number, QuarterlyResult> {
  // Closed cycles' results are kept per process until a survey answer changes anywhere.
  const cache = closedQuarterCache<QuarterlyResult>();
  const keyOf = (c: CycleRow) => `team|${c.id}|${threshold}|${c.memberCountAtClose ?? 0}|${c.surveyItems ?? ""}`;
  const out = new Map<number, QuarterlyResult>();
  const list = all.filter((c) => {
    const cached = c.closed ? cache.get(keyOf(c.cycle)) : undefined;
    if (cached) out.set(c.cycle.id, cached);
    return !cached;
  });
  const counts = surveyAnswerCounts(list.map((c) => c.cycle.id));
  const released: typeof list = [];
  for (const c of list) {
    const gate = releaseGate({ closed: c.closed, responseCount: counts.get(c.cycle.id) ?? 0, threshold });
    if (gate.status === "released") released.push(c);
    else out.set(c.cycle.id, gate);
  }
  for (const c of list) if (c.closed && !released.includes(c)) cache.set(keyOf(c.cycle), out.get(c.cycle.id)!);
  const answers = surveyAnswersOf(released.map((c) => c.cycle.id));
  for (const { cycle, closed } of released) {
    const result = quarterlyResult({
      closed,
      threshold,
      items: itemsForCycle(cycle),
      answers: answers.get(cycle.id) ?? [],
      memberCount: cycle.memberCountAtClose ?? 0,
    });
    out.set(cycle.id, result);
    if (closed) cache.set(keyOf(cycle), result);
  }
  return out;
}

export function quarterlySeries(team: TeamRef, from: Date, to: Date, now = new Date()): QuarterlyPoint[] {
  const windows = quarterlyCyclesBetween(from, to, team.timeZone, team.surveyWindowDays);
  const stored = new Map(teamQuarterlyCycles(team.id, now).map((c) => [c.periodKey, c]));
  const points = windows.map((w) => {
    const cycle = stored.get(w.periodKey);
    // A stored cycle keeps the window it opened with, even if the lead later changed the window length.
    const window: CycleWindow = cycle ? { ...w, opensAt: cycle.opensAt, closesAt: cycle.closesAt } : w;
    return { w, cycle, window, closed: cycleStatus(window, now) === "closed" };
  });
  const results = quarterResultsOfCycles(
    points.filter((p) => p.cycle).map((p) => ({ cycle: p.cycle!, closed: p.closed })),
    team.threshold,
  );
  return points.map(({ w, cycle, window, closed }) => ({
    periodKey: w.periodKey,
    label: w.label,
    opensAt: window.opensAt.toISOString(),
    closesAt: window.closesAt.toISOString(),
    result: cycle
      ? results.get(cycle.id)!
      : quarterlyResult({ closed, threshold: team.threshold, items: [], answers: [], memberCount: 0 }),
  }));
}

function shuffle<T>(list: T[]): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export type CommentKind = "why" | "help" | "appreciation" | "survey";
export const COMMENT_KINDS: CommentKind[] = ["why", "help", "appreciation", "survey"];

/**
 * A released comment as pages see it: its words and a key. The key is
 * sha256(responseId + ":" + field): stable, so votes, "heard" marks and action links can
 * point at it, but the response id never leaves the server, and the "why" and the "help"
 * of one response get unrelated keys, so a page cannot line them up.
 */
export type KeyedComment = { key: string; text: string };
export type ReleasedCommentEntries = Record<CommentKind, KeyedComment[]>;
export type ReleasedComments = Record<CommentKind, string[]>;

export function commentKey(responseId: string, field: "why" | "help" | "appreciation" | "comment"): string {
  return crypto.createHash("sha256").update(`${responseId}:${field}`).digest("hex").slice(0, 32);
}

const isCommentKey = (value: string) => /^[0-9a-f]{32}$/.test(value);

/**
 * Comments of the released cycles that started in [from, to): each kind shuffled on
 * its own, so neither a score nor another comment of the same person can be lined up.
 */
export function releasedCommentEntries(team: TeamRef, from: Date, to: Date, now = new Date()): ReleasedCommentEntries {
  const db = getDb();
  const closedInRange = and(
    eq(cycles.teamId, team.id),
    gte(cycles.opensAt, from),
    lt(cycles.opensAt, to),
    lte(cycles.closesAt, now),
  );
  const weekly = db
    .select({
      id: checkInResponses.id,
      cycleId: cycles.id,
      why: checkInResponses.why,
      help: checkInResponses.help,
      appreciation: checkInResponses.appreciation,
    })
    .from(cycles)
    .innerJoin(checkInResponses, eq(checkInResponses.cycleId, cycles.id))
    .where(and(closedInRange, eq(cycles.kind, "weekly")))
    .all();
  const survey = db
    .select({ id: surveyResponses.id, cycleId: cycles.id, comment: surveyResponses.comment })
    .from(cycles)
    .innerJoin(surveyResponses, eq(surveyResponses.cycleId, cycles.id))
    .where(and(closedInRange, eq(cycles.kind, "quarterly")))
    .all();
  // A cycle's words are released only when the cycle itself met the threshold.
  const released = <T extends { cycleId: number }>(rows: T[]) => {
    const perCycle = new Map<number, number>();
    for (const r of rows) perCycle.set(r.cycleId, (perCycle.get(r.cycleId) ?? 0) + 1);
    return rows.filter(
      (r) =>
        releaseGate({ closed: true, responseCount: perCycle.get(r.cycleId)!, threshold: team.threshold }).status ===
        "released",
    );
  };
  const weeklyReleased = released(weekly);
  const entries = <R extends { id: string }>(rows: R[], field: "why" | "help" | "appreciation" | "comment") =>
    shuffle(
      rows
        .map((r) => ({ key: commentKey(r.id, field), text: (r as unknown as Record<string, string | null>)[field] }))
        .filter((c): c is KeyedComment => Boolean(c.text)),
    );
  return {
    why: entries(weeklyReleased, "why"),
    help: entries(weeklyReleased, "help"),
    appreciation: entries(weeklyReleased, "appreciation"),
    survey: entries(released(survey), "comment"),
  };
}

/** The words only, for callers that need no key. */
export function releasedComments(team: TeamRef, from: Date, to: Date, now = new Date()): ReleasedComments {
  const e = releasedCommentEntries(team, from, to, now);
  const words = (list: KeyedComment[]) => list.map((c) => c.text);
  return { why: words(e.why), help: words(e.help), appreciation: words(e.appreciation), survey: words(e.survey) };
}

/** One released comment of this team in [from, to) by its key, or null (unknown, hidden, open or another team's). */
export function findReleasedComment(
  team: TeamRef,
  key: string,
  from: Date,
  to: Date,
  now = new Date(),
): (KeyedComment & { kind: CommentKind }) | null {
  if (!isCommentKey(key)) return null;
  const e = releasedCommentEntries(team, from, to, now);
  for (const kind of COMMENT_KINDS) {
    const found = e[kind].find((c) => c.key === key);
    if (found) return { ...found, kind };
  }
  return null;
}

/** The most recent released week and quarter, for the team home. */
export function latestReleased(team: TeamRef, now = new Date()) {
  const weeks = weeklySeries(team, new Date(now.getTime() - 12 * 7 * 86400000), now, now);
  const quarters = quarterlySeries(team, new Date(now.getTime() - 2 * 365 * 86400000), now, now);
  const lastClosedWeek = [...weeks].reverse().find((w) => w.result.status !== "open") ?? null;
  const lastClosedQuarter =
    [...quarters].reverse().find((q) => q.result.status !== "open" && new Date(q.closesAt) <= now) ?? null;
  return { week: lastClosedWeek, quarter: lastClosedQuarter };
}
