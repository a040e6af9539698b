/**
 * Aggregates for ritual cycles. This module is where the anonymity promise is
 * enforced for numbers: nothing but a gate status leaves it for a cycle that is
 * still open or has fewer than k responses (PRODUCT.md, Anonymity 3 and 4); the
 * gate itself is domain/threshold.ts, the interval statistics domain/statistics.ts.
 */

import { clip, meanInterval, tQuantile, type Interval } from "./statistics";
import { COMPONENTS, scoreItem, type Component, type SurveyItem } from "./survey-bank";
import { effectiveThreshold, releaseGate } from "./threshold";

export type WeeklyResult =
  | { status: "open" }
  | { status: "insufficient"; threshold: number }
  | {
      status: "released";
      n: number;
      mean: number;
      distribution: [number, number, number, number, number];
      memberCount: number;
      participation: number | null;
      ci95: [number, number] | null;
    };

export type QuarterlyResult =
  | { status: "open" }
  | { status: "insufficient"; threshold: number }
  | {
      status: "released";
      n: number;
      components: Record<Component, Interval>;
      trust: { value: number; low: number; high: number };
      memberCount: number;
      participation: number | null;
    };

function assertMemberCount(memberCount: number): void {
  if (!Number.isInteger(memberCount) || memberCount < 0) {
    throw new RangeError(`memberCount must be a non-negative integer, got ${memberCount}`);
  }
}

/**
 * Responses ÷ members, capped at 1 because membership is counted at one moment
 * and people can leave after answering.
 */
export function participation(n: number, memberCount: number): number | null {
  if (memberCount === 0) return null;
  return Math.min(1, n / memberCount);
}

export function weeklyResult(args: {
  closed: boolean;
  threshold: number;
  distribution: number[];
  memberCount: number;
}): WeeklyResult {
  const { distribution } = args;
  if (!Array.isArray(distribution) || distribution.length !== 5) {
    throw new RangeError(`distribution must have 5 counts (answers 1..5), got ${distribution?.length}`);
  }
  for (const c of distribution) {
    if (!Number.isInteger(c) || c < 0)
      throw new RangeError(`distribution counts must be non-negative integers, got ${c}`);
  }
  const [one, two, three, four, five] = distribution;
  if (one === undefined || two === undefined || three === undefined || four === undefined || five === undefined) {
    throw new RangeError(`distribution must have 5 counts (answers 1..5), got ${distribution.length}`);
  }
  assertMemberCount(args.memberCount);

  const n = distribution.reduce((a, b) => a + b, 0);
  const gate = releaseGate({ closed: args.closed, responseCount: n, threshold: args.threshold });
  if (gate.status !== "released") return gate;

  const values: number[] = [];
  distribution.forEach((count, i) => {
    for (let j = 0; j < count; j++) values.push(i + 1);
  });
  const interval = meanInterval(values, 1, 5);
  return {
    status: "released",
    n,
    mean: interval.mean,
    distribution: [one, two, three, four, five],
    memberCount: args.memberCount,
    participation: participation(n, args.memberCount),
    ci95: n >= 2 ? [interval.low, interval.high] : null,
  };
}

/** Trust = (C + R + I) / S lies in [0.6, 15] on 1–5 components. */
const TRUST_MIN = 0.6;
const TRUST_MAX = 15;

/** One respondent's component means (each on 1–5, after reverse scoring). */
export type RespondentScores = Record<Component, number>;

/**
 * Trust = (C + R + I) / S from component means on 1–5, with its 95 % interval by
 * the delta method on the ratio of means, from per-respondent data.
 *
 * With a_i = C_i + R_i + I_i and s_i = S_i for each respondent who answered all
 * four components, Trust is the ratio of means ā / s̄. Its first-order
 * (delta-method) linearisation is z_i = (a_i − T · s_i) / s̄, so the standard error
 * is sd(z) / √n, and the interval is T ± t(n−1) · sd(z) / √n, clipped to 0.6–15.
 * This uses the correlation between A and S, which the four separate component
 * intervals cannot: the old interval combined their extreme ends, about 97.6 %
 * coverage at n = 7 and twice as wide as it needs to be (issue #12). A seeded
 * simulation test checks 90–97 % coverage at n = 5–10.
 */
