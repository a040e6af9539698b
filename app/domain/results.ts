/**
 * Aggregates for ritual cycles. This module is where the anonymity promise is
 * enforced for numbers: nothing but a gate status leaves it for a cycle that is
 * still open or has fewer than k responses (PRODUCT.md, Anonymity 3 and 4).
 */

import { COMPONENTS, scoreItem, type Component, type SurveyItem } from "./survey-bank";

/** No team may lower its threshold below this, whatever its settings say. */
export const MIN_THRESHOLD = 3;

export type Gate = { status: "open" } | { status: "insufficient"; threshold: number } | { status: "released" };

/** The threshold actually applied: at least MIN_THRESHOLD, whole responses. */
export function effectiveThreshold(threshold: number): number {
  if (Number.isNaN(threshold)) throw new RangeError("threshold is NaN");
  return Math.max(Math.ceil(threshold), MIN_THRESHOLD);
}

/**
 * A threshold above the team's size means no cycle can ever reach it: say so
 * where the threshold is set (issue #12). Null when the setting can release.
 */
export function thresholdWarning(threshold: number, memberCount: number): string | null {
  const k = effectiveThreshold(threshold);
  if (k <= memberCount) return null;
  const people = memberCount === 1 ? "1 person" : `${memberCount} people`;
  return `No week can be released with this setting: it needs ${k} answers and the team has ${people}.`;
}

export function releaseGate(args: { closed: boolean; responseCount: number; threshold: number }): Gate {
  const k = effectiveThreshold(args.threshold);
  if (!Number.isInteger(args.responseCount) || args.responseCount < 0) {
    throw new RangeError(`responseCount must be a non-negative integer, got ${args.responseCount}`);
  }
  // Open is decided before the count so that an open cycle reveals nothing,
  // not even whether k has been reached yet.
  if (!args.closed) return { status: "open" };
  if (args.responseCount < k) return { status: "insufficient", threshold: k };
  return { status: "released" };
}

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

export interface Interval {
  mean: number;
  low: number;
  high: number;
  n: number;
}

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

export type Change = "rise" | "dip" | "no clear change";

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
export const TRUST_MIN = 0.6;
export const TRUST_MAX = 15;

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

/**
 * Mean with a two-sided t-interval (95 % unless told otherwise), clipped to
 * [lo, hi] because a Likert mean cannot leave the scale. With one value
 * nothing is known about spread, so the interval is the whole scale.
 */
export function meanInterval(values: readonly number[], lo = 1, hi = 5, confidence = 0.95): Interval {
  const n = values.length;
  const first = values[0];
  if (first === undefined) throw new RangeError("meanInterval needs at least one value");
  if (!(lo <= hi)) throw new RangeError(`lo (${lo}) must not exceed hi (${hi})`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`values must be finite, got ${v}`);

  // Summing equal floats can drift by an ulp; identical answers must give a
  // zero-width interval exactly.
  if (values.every((v) => v === first)) {
    const v = first;
    return n === 1 ? { mean: v, low: lo, high: hi, n } : { mean: v, low: clip(v, lo, hi), high: clip(v, lo, hi), n };
  }

  // Summing in sorted order makes the result independent of row order, so
  // the physical order of stored responses cannot show up even in the last bit.
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const ss = sorted.reduce((a, v) => a + (v - mean) ** 2, 0);
  const sd = Math.sqrt(ss / (n - 1));
  const half = tQuantile((1 + confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { mean, low: clip(mean - half, lo, hi), high: clip(mean + half, lo, hi), n };
}

function clip(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Non-overlapping intervals only; touching counts as overlapping. */
export function compareIntervals(
  previous: { low: number; high: number; mean: number },
  current: { low: number; high: number; mean: number },
): Change {
  if (current.low > previous.high) return "rise";
  if (current.high < previous.low) return "dip";
  return "no clear change";
}

// ---------------------------------------------------------------------------
// Student t quantiles. Teams are small, so the normal 1.96 would understate
// uncertainty badly (n = 3 needs 4.30); computed rather than tabled so any df
// and confidence work.

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9); ~15 significant digits for x > 0.
  const g = 7;
  const c0 = 0.99999999999980993;
  const coef = [
    676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c0;
  const t = z + g + 0.5;
  for (const [k, c] of coef.entries()) a += c / (z + k + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with df degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

const quantileCache = new Map<string, number>();

/** The p-quantile of Student's t with df degrees of freedom (0 < p < 1). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`df must be positive, got ${df}`);
  if (p < 0.5) return -tQuantile(1 - p, df);
  if (p === 0.5) return 0;
  const key = `${p}:${df}`;
  const cached = quantileCache.get(key);
  if (cached !== undefined) return cached;
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  // Bisection: monotone and cannot diverge; 200 halvings reach float precision.
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  const q = (lo + hi) / 2;
  quantileCache.set(key, q);
  return q;
}
