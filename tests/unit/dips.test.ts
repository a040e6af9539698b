import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { quarterlyDips, weeklyDips, type WeeklyPoint } from "../../app/domain/dips";
import type { Interval } from "../../app/domain/statistics";
import type { Component } from "../../app/domain/survey-bank";
import { at } from "../support/elements";

const wk = (i: number) => `2026-W${String(i).padStart(2, "0")}`;
const series = (means: (number | null)[], start = 1): WeeklyPoint[] =>
  means.map((mean, i) => ({ periodKey: wk(start + i), mean }));

describe("weeklyDips", () => {
  const baseline = [3.4, 4.0, 3.6, 4.1, 3.5, 3.9, 3.7, 4.2];

  it("flags a week clearly below the control band of the previous 8 released weeks", () => {
    const alerts = weeklyDips(series([...baseline, 2.4]));
    expect(alerts).toHaveLength(1);
    const a = at(alerts, 0);
    expect(a.kind).toBe("weekly");
    expect(a.periodKey).toBe("2026-W09");
    expect(a.basis.baselineWeeks).toBe(8);
    const m = baseline.reduce((x, y) => x + y, 0) / 8;
    const sd = Math.sqrt(baseline.reduce((x, v) => x + (v - m) ** 2, 0) / 7);
    expect(a.basis.bandLow).toBeCloseTo(m - 2 * sd, 12);
    expect(a.basis.bandHigh).toBeCloseTo(m + 2 * sd, 12);
    // Plain words in the message (issue #12, figure 7), the method one click away.
    expect(a.message).toBe(
      `Week 2026-W09 averaged 2.4, clearly lower than the previous 8 released weeks (usually ${a.basis.bandLow!.toFixed(1)}–${a.basis.bandHigh!.toFixed(1)})`,
    );
    expect(a.message).not.toMatch(/control band|interval|sd\b|standard deviation/);
    expect(a.method).toBe(
      `Flagged because 2.4 is below ${a.basis.bandLow!.toFixed(1)}: the mean of the previous 8 released weeks (${m.toFixed(2)}) minus 2 standard deviations (a control band of ${a.basis.bandLow!.toFixed(1)}–${a.basis.bandHigh!.toFixed(1)}; the standard deviation is taken as at least 0.15).`,
    );
  });

  it("does not flag a week inside the band, or any rise", () => {
    expect(weeklyDips(series([...baseline, 3.5]))).toEqual([]);
    expect(weeklyDips(series([...baseline, 5]))).toEqual([]);
  });

  it("needs at least minBaseline released weeks", () => {
    expect(weeklyDips(series([4, 4, 4, 1]))).toHaveLength(0); // 3 baseline weeks < 4
    expect(weeklyDips(series([4, 4, 4, 4, 1]))).toHaveLength(1);
    expect(weeklyDips(series([4, 4, 1]), { minBaseline: 2 })).toHaveLength(1);
  });

  it("skips unreleased weeks: they neither count toward nor break the baseline", () => {
    const pts = series([4, null, 4.1, null, null, 3.9, 4, null, 2.5]);
    const alerts = weeklyDips(pts);
    expect(alerts.map((a) => a.periodKey)).toEqual(["2026-W09"]);
    expect(at(alerts, 0).basis.baselineWeeks).toBe(4);
    expect(at(alerts, 0).message).toMatch(/than the previous 4 released weeks \(usually/);
    expect(weeklyDips(series([4, null, 4, null, 4, null, 1]))).toEqual([]); // only 3 released before
  });

  it("an unreleased week never raises an alert", () => {
    expect(weeklyDips(series([4, 4, 4, 4, 4, null]))).toEqual([]);
  });

  it("uses only the last `window` released weeks", () => {
    // Old low weeks would widen the band; with window 4 only the recent steady 4.0s count.
    const pts = series([1, 5, 1, 5, 4, 4, 4, 4, 3.5]);
    expect(weeklyDips(pts, { window: 4 }).map((a) => a.periodKey)).toEqual(["2026-W09"]);
    expect(weeklyDips(pts, { window: 8 })).toEqual([]);
  });

  it("a flat baseline does not flag a tiny change (sd floor)", () => {
    expect(weeklyDips(series([4, 4, 4, 4, 4, 4, 4, 4, 3.99]))).toEqual([]);
    expect(weeklyDips(series([4, 4, 4, 4, 4, 4, 4, 4, 3.75]))).toEqual([]); // band 3.7–4.3
    const alerts = weeklyDips(series([4, 4, 4, 4, 4, 4, 4, 4, 3.6]));
    expect(alerts).toHaveLength(1);
    expect(at(alerts, 0).basis.bandLow).toBeCloseTo(3.7, 12);
    expect(at(alerts, 0).basis.bandHigh).toBeCloseTo(4.3, 12);
    expect(weeklyDips(series([4, 4, 4, 4, 3.99]), { sdFloor: 0 })).toHaveLength(1);
  });

  it("sigmas widens or narrows the band", () => {
    const pts = series([...baseline, 3.4]);
    expect(weeklyDips(pts, { sigmas: 1 })).toHaveLength(1);
    expect(weeklyDips(pts, { sigmas: 3 })).toHaveLength(0);
  });

  it("a dipped week joins the baseline, so a lasting drop stops alerting", () => {
    const alerts = weeklyDips(series([4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3]));
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    expect(alerts.length).toBeLessThan(9);
    expect(at(alerts, 0).periodKey).toBe("2026-W09");
  });

  it("sorts by period key, so input order does not matter", () => {
    const pts = series([...baseline, 2.4]);
    expect(weeklyDips([...pts].reverse())).toEqual(weeklyDips(pts));
  });

  it("sorts across an ISO year boundary", () => {
    const pts: WeeklyPoint[] = [
      { periodKey: "2026-W01", mean: 2 },
      { periodKey: "2025-W49", mean: 4 },
      { periodKey: "2025-W50", mean: 4.1 },
      { periodKey: "2025-W51", mean: 3.9 },
      { periodKey: "2025-W52", mean: 4 },
    ];
    expect(weeklyDips(pts).map((a) => a.periodKey)).toEqual(["2026-W01"]);
  });

  it("never prints a mean that looks equal to the band edge", () => {
    const alerts = weeklyDips(series([4, 4, 4, 4, 3.69]));
    expect(alerts).toHaveLength(1);
    expect(at(alerts, 0).message).toContain(
      "averaged 3.69, clearly lower than the previous 4 released weeks (usually 3.70–4.30)",
    );
  });

  it("says 'released week' for a one-week baseline", () => {
    const alerts = weeklyDips(series([4, 2]), { minBaseline: 1 });
    expect(at(alerts, 0).message).toMatch(/than the previous released week \(usually/);
  });

  it("rejects nonsense options", () => {
    expect(() => weeklyDips([], { window: 0 })).toThrow(RangeError);
    expect(() => weeklyDips([], { window: 4, minBaseline: 5 })).toThrow(RangeError);
    expect(() => weeklyDips([], { sigmas: 0 })).toThrow(RangeError);
    expect(() => weeklyDips([], { sdFloor: -1 })).toThrow(RangeError);
  });

  it("property: only released weeks alert, and every alert's mean is below its band", () => {
    const mean = fc.option(fc.double({ min: 1, max: 5, noNaN: true }), { nil: null, freq: 4 });
    fc.assert(
      fc.property(fc.array(mean, { maxLength: 40 }), (means) => {
        const pts = series(means);
        const alerts = weeklyDips(pts);
        const byKey = new Map(pts.map((p) => [p.periodKey, p.mean]));
        for (const a of alerts) {
          const m = byKey.get(a.periodKey);
          expect(m).not.toBeNull();
          expect(m!).toBeLessThan(a.basis.bandLow!);
          expect(a.basis.bandHigh! - a.basis.bandLow!).toBeGreaterThanOrEqual(4 * 0.15 - 1e-12);
          expect(a.basis.baselineWeeks).toBeGreaterThanOrEqual(4);
          expect(a.basis.baselineWeeks).toBeLessThanOrEqual(8);
        }
        return true;
      }),
    );
  });

  it("property: a constant series never alerts", () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 5, noNaN: true }), fc.integer({ min: 0, max: 30 }), (v, n) => {
        expect(weeklyDips(series(Array(n).fill(v)))).toEqual([]);
        return true;
      }),
    );
  });
});