export function trustFromComponents(
  c: Record<Component, Interval>,
  respondents: readonly RespondentScores[],
  confidence = 0.95,
): { value: number; low: number; high: number } {
  const value = (c.C.mean + c.R.mean + c.I.mean) / c.S.mean;
  const n = respondents.length;
  if (n < 2) return { value, low: TRUST_MIN, high: TRUST_MAX };
  // Sorted sums, as in meanInterval: the result cannot depend on row order.
  const a = respondents.map((r) => r.C + r.R + r.I);
  const sMean = sortedSum(respondents.map((r) => r.S)) / n;
  const ratio = sortedSum(a) / n / sMean;
  const z = respondents.map((r, i) => (a[i]! - ratio * r.S) / sMean);
  const zMean = sortedSum(z) / n;
  const sd = Math.sqrt(sortedSum(z.map((v) => (v - zMean) ** 2)) / (n - 1));
  const half = tQuantile((1 + confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { value, low: clip(value - half, TRUST_MIN, TRUST_MAX), high: clip(value + half, TRUST_MIN, TRUST_MAX) };
}

function sortedSum(values: readonly number[]): number {
  return [...values].sort((x, y) => x - y).reduce((acc, v) => acc + v, 0);
}

export function quarterlyResult(args: {
  closed: boolean;
  threshold: number;
  items: readonly SurveyItem[];
  answers: ReadonlyArray<Record<string, number>>;
  memberCount: number;
}): QuarterlyResult {
  assertMemberCount(args.memberCount);
  const byId = new Map<string, SurveyItem>();
  for (const it of args.items) {
    if (byId.has(it.id)) throw new RangeError(`Duplicate survey item id: ${it.id}`);
    byId.set(it.id, it);
  }

  const n = args.answers.length;
  const gate = releaseGate({ closed: args.closed, responseCount: n, threshold: args.threshold });
  if (gate.status !== "released") return gate;

  const perComponent: Record<Component, number[]> = { C: [], R: [], I: [], S: [] };
  // Respondents who answered all four components: the Trust interval needs each one's A and S together.
  const complete: RespondentScores[] = [];
  for (const response of args.answers) {
    const sums: Record<Component, { total: number; count: number }> = {
      C: { total: 0, count: 0 },
      R: { total: 0, count: 0 },
      I: { total: 0, count: 0 },
      S: { total: 0, count: 0 },
    };
    for (const [itemId, answer] of Object.entries(response)) {
      const it = byId.get(itemId);
      // Items no longer in the bank, and blanks, simply do not count.
      if (!it || answer === null || answer === undefined) continue;
      sums[it.component].total += scoreItem(it, answer);
      sums[it.component].count += 1;
    }
    for (const comp of COMPONENTS) {
      if (sums[comp].count > 0) perComponent[comp].push(sums[comp].total / sums[comp].count);
    }
    if (COMPONENTS.every((comp) => sums[comp].count > 0)) {
      complete.push({
        C: sums.C.total / sums.C.count,
        R: sums.R.total / sums.R.count,
        I: sums.I.total / sums.I.count,
        S: sums.S.total / sums.S.count,
      });
    }
  }

  // A component answered by fewer than k people would expose those few even
  // though the cycle as a whole has k responses, so the whole result waits.
  const k = effectiveThreshold(args.threshold);
  if (COMPONENTS.some((comp) => perComponent[comp].length < k)) {
    return { status: "insufficient", threshold: k };
  }

  const components = {
    C: meanInterval(perComponent.C, 1, 5),
    R: meanInterval(perComponent.R, 1, 5),
    I: meanInterval(perComponent.I, 1, 5),
    S: meanInterval(perComponent.S, 1, 5),
  };
  return {
    status: "released",
    n,
    components,
    trust: trustFromComponents(components, complete),
    memberCount: args.memberCount,
    participation: participation(n, args.memberCount),
  };
}
