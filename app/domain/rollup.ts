/**
 * Figures over several groups (teams in the org, weeks in a retro period).
 *
 * Anonymity 5: a multi-group figure includes only groups that meet their own
 * threshold. Every input group goes through the same release gate as a single
 * team's chart; a hidden group contributes nothing — not its responses, not its
 * count, not its members — so subtracting the visible groups from the total gives
 * exactly zero, whatever the hidden group answered.
 */
import { compareIntervals, tQuantile, type Change, type Interval } from "./statistics";
import { releaseGate } from "./threshold";
import { COMPONENTS, type Component } from "./survey-bank";

export type Distribution = [number, number, number, number, number];

/** One group's tally for one period, before the gate. */
export interface GroupTally {
  groupId: number;
  periodKey: string;
  threshold: number;
  closed: boolean;
  /** Counts of answers 1..5. */
  distribution: readonly number[];
}

function emptyDistribution(): Distribution {
  return [0, 0, 0, 0, 0];
}

/** Adds counts of answers 1..5 into `pooled`, in place. */
function addCounts(pooled: Distribution, counts: readonly number[]): void {
  pooled.forEach((total, i) => {
    const c = counts[i];
    if (c === undefined) throw new RangeError(`distribution must have 5 counts (answers 1..5), got ${counts.length}`);
    pooled[i] = total + c;
  });
}

function distributionSize(d: readonly number[]): number {
  return d.reduce((a, b) => a + b, 0);
}

export function isReleased(t: Pick<GroupTally, "threshold" | "closed" | "distribution">): boolean {
  return (
    releaseGate({ closed: t.closed, responseCount: distributionSize(t.distribution), threshold: t.threshold })
      .status === "released"
  );
}

/**
 * Mean and 95 % t-interval of 1–5 answers given as counts: the same numbers as
 * results.meanInterval over the expanded values, in O(5) instead of O(n log n),
 * which matters when a thousand teams are pooled.
 */
