import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { meanInterval, type Interval } from "~/domain/statistics";
import {
  changeWords,
  comparePeriods,
  intervalFromDistribution,
  isReleased,
  pooledQuarter,
  pooledTrend,
  poolReleased,
  type GroupTally,
} from "~/domain/rollup";
import type { Component } from "~/domain/survey-bank";

const expand = (d: readonly number[]) => d.flatMap((c, i) => Array<number>(c).fill(i + 1));
const tally = (groupId: number, distribution: number[], opts: Partial<GroupTally> = {}): GroupTally => ({
  groupId,
  periodKey: "2026-W10",
  threshold: 3,
  closed: true,
  distribution,
  ...opts,
});

const distribution = (min = 0, max = 12) =>
  fc
    .array(fc.integer({ min: 0, max }), { minLength: 5, maxLength: 5 })
    .filter((d) => d.reduce((a, b) => a + b, 0) >= min);

describe("intervalFromDistribution", () => {
  it("gives the same mean and interval as meanInterval over the answers", () => {
    fc.assert(
      fc.property(distribution(1, 40), (d) => {
        const fast = intervalFromDistribution(d);
        const slow = meanInterval(expand(d), 1, 5);
        expect(fast.n).toBe(slow.n);
        expect(fast.mean).toBeCloseTo(slow.mean, 12);
        expect(fast.low).toBeCloseTo(slow.low, 10);
        expect(fast.high).toBeCloseTo(slow.high, 10);
      }),
    );
  });

  it("is exact for identical answers and the whole scale for a single one", () => {
    expect(intervalFromDistribution([0, 0, 0, 4, 0])).toEqual({ mean: 4, low: 4, high: 4, n: 4 });
    expect(intervalFromDistribution([0, 1, 0, 0, 0])).toEqual({ mean: 2, low: 1, high: 5, n: 1 });
    expect(() => intervalFromDistribution([0, 0, 0, 0, 0])).toThrow(RangeError);
  });
});

describe("poolReleased: only groups that meet their own threshold", () => {
  it("pools released groups and leaves hidden and open ones out entirely", () => {
    const pooled = poolReleased("2026-W10", [
      tally(1, [0, 0, 1, 2, 1]), // 4 answers, released
      tally(2, [1, 1, 0, 0, 0]), // 2 answers: hidden
      tally(3, [0, 0, 0, 3, 2], { threshold: 6 }), // 5 answers but threshold 6: hidden
      tally(4, [5, 5, 5, 5, 5], { closed: false }), // open: not even counted as hidden
    ]);
    expect(pooled.groupsIncluded).toBe(1);
    expect(pooled.groupsHidden).toBe(2);
    expect(pooled.n).toBe(4);
    expect(pooled.distribution).toEqual([0, 0, 1, 2, 1]);
    expect(pooled.interval).toEqual(intervalFromDistribution([0, 0, 1, 2, 1]));
  });

  it("never applies a threshold below 3, whatever a group says", () => {
    expect(isReleased(tally(1, [0, 1, 1, 0, 0], { threshold: 2 }))).toBe(false);
    expect(isReleased(tally(1, [0, 1, 1, 1, 0], { threshold: 2 }))).toBe(true);
    expect(isReleased(tally(1, [0, 1, 1, 1, 0], { threshold: 0 }))).toBe(true);
  });

  it("is a gap, not a zero, when every group is hidden", () => {
    const pooled = poolReleased("2026-W10", [tally(1, [0, 1, 1, 0, 0]), tally(2, [0, 0, 0, 0, 0])]);
    expect(pooled).toEqual({
      periodKey: "2026-W10",
      groupsIncluded: 0,
      groupsHidden: 2,
      n: 0,
      distribution: null,
      interval: null,
    });
  });

  it("org figure minus the visible groups reveals nothing: a hidden group never changes any number", () => {
    const visible = fc.array(
      fc
        .record({ threshold: fc.integer({ min: 3, max: 8 }), d: distribution() })
        .filter(({ threshold, d }) => d.reduce((a, b) => a + b, 0) >= threshold),
      { minLength: 0, maxLength: 6 },
    );
    const hiddenGroup = fc
      .record({ threshold: fc.integer({ min: 3, max: 8 }), d: distribution(0, 3) })
      .filter(({ threshold, d }) => d.reduce((a, b) => a + b, 0) < threshold);
    fc.assert(
      fc.property(visible, hiddenGroup, hiddenGroup, (vis, hiddenA, hiddenB) => {
        const base = vis.map((v, i) => tally(i + 1, v.d, { threshold: v.threshold }));
        const withA = poolReleased("k", [...base, tally(99, hiddenA.d, { threshold: hiddenA.threshold })]);
        const withB = poolReleased("k", [...base, tally(99, hiddenB.d, { threshold: hiddenB.threshold })]);
        const without = poolReleased("k", base);
        // Whatever the hidden group answered, every figure is the same...
        expect(withA).toEqual(withB);
        // ...and equals the visible groups alone, so subtracting them leaves exactly nothing.
        expect({ ...withA, groupsHidden: withA.groupsHidden - 1 }).toEqual(without);
        const visibleN = base.reduce((a, t) => a + t.distribution.reduce((x, y) => x + y, 0), 0);
        expect(withA.n - visibleN).toBe(0);
        if (withA.interval) {
          const visibleSum = base.reduce((a, t) => a + expand(t.distribution).reduce((x, y) => x + y, 0), 0);
          expect(withA.interval.mean * withA.n - visibleSum).toBeCloseTo(0, 9);
        }
      }),
    );
  });
});

