import crypto from "node:crypto";
import { and, asc, count, eq, gte, lt, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cycles, surveyResponses, weeklyResponses } from "#db/schema";
import { cycleStatus, quarterlyCyclesBetween, weeklyCyclesBetween, type CycleWindow } from "~/domain/cycles";
import { quarterlyResult, releaseGate, weeklyResult, type QuarterlyResult, type WeeklyResult } from "~/domain/results";
import { itemsForCycle, recordMemberCountsAtClose } from "./cycles.server";
import type { Team } from "./teams.server";

/**
 * Reads for released results only. Every number leaves through the domain
 * gate (closed and at least k responses); comments leave only for released
 * cycles, shuffled, and never beside a score.
 */

export type WeeklyPoint = { periodKey: string; label: string; opensAt: string; closesAt: string; result: WeeklyResult };
export type QuarterlyPoint = { periodKey: string; label: string; opensAt: string; closesAt: string; result: QuarterlyResult };

type TeamRef = Pick<Team, "id" | "timeZone" | "threshold" | "surveyWindowDays">;

export function weeklySeries(team: TeamRef, from: Date, to: Date, now = new Date()): WeeklyPoint[] {
  recordMemberCountsAtClose(team.id, now);
  const db = getDb();
  const windows = weeklyCyclesBetween(from, to, team.timeZone);
  if (windows.length === 0) return [];
  const rows = db
    .select({
      periodKey: cycles.periodKey,
      memberCount: cycles.memberCountAtClose,
      score: weeklyResponses.score,
      n: count(weeklyResponses.id),
    })
    .from(cycles)
    .leftJoin(weeklyResponses, eq(weeklyResponses.cycleId, cycles.id))
    .where(
      and(
        eq(cycles.teamId, team.id),
        eq(cycles.kind, "weekly"),
        gte(cycles.opensAt, windows[0]!.opensAt),
        lt(cycles.opensAt, windows[windows.length - 1]!.closesAt),
      ),
    )
    .groupBy(cycles.id, weeklyResponses.score)
    .all();
  const byKey = new Map<string, { memberCount: number; distribution: number[] }>();
  for (const row of rows) {
    const entry = byKey.get(row.periodKey) ?? { memberCount: row.memberCount ?? 0, distribution: [0, 0, 0, 0, 0] };
    if (row.score !== null) entry.distribution[row.score - 1] = row.n;
    byKey.set(row.periodKey, entry);
  }
  return windows.map((w) => {
    const tally = byKey.get(w.periodKey);
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

export function quarterlySeries(team: TeamRef, from: Date, to: Date, now = new Date()): QuarterlyPoint[] {
  recordMemberCountsAtClose(team.id, now);
  const db = getDb();
  const windows = quarterlyCyclesBetween(from, to, team.timeZone, team.surveyWindowDays);
  const stored = new Map(
    db
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
    let result: QuarterlyResult;
    if (!cycle) {
      result = quarterlyResult({ closed, threshold: team.threshold, items: [], answers: [], memberCount: 0 });
    } else {
      const n = db.select({ n: count() }).from(surveyResponses).where(eq(surveyResponses.cycleId, cycle.id)).get()?.n ?? 0;
      const gate = releaseGate({ closed, responseCount: n, threshold: team.threshold });
      // Answers are read only once the gate says the cycle is released.
      const answers =
        gate.status === "released"
          ? db
              .select({ answers: surveyResponses.answers })
              .from(surveyResponses)
              .where(eq(surveyResponses.cycleId, cycle.id))
              .all()
              .map((r) => JSON.parse(r.answers) as Record<string, number>)
          : [];
      result =
        gate.status === "released"
          ? quarterlyResult({ closed, threshold: team.threshold, items: itemsForCycle(cycle), answers, memberCount: cycle.memberCountAtClose ?? 0 })
          : gate;
    }
    return { periodKey: w.periodKey, label: window === w ? w.label : w.label, opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString(), result };
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

export type ReleasedComments = { why: string[]; help: string[]; appreciation: string[]; survey: string[] };

/**
 * Comments of the released cycles that started in [from, to): each kind shuffled on
 * its own, so neither a score nor another comment of the same person can be lined up.
 */
export function releasedComments(team: TeamRef, from: Date, to: Date, now = new Date()): ReleasedComments {
  const db = getDb();
  const closedCycles = db
    .select({ id: cycles.id, kind: cycles.kind, closesAt: cycles.closesAt })
    .from(cycles)
    .where(and(eq(cycles.teamId, team.id), gte(cycles.opensAt, from), lt(cycles.opensAt, to), lt(cycles.closesAt, sql`${now.getTime()}`)))
    .orderBy(asc(cycles.opensAt))
    .all();
  const out: ReleasedComments = { why: [], help: [], appreciation: [], survey: [] };
  for (const cycle of closedCycles) {
    if (cycle.kind === "weekly") {
      const rows = db.select({ why: weeklyResponses.why, help: weeklyResponses.help, appreciation: weeklyResponses.appreciation }).from(weeklyResponses).where(eq(weeklyResponses.cycleId, cycle.id)).all();
      if (releaseGate({ closed: true, responseCount: rows.length, threshold: team.threshold }).status !== "released") continue;
      for (const r of rows) {
        if (r.why) out.why.push(r.why);
        if (r.help) out.help.push(r.help);
        if (r.appreciation) out.appreciation.push(r.appreciation);
      }
    } else {
      const rows = db.select({ comment: surveyResponses.comment }).from(surveyResponses).where(eq(surveyResponses.cycleId, cycle.id)).all();
      if (releaseGate({ closed: true, responseCount: rows.length, threshold: team.threshold }).status !== "released") continue;
      for (const r of rows) if (r.comment) out.survey.push(r.comment);
    }
  }
  return { why: shuffle(out.why), help: shuffle(out.help), appreciation: shuffle(out.appreciation), survey: shuffle(out.survey) };
}

/** The most recent released week and quarter, for the team home. */
export function latestReleased(team: TeamRef, now = new Date()) {
  const weeks = weeklySeries(team, new Date(now.getTime() - 12 * 7 * 86400000), now, now);
  const quarters = quarterlySeries(team, new Date(now.getTime() - 2 * 365 * 86400000), now, now);
  const lastClosedWeek = [...weeks].reverse().find((w) => w.result.status !== "open") ?? null;
  const lastClosedQuarter = [...quarters].reverse().find((q) => q.result.status !== "open" && new Date(q.closesAt) <= now) ?? null;
  return { week: lastClosedWeek, quarter: lastClosedQuarter };
}
