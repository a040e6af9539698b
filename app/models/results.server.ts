import crypto from "node:crypto";
import { and, count, eq, gte, lt, lte } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cycles, surveyResponses, weeklyResponses } from "#db/schema";
import { cycleStatus, quarterlyCyclesBetween, weeklyCyclesBetween, type CycleWindow } from "~/domain/cycles";
import { quarterlyResult, releaseGate, weeklyResult, type QuarterlyResult, type WeeklyResult } from "~/domain/results";
import { itemsForCycle, recordMemberCountsAtClose, type CycleRow } from "./cycles.server";
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
      score: weeklyResponses.score,
      n: count(weeklyResponses.score),
    })
    .from(cycles)
    .leftJoin(weeklyResponses, eq(weeklyResponses.cycleId, cycles.id))
    .where(and(eq(cycles.teamId, teamId), eq(cycles.kind, "weekly"), gte(cycles.opensAt, from), lt(cycles.opensAt, to)))
    .groupBy(cycles.id, weeklyResponses.score);
}

export type WeeklyTally = { memberCount: number; distribution: number[] };

/** Counts of each answer 1–5 per weekly cycle that opened in [from, to); raw — pass them through weeklyResult. */
export function weeklyTallies(teamId: number, from: Date, to: Date): Map<string, WeeklyTally> {
  const byKey = new Map<string, WeeklyTally>();
  for (const row of teamWeeklyTallyQuery(teamId, from, to).all()) {
    const entry = byKey.get(row.periodKey) ?? { memberCount: row.memberCount ?? 0, distribution: [0, 0, 0, 0, 0] };
    if (row.score !== null) entry.distribution[row.score - 1] = row.n;
    byKey.set(row.periodKey, entry);
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
  const db = getDb();
  const n = db.select({ n: count() }).from(surveyResponses).where(eq(surveyResponses.cycleId, cycle.id)).get()?.n ?? 0;
  const gate = releaseGate({ closed, responseCount: n, threshold });
  if (gate.status !== "released") return gate;
  const answers = db
    .select({ answers: surveyResponses.answers })
    .from(surveyResponses)
    .where(eq(surveyResponses.cycleId, cycle.id))
    .all()
    .map((r) => JSON.parse(r.answers) as Record<string, number>);
  return quarterlyResult({
    closed,
    threshold,
    items: itemsForCycle(cycle),
    answers,
    memberCount: cycle.memberCountAtClose ?? 0,
  });
}

export function quarterlySeries(team: TeamRef, from: Date, to: Date, now = new Date()): QuarterlyPoint[] {
  const windows = quarterlyCyclesBetween(from, to, team.timeZone, team.surveyWindowDays);
  const stored = new Map(
    getDb()
      .select()
      .from(cycles)
      .where(and(eq(cycles.teamId, team.id), eq(cycles.kind, "quarterly")))
      .all()
      .map((c) => [c.periodKey, c]),
  );
  return windows.map((w) => {
    const cycle = stored.get(w.periodKey);
    // A stored cycle keeps the window it opened with, even if the lead later changed the window length.
    const window: CycleWindow = cycle ? { ...w, opensAt: cycle.opensAt, closesAt: cycle.closesAt } : w;
    const closed = cycleStatus(window, now) === "closed";
    const result = cycle
      ? quarterResultOfCycle(cycle, team.threshold, closed)
      : quarterlyResult({ closed, threshold: team.threshold, items: [], answers: [], memberCount: 0 });
    return {
      periodKey: w.periodKey,
      label: w.label,
      opensAt: window.opensAt.toISOString(),
      closesAt: window.closesAt.toISOString(),
      result,
    };
  });
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

export const isCommentKey = (value: string) => /^[0-9a-f]{32}$/.test(value);

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
      id: weeklyResponses.id,
      cycleId: cycles.id,
      why: weeklyResponses.why,
      help: weeklyResponses.help,
      appreciation: weeklyResponses.appreciation,
    })
    .from(cycles)
    .innerJoin(weeklyResponses, eq(weeklyResponses.cycleId, cycles.id))
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
  recordMemberCountsAtClose(team.id, now);
  const weeks = weeklySeries(team, new Date(now.getTime() - 12 * 7 * 86400000), now, now);
  const quarters = quarterlySeries(team, new Date(now.getTime() - 2 * 365 * 86400000), now, now);
  const lastClosedWeek = [...weeks].reverse().find((w) => w.result.status !== "open") ?? null;
  const lastClosedQuarter =
    [...quarters].reverse().find((q) => q.result.status !== "open" && new Date(q.closesAt) <= now) ?? null;
  return { week: lastClosedWeek, quarter: lastClosedQuarter };
}