describe("quarterlyDips", () => {
  const iv = (mean: number, half = 0.2, n = 6): Interval => ({ mean, low: mean - half, high: mean + half, n });
  const comps = (c: number, r: number, i: number, s: number): Record<Component, Interval> => ({
    C: iv(c),
    R: iv(r),
    I: iv(i),
    S: iv(s),
  });

  it("flags C, R or I falling with non-overlapping intervals", () => {
    const alerts = quarterlyDips([
      { periodKey: "2026-Q1", components: comps(4, 4, 4, 2) },
      { periodKey: "2026-Q2", components: comps(3, 3.8, 3.4, 2) },
    ]);
    expect(alerts.map((a) => a.basis.component)).toEqual(["C", "I"]);
    for (const a of alerts) {
      expect(a.kind).toBe("quarterly");
      expect(a.periodKey).toBe("2026-Q2");
      expect(a.basis.previousPeriodKey).toBe("2026-Q1");
    }
    expect(at(alerts, 0).message).toBe(
      "Credibility fell from 4.0 in 2026-Q1 to 3.0 in 2026-Q2, clearly lower than the quarter before",
    );
    expect(at(alerts, 0).method).toBe(
      "Flagged because the 95 % intervals do not overlap: 3.8–4.2 in 2026-Q1, 2.8–3.2 in 2026-Q2. A change inside the uncertainty of either figure is never flagged.",
    );
  });

  it("flags S only when it rises (more self-oriented)", () => {
    const rise = quarterlyDips([
      { periodKey: "2026-Q1", components: comps(4, 4, 4, 2) },
      { periodKey: "2026-Q2", components: comps(4, 4, 4, 3) },
    ]);
    expect(rise).toHaveLength(1);
    expect(at(rise, 0).basis.component).toBe("S");
    expect(at(rise, 0).message).toMatch(
      /^Self-orientation rose from 2\.0 .* to 3\.0 .*higher self-orientation means lower trust$/,
    );
    const fall = quarterlyDips([
      { periodKey: "2026-Q1", components: comps(4, 4, 4, 3) },
      { periodKey: "2026-Q2", components: comps(4, 4, 4, 2) },
    ]);
    expect(fall).toEqual([]);
  });

  it("does not flag C, R, I rising", () => {
    expect(
      quarterlyDips([
        { periodKey: "2026-Q1", components: comps(3, 3, 3, 3) },
        { periodKey: "2026-Q2", components: comps(4, 4, 4, 3) },
      ]),
    ).toEqual([]);
  });

  it("does not flag a drop whose intervals overlap (could be noise)", () => {
    expect(
      quarterlyDips([
        { periodKey: "2026-Q1", components: { ...comps(4, 4, 4, 2), C: iv(4, 0.6) } },
        { periodKey: "2026-Q2", components: { ...comps(4, 4, 4, 2), C: iv(3, 0.6) } },
      ]),
    ).toEqual([]);
  });

  it("compares with the previous released quarter, skipping unreleased ones", () => {
    const alerts = quarterlyDips([
      { periodKey: "2025-Q4", components: comps(4, 4, 4, 2) },
      { periodKey: "2026-Q1", components: null },
      { periodKey: "2026-Q2", components: comps(3, 4, 4, 2) },
      { periodKey: "2026-Q3", components: null },
    ]);
    expect(alerts).toHaveLength(1);
    expect(at(alerts, 0).periodKey).toBe("2026-Q2");
    expect(at(alerts, 0).basis.previousPeriodKey).toBe("2025-Q4");
  });

  it("sorts by period key and needs two released quarters", () => {
    const qs = [
      { periodKey: "2026-Q2", components: comps(3, 4, 4, 2) },
      { periodKey: "2026-Q1", components: comps(4, 4, 4, 2) },
    ];
    expect(quarterlyDips(qs).map((a) => a.periodKey)).toEqual(["2026-Q2"]);
    expect(quarterlyDips([at(qs, 0)])).toEqual([]);
    expect(quarterlyDips([])).toEqual([]);
  });

  it("prints enough decimals that the printed intervals visibly do not overlap", () => {
    const alerts = quarterlyDips([
      { periodKey: "2026-Q1", components: { ...comps(4, 4, 4, 2), C: { mean: 3.5, low: 3.34, high: 3.7, n: 5 } } },
      { periodKey: "2026-Q2", components: { ...comps(4, 4, 4, 2), C: { mean: 3.2, low: 3.0, high: 3.33, n: 5 } } },
    ]);
    expect(at(alerts, 0).method).toContain("3.34–3.70");
    expect(at(alerts, 0).method).toContain("3.00–3.33");
  });

  it("property: an alert exists exactly when the bad direction has non-overlapping intervals", () => {
    const ivArb = fc
      .tuple(fc.double({ min: 1, max: 5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([m, h]): Interval => ({ mean: m, low: m - h, high: m + h, n: 5 }));
    const compsArb = fc.record({ C: ivArb, R: ivArb, I: ivArb, S: ivArb });
    fc.assert(
      fc.property(compsArb, compsArb, (a, b) => {
        const alerts = quarterlyDips([
          { periodKey: "2026-Q1", components: a },
          { periodKey: "2026-Q2", components: b },
        ]);
        const flagged = new Set(alerts.map((x) => x.basis.component));
        for (const c of ["C", "R", "I"] as const) expect(flagged.has(c)).toBe(b[c].high < a[c].low);
        expect(flagged.has("S")).toBe(b.S.low > a.S.high);
        return true;
      }),
    );
  });
});