export function intervalFromDistribution(d: readonly number[], confidence = 0.95): Interval {
  const n = distributionSize(d);
  if (n === 0) throw new RangeError("intervalFromDistribution needs at least one answer");
  const used = d.map((c, i) => (c > 0 ? i + 1 : null)).filter((v): v is number => v !== null);
  if (used.length === 1) {
    const v = used[0]!;
    return n === 1 ? { mean: v, low: 1, high: 5, n } : { mean: v, low: v, high: v, n };
  }
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += (i + 1) * d[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < 5; i++) ss += d[i]! * (i + 1 - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const half = tQuantile((1 + confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { mean, low: Math.max(1, mean - half), high: Math.min(5, mean + half), n };
}

export interface PooledPeriod {
  periodKey: string;
  /** Groups whose own tally passed the gate and are in the figure. */
  groupsIncluded: number;
  /** Closed groups below their threshold: counted, never added in. */
  groupsHidden: number;
  n: number;
  distribution: Distribution | null;
  /** null when no group was released: a gap, never a zero. */
  interval: Interval | null;
}

/** Pools released groups' answers for one period; hidden and open groups are left out. */
export function poolReleased(periodKey: string, tallies: readonly GroupTally[]): PooledPeriod {
  const pooled = emptyDistribution();
  let included = 0;
  let hidden = 0;
  for (const t of tallies) {
    if (!t.closed) continue;
    if (!isReleased(t)) {
      hidden += 1;
      continue;
    }
    included += 1;
    addCounts(pooled, t.distribution);
  }
  const n = distributionSize(pooled);
  return {
    periodKey,
    groupsIncluded: included,
    groupsHidden: hidden,
    n,
    distribution: included > 0 ? pooled : null,
    interval: included > 0 ? intervalFromDistribution(pooled) : null,
  };
}

/** The org-wide trend: one pooled figure per period key, in key order. */
export function pooledTrend(tallies: readonly GroupTally[], periodKeys?: readonly string[]): PooledPeriod[] {
  const byKey = new Map<string, GroupTally[]>();
  for (const t of tallies) {
    const list = byKey.get(t.periodKey) ?? [];
    list.push(t);
    byKey.set(t.periodKey, list);
  }
  const keys = periodKeys ?? [...byKey.keys()].sort();
  return keys.map((key) => poolReleased(key, byKey.get(key) ?? []));
}

// ---------------------------------------------------------------------------
// Quarterly: Trust Equation across groups

export interface GroupQuarter {
  groupId: number;
  /** null = hidden or not released: left out. */
  components: Record<Component, Interval> | null;
  n: number;
}

export interface PooledQuarter {
  groupsIncluded: number;
  groupsHidden: number;
  n: number;
  /** Response-weighted means of the released groups' component means. */
  components: Record<Component, number> | null;
  trust: number | null;
}

/**
 * Response-weighted mean of the released groups' component means. No interval:
 * the groups' respondents are not one sample, and a number without an honest
 * interval is better shown as what it is, a weighted mean.
 */
export function pooledQuarter(groups: readonly GroupQuarter[]): PooledQuarter {
  let included = 0;
  let hidden = 0;
  let n = 0;
  const sums: Record<Component, number> = { C: 0, R: 0, I: 0, S: 0 };
  for (const g of groups) {
    if (!g.components) {
      hidden += 1;
      continue;
    }
    included += 1;
    for (const c of COMPONENTS) sums[c] += g.components[c].mean * g.components[c].n;
    n += g.n;
  }
  if (included === 0) return { groupsIncluded: 0, groupsHidden: hidden, n: 0, components: null, trust: null };
  const weights: Record<Component, number> = { C: 0, R: 0, I: 0, S: 0 };
  for (const g of groups) if (g.components) for (const c of COMPONENTS) weights[c] += g.components[c].n;
  const components = Object.fromEntries(COMPONENTS.map((c) => [c, sums[c] / weights[c]])) as Record<Component, number>;
  return {
    groupsIncluded: included,
    groupsHidden: hidden,
    n,
    components,
    trust: (components.C + components.R + components.I) / components.S,
  };
}

// ---------------------------------------------------------------------------
// Comparing two periods (the retro's "what changed")

export interface PeriodComparison {
  current: Interval | null;
  previous: Interval | null;
  /** null when one side has no released week. */
  change: Change | null;
  /** What the comparison rests on, in words. */
  basis: string;
}

/**
 * Pools the released weeks of each side and compares the 95 % intervals. The same
 * people answer week after week, so pooled intervals are somewhat narrow; calling a
 * change only when they do not overlap keeps "rise" and "dip" conservative anyway.
 */
export function comparePeriods(previous: readonly GroupTally[], current: readonly GroupTally[]): PeriodComparison {
  const side = (tallies: readonly GroupTally[]) => {
    const released = tallies.filter(isReleased);
    const pooled = emptyDistribution();
    for (const t of released) addCounts(pooled, t.distribution);
    return { weeks: released.length, interval: released.length > 0 ? intervalFromDistribution(pooled) : null };
  };
  const before = side(previous);
  const after = side(current);
  const weeks = (k: number) => `${k} released week${k === 1 ? "" : "s"}`;
  if (!before.interval || !after.interval) {
    return {
      previous: before.interval,
      current: after.interval,
      change: null,
      basis: `Not enough to compare: ${weeks(after.weeks)} in this period, ${weeks(before.weeks)} in the one before.`,
    };
  }
  return {
    previous: before.interval,
    current: after.interval,
    change: compareIntervals(before.interval, after.interval),
    basis: `Answers pooled over ${weeks(after.weeks)} (n = ${after.interval.n}) against ${weeks(before.weeks)} before (n = ${before.interval.n}); 95 % intervals.`,
  };
}

/**
 * Plain words for a change, so "rise" is never claimed where intervals overlap.
 * The method (non-overlapping 95 % intervals) is explained one click away: CHANGE_METHOD.
 */
export function changeWords(change: Change | null): string {
  switch (change) {
    case "rise":
      return "clearly higher";
    case "dip":
      return "clearly lower";
    case "no clear change":
      return "no clear change";
    default:
      return "not enough released data to compare";
  }
}

/** How "clearly higher" and "clearly lower" are decided, for a <details> beside the words. */
export const CHANGE_METHOD =
  "A change is called clear only when the 95 % intervals of the two figures do not overlap; a smaller change could be noise and is called no clear change.";