describe("pooledTrend", () => {
  it("gives one point per period key, in key order, gaps for all-hidden weeks", () => {
    const trend = pooledTrend(
      [
        tally(1, [0, 0, 3, 0, 0], { periodKey: "2026-W02" }),
        tally(1, [0, 0, 0, 0, 3], { periodKey: "2026-W01" }),
        tally(2, [0, 0, 0, 3, 0], { periodKey: "2026-W01" }),
        tally(2, [1, 0, 0, 0, 0], { periodKey: "2026-W03" }),
      ],
      ["2026-W01", "2026-W02", "2026-W03", "2026-W04"],
    );
    expect(trend.map((p) => [p.periodKey, p.interval?.mean ?? null, p.groupsIncluded, p.groupsHidden])).toEqual([
      ["2026-W01", 4.5, 2, 0],
      ["2026-W02", 3, 1, 0],
      ["2026-W03", null, 0, 1],
      ["2026-W04", null, 0, 0],
    ]);
  });
});

describe("pooledQuarter", () => {
  const iv = (mean: number, n: number): Interval => ({ mean, low: mean - 0.3, high: mean + 0.3, n });
  const comps = (c: number, r: number, i: number, s: number, n: number) =>
    ({ C: iv(c, n), R: iv(r, n), I: iv(i, n), S: iv(s, n) }) as Record<Component, Interval>;

  it("weights released groups by their answers and leaves hidden groups out", () => {
    const pooled = pooledQuarter([
      { groupId: 1, components: comps(4, 4, 4, 2, 3), n: 3 },
      { groupId: 2, components: comps(3, 3, 3, 3, 9), n: 9 },
      { groupId: 3, components: null, n: 0 },
    ]);
    expect(pooled.groupsIncluded).toBe(2);
    expect(pooled.groupsHidden).toBe(1);
    expect(pooled.n).toBe(12);
    expect(pooled.components!.C).toBeCloseTo((4 * 3 + 3 * 9) / 12, 12);
    expect(pooled.components!.S).toBeCloseTo((2 * 3 + 3 * 9) / 12, 12);
    expect(pooled.trust).toBeCloseTo((3 * pooled.components!.C) / pooled.components!.S, 12);
  });

  it("shows nothing when no group is released", () => {
    expect(pooledQuarter([{ groupId: 1, components: null, n: 0 }])).toEqual({
      groupsIncluded: 0,
      groupsHidden: 1,
      n: 0,
      components: null,
      trust: null,
    });
  });
});

describe("comparePeriods", () => {
  const weeks = (ds: number[][], closed = true) =>
    ds.map((d, i) => tally(1, d, { periodKey: `2026-W${String(i + 10).padStart(2, "0")}`, closed }));

  it("calls overlapping intervals no clear change", () => {
    const c = comparePeriods(
      weeks([
        [0, 1, 2, 2, 0],
        [0, 1, 1, 2, 1],
      ]),
      weeks([
        [0, 1, 2, 1, 1],
        [0, 2, 1, 1, 1],
      ]),
    );
    expect(c.change).toBe("no clear change");
    expect(c.basis).toMatch(
      /^Answers pooled over 2 released weeks \(n = 10\) against 2 released weeks before \(n = 10\)/,
    );
  });

  it("calls a rise or a dip only when the intervals do not overlap", () => {
    const low = weeks([
      [3, 3, 1, 0, 0],
      [2, 4, 1, 0, 0],
    ]);
    const high = weeks([
      [0, 0, 1, 3, 3],
      [0, 0, 1, 4, 2],
    ]);
    expect(comparePeriods(low, high).change).toBe("rise");
    expect(comparePeriods(high, low).change).toBe("dip");
    expect(changeWords("rise")).toBe("clearly higher");
    expect(changeWords("dip")).toBe("clearly lower");
    expect(changeWords("no clear change")).toBe("no clear change");
  });

  it("uses only released weeks, and says when there is nothing to compare", () => {
    const hiddenOnly = weeks([[0, 0, 1, 1, 0]]); // 2 answers
    const c = comparePeriods(hiddenOnly, weeks([[0, 0, 1, 2, 1]]));
    expect(c.change).toBeNull();
    expect(c.previous).toBeNull();
    expect(c.basis).toBe("Not enough to compare: 1 released week in this period, 0 released weeks in the one before.");
    expect(changeWords(null)).toBe("not enough released data to compare");
  });
});
