import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { quarterlyResult, trustFromComponents, weeklyResult } from "../../app/domain/results";
import { compareIntervals, meanInterval, tCdf, tQuantile, type Interval } from "../../app/domain/statistics";
import { MIN_THRESHOLD, effectiveThreshold, releaseGate } from "../../app/domain/threshold";
import { COMPONENTS, DEFAULT_SURVEY_BANK, type Component, type SurveyItem } from "../../app/domain/survey-bank";
import { at } from "../support/elements";

/** A response that answers every item in the bank with the same raw answer. */
const uniform = (answer: number, items: readonly SurveyItem[] = DEFAULT_SURVEY_BANK) =>
  Object.fromEntries(items.map((i) => [i.id, answer]));

/** A response giving every component the same *scored* value (undoing reversal). */
const scored = (values: Record<Component, number>, items: readonly SurveyItem[] = DEFAULT_SURVEY_BANK) =>
  Object.fromEntries(items.map((i) => [i.id, i.reversed ? 6 - values[i.component] : values[i.component]]));

const released = <T extends { status: string }>(r: T) => {
  expect(r.status).toBe("released");
  return r as Extract<T, { status: "released" }>;
};

describe("releaseGate", () => {
  it("an open cycle is open whatever the count", () => {
    expect(releaseGate({ closed: false, responseCount: 0, threshold: 3 })).toEqual({ status: "open" });
    expect(releaseGate({ closed: false, responseCount: 50, threshold: 3 })).toEqual({ status: "open" });
  });
  it("a closed cycle below threshold is insufficient and reports the threshold, not the count", () => {
    expect(releaseGate({ closed: true, responseCount: 4, threshold: 5 })).toEqual({
      status: "insufficient",
      threshold: 5,
    });
  });
  it("releases when the threshold is exactly met", () => {
    expect(releaseGate({ closed: true, responseCount: 5, threshold: 5 })).toEqual({ status: "released" });
    expect(releaseGate({ closed: true, responseCount: 3, threshold: 3 })).toEqual({ status: "released" });
  });
  it("treats a threshold below 3 as 3", () => {
    for (const t of [-5, 0, 1, 2, 2.9]) {
      expect(releaseGate({ closed: true, responseCount: 2, threshold: t })).toEqual({
        status: "insufficient",
        threshold: 3,
      });
      expect(releaseGate({ closed: true, responseCount: 3, threshold: t })).toEqual({ status: "released" });
    }
    expect(MIN_THRESHOLD).toBe(3);
  });
  it("rounds a fractional threshold up, since responses are whole", () => {
    expect(effectiveThreshold(4.2)).toBe(5);
    expect(releaseGate({ closed: true, responseCount: 4, threshold: 4.2 })).toEqual({
      status: "insufficient",
      threshold: 5,
    });
  });
  it("fails closed on nonsense inputs", () => {
    expect(() => releaseGate({ closed: true, responseCount: 10, threshold: NaN })).toThrow(RangeError);
    expect(() => releaseGate({ closed: true, responseCount: -1, threshold: 3 })).toThrow(RangeError);
    expect(() => releaseGate({ closed: true, responseCount: 3.5, threshold: 3 })).toThrow(RangeError);
    expect(releaseGate({ closed: true, responseCount: 1000, threshold: Infinity }).status).toBe("insufficient");
  });
  it("property: released iff closed and count ≥ max(threshold, 3)", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.nat(40), fc.integer({ min: -3, max: 40 }), (closed, count, threshold) => {
        const g = releaseGate({ closed, responseCount: count, threshold });
        const expected = !closed ? "open" : count >= Math.max(threshold, 3) ? "released" : "insufficient";
        expect(g.status).toBe(expected);
        if (g.status === "insufficient") expect(g.threshold).toBe(Math.max(threshold, 3));
        return true;
      }),
    );
  });
});

describe("meanInterval", () => {
  it("n = 1 spans the whole range", () => {
    expect(meanInterval([4])).toEqual({ mean: 4, low: 1, high: 5, n: 1 });
    expect(meanInterval([0.5], 0, 1)).toEqual({ mean: 0.5, low: 0, high: 1, n: 1 });
  });
  it("identical values give a zero-width interval, exactly", () => {
    expect(meanInterval([3, 3, 3, 3])).toEqual({ mean: 3, low: 3, high: 3, n: 4 });
    expect(meanInterval([0.1, 0.1, 0.1], 0, 1)).toEqual({ mean: 0.1, low: 0.1, high: 0.1, n: 3 });
  });
  it("uses the t distribution (small teams get wide intervals)", () => {
    // mean 3, sd 1, n = 3 → half-width 4.303 · 1/√3 = 2.484
    const iv = meanInterval([2, 3, 4]);
    expect(iv.mean).toBe(3);
    expect(iv.low).toBe(1); // 0.516 clipped
    expect(iv.high).toBe(5); // 5.484 clipped
    const wide = meanInterval([2, 3, 4], -100, 100);
    expect(wide.high - wide.mean).toBeCloseTo((4.302652729749464 * 1) / Math.sqrt(3), 9);
  });
  it("matches a hand computation for a larger sample", () => {
    const values = [3, 4, 4, 5, 3, 4, 2, 4, 5, 4];
    const iv = meanInterval(values);
    const mean = 3.8;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 9);
    expect(iv.mean).toBeCloseTo(mean, 12);
    expect(iv.high - iv.mean).toBeCloseTo((2.262157162740992 * sd) / Math.sqrt(10), 9);
    expect(iv.mean - iv.low).toBeCloseTo(iv.high - iv.mean, 12);
  });
  it("accepts other confidence levels", () => {
    const v = [1, 2, 3, 4, 5, 3, 3];
    const i90 = meanInterval(v, 1, 5, 0.9);
    const i99 = meanInterval(v, 1, 5, 0.99);
    expect(i90.high - i90.low).toBeLessThan(i99.high - i99.low);
  });
  it("rejects empty input and bad bounds", () => {
    expect(() => meanInterval([])).toThrow(RangeError);
    expect(() => meanInterval([1, 2], 5, 1)).toThrow(RangeError);
    expect(() => meanInterval([1, NaN])).toThrow(RangeError);
    expect(() => meanInterval([1, 2], 1, 5, 1)).toThrow(RangeError);
  });
  it("property: lo ≤ low ≤ mean ≤ high ≤ hi, and width shrinks to 0 only for constant input", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 60 }), (vs) => {
        const iv = meanInterval(vs);
        expect(iv.n).toBe(vs.length);
        expect(1).toBeLessThanOrEqual(iv.low);
        expect(iv.low).toBeLessThanOrEqual(iv.mean + 1e-12);
        expect(iv.mean).toBeLessThanOrEqual(iv.high + 1e-12);
        expect(iv.high).toBeLessThanOrEqual(5);
        const constant = vs.every((v) => v === vs[0]);
        if (vs.length > 1) expect(iv.high - iv.low === 0).toBe(constant);
        return true;
      }),
    );
  });
  it("property: the order of values does not change a single bit of the result", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 5, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.integer(),
        (vs, seed) => {
          const shuffled = [...vs].sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
          expect(meanInterval(shuffled)).toEqual(meanInterval(vs));
          expect(meanInterval([...vs].reverse())).toEqual(meanInterval(vs));
          return true;
        },
      ),
    );
  });
  it("property: duplicating the sample narrows (or keeps) the interval", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 30 }), (vs) => {
        const a = meanInterval(vs, -100, 100);
        const b = meanInterval([...vs, ...vs], -100, 100);
        expect(b.mean).toBeCloseTo(a.mean, 12);
        expect(b.high - b.low).toBeLessThanOrEqual(a.high - a.low + 1e-12);
        return true;
      }),
    );
  });
});

describe("Student t", () => {
  it.each([
    [1, 12.706204736174698],
    [2, 4.302652729749464],
    [3, 3.182446305284263],
    [5, 2.570581835636314],
    [10, 2.228138851986274],
    [30, 2.042272456301238],
    [100, 1.983971518523552],
    [1e6, 1.959966],
  ])("t(0.975, %d) ≈ %d", (df, q) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(q, 5);
  });
  it("is symmetric and inverts the CDF", () => {
    expect(tQuantile(0.025, 7)).toBeCloseTo(-tQuantile(0.975, 7), 12);
    expect(tQuantile(0.5, 4)).toBe(0);
    for (const df of [1, 2, 4, 9, 40]) {
      for (const p of [0.6, 0.9, 0.975, 0.995]) expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 9);
    }
    expect(tCdf(0, 3)).toBeCloseTo(0.5, 12);
  });
});

describe("compareIntervals", () => {
  const iv = (low: number, high: number) => ({ low, high, mean: (low + high) / 2 });
  it("calls a rise or dip only when the intervals do not overlap", () => {
    expect(compareIntervals(iv(2, 3), iv(3.1, 4))).toBe("rise");
    expect(compareIntervals(iv(3.1, 4), iv(2, 3))).toBe("dip");
    expect(compareIntervals(iv(2, 3.2), iv(3.1, 4))).toBe("no clear change");
    expect(compareIntervals(iv(2, 4), iv(2.5, 3))).toBe("no clear change");
  });
  it("treats touching intervals as overlapping", () => {
    expect(compareIntervals(iv(2, 3), iv(3, 4))).toBe("no clear change");
    expect(compareIntervals(iv(3, 4), iv(2, 3))).toBe("no clear change");
  });
  it("zero-width intervals with different means do differ", () => {
    expect(compareIntervals({ low: 3, high: 3, mean: 3 }, { low: 3.5, high: 3.5, mean: 3.5 })).toBe("rise");
  });
  it("property: antisymmetric, and a means-only difference never suffices", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (m1, w1, m2, w2) => {
          const a = { mean: m1, low: m1 - w1, high: m1 + w1 };
          const b = { mean: m2, low: m2 - w2, high: m2 + w2 };
          const ab = compareIntervals(a, b);
          const ba = compareIntervals(b, a);
          expect(ab === "rise").toBe(ba === "dip");
          expect(ab === "no clear change").toBe(ba === "no clear change");
          if (ab !== "no clear change") expect(Math.abs(m1 - m2)).toBeGreaterThan(w1 + w2);
          return true;
        },
      ),
    );
  });
});

describe("weeklyResult", () => {
  it("hides everything while open", () => {
    expect(weeklyResult({ closed: false, threshold: 3, distribution: [0, 0, 5, 5, 0], memberCount: 10 })).toEqual({
      status: "open",
    });
  });
  it("no answers → insufficient once closed", () => {
    expect(weeklyResult({ closed: true, threshold: 3, distribution: [0, 0, 0, 0, 0], memberCount: 6 })).toEqual({
      status: "insufficient",
      threshold: 3,
    });
  });
  it("below threshold → insufficient (and a threshold under 3 still means 3)", () => {
    expect(weeklyResult({ closed: true, threshold: 1, distribution: [0, 1, 0, 1, 0], memberCount: 6 })).toEqual({
      status: "insufficient",
      threshold: 3,
    });
    expect(weeklyResult({ closed: true, threshold: 5, distribution: [0, 1, 1, 1, 1], memberCount: 6 })).toEqual({
      status: "insufficient",
      threshold: 5,
    });
  });
  it("threshold exactly met → released with mean, distribution, participation, CI", () => {
    const r = released(weeklyResult({ closed: true, threshold: 4, distribution: [0, 1, 1, 1, 1], memberCount: 8 }));
    expect(r.n).toBe(4);
    expect(r.mean).toBe(3.5);
    expect(r.distribution).toEqual([0, 1, 1, 1, 1]);
    expect(r.memberCount).toBe(8);
    expect(r.participation).toBe(0.5);
    expect(r.ci95).not.toBeNull();
    const [low, high] = r.ci95!;
    expect(low).toBeLessThan(3.5);
    expect(high).toBeGreaterThan(3.5);
    expect(low).toBeGreaterThanOrEqual(1);
    expect(high).toBeLessThanOrEqual(5);
  });
  it("all answers identical → zero-width interval", () => {
    const r = released(weeklyResult({ closed: true, threshold: 3, distribution: [0, 0, 0, 7, 0], memberCount: 7 }));
    expect(r.mean).toBe(4);
    expect(r.ci95).toEqual([4, 4]);
    expect(r.participation).toBe(1);
  });
  it("participation is null with no members and capped at 1", () => {
    expect(
      released(weeklyResult({ closed: true, threshold: 3, distribution: [1, 1, 1, 0, 0], memberCount: 0 }))
        .participation,
    ).toBeNull();
    expect(
      released(weeklyResult({ closed: true, threshold: 3, distribution: [1, 1, 1, 1, 1], memberCount: 4 }))
        .participation,
    ).toBe(1);
  });
  it("returns a copy of the distribution, not the caller's array", () => {
    const d = [1, 1, 1, 0, 0];
    const r = released(weeklyResult({ closed: true, threshold: 3, distribution: d, memberCount: 3 }));
    d[0] = 99;
    expect(r.distribution[0]).toBe(1);
  });
  it("throws on a distribution without exactly 5 counts, or with bad counts — even while open", () => {
    for (const distribution of [[], [1, 2, 3, 4], [1, 2, 3, 4, 5, 6]]) {
      expect(() => weeklyResult({ closed: true, threshold: 3, distribution, memberCount: 5 })).toThrow(RangeError);
      expect(() => weeklyResult({ closed: false, threshold: 3, distribution, memberCount: 5 })).toThrow(RangeError);
    }
    expect(() => weeklyResult({ closed: true, threshold: 3, distribution: [1, -1, 3, 0, 0], memberCount: 5 })).toThrow(
      RangeError,
    );
    expect(() => weeklyResult({ closed: true, threshold: 3, distribution: [1, 1.5, 3, 0, 0], memberCount: 5 })).toThrow(
      RangeError,
    );
    expect(() => weeklyResult({ closed: true, threshold: 3, distribution: [1, 1, 3, 0, 0], memberCount: -1 })).toThrow(
      RangeError,
    );
  });
  it("property: mean is the count-weighted mean and lies in its interval", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(12), { minLength: 5, maxLength: 5 }), fc.nat(60), (dist, members) => {
        const r = weeklyResult({ closed: true, threshold: 3, distribution: dist, memberCount: members });
        const n = dist.reduce((a, b) => a + b, 0);
        if (n < 3) {
          expect(r.status).toBe("insufficient");
          return true;
        }
        const ok = released(r);
        expect(ok.n).toBe(n);
        expect(ok.mean).toBeCloseTo(dist.reduce((a, c, i) => a + c * (i + 1), 0) / n, 12);
        expect(ok.ci95![0]).toBeLessThanOrEqual(ok.mean + 1e-12);
        expect(ok.ci95![1]).toBeGreaterThanOrEqual(ok.mean - 1e-12);
        if (members === 0) expect(ok.participation).toBeNull();
        else expect(ok.participation).toBe(Math.min(1, n / members));
        return true;
      }),
    );
  });
});

describe("quarterlyResult", () => {
  const base = { closed: true, threshold: 3, items: DEFAULT_SURVEY_BANK, memberCount: 5 };

  it("hides everything while open", () => {
    expect(quarterlyResult({ ...base, closed: false, answers: [uniform(3), uniform(3), uniform(3)] })).toEqual({
      status: "open",
    });
  });
  it("no answers → insufficient", () => {
    expect(quarterlyResult({ ...base, answers: [] })).toEqual({ status: "insufficient", threshold: 3 });
  });
  it("below threshold → insufficient; threshold below 3 treated as 3", () => {
    expect(quarterlyResult({ ...base, threshold: 0, answers: [uniform(4), uniform(4)] })).toEqual({
      status: "insufficient",
      threshold: 3,
    });
    expect(quarterlyResult({ ...base, threshold: 4, answers: [uniform(4), uniform(4), uniform(4)] })).toEqual({
      status: "insufficient",
      threshold: 4,
    });
  });
  it("a neutral team (all 3s) scores Trust 3.0 with zero-width intervals", () => {
    const r = released(quarterlyResult({ ...base, answers: [uniform(3), uniform(3), uniform(3)] }));
    expect(r.n).toBe(3);
    for (const c of COMPONENTS) expect(r.components[c]).toEqual({ mean: 3, low: 3, high: 3, n: 3 });
    expect(r.trust).toEqual({ value: 3, low: 3, high: 3 });
    expect(r.participation).toBeCloseTo(0.6, 12);
    expect(r.memberCount).toBe(5);
  });
  it("reaches the extremes 15 and 0.6", () => {
    const best = scored({ C: 5, R: 5, I: 5, S: 1 });
    const worst = scored({ C: 1, R: 1, I: 1, S: 5 });
    expect(released(quarterlyResult({ ...base, answers: [best, best, best] })).trust).toEqual({
      value: 15,
      low: 15,
      high: 15,
    });
    const w = released(quarterlyResult({ ...base, answers: [worst, worst, worst] })).trust;
    expect(w.value).toBeCloseTo(0.6, 12);
    expect(w.low).toBeCloseTo(0.6, 12);
    expect(w.high).toBeCloseTo(0.6, 12);
  });
  it("applies reverse scoring: answering 5 to everything is not 'perfect'", () => {
    const r = released(quarterlyResult({ ...base, answers: [uniform(5), uniform(5), uniform(5)] }));
    // C, R, I each have 1 reversed of 4 items: (5+5+1+5)/4 = 4; S has 2 of 4 reversed: (5+1+5+1)/4 = 3.
    expect(r.components.C.mean).toBe(4);
    expect(r.components.R.mean).toBe(4);
    expect(r.components.I.mean).toBe(4);
    expect(r.components.S.mean).toBe(3);
    expect(r.trust.value).toBe(4);
  });
  it("higher S (more self-oriented) lowers Trust", () => {
    const a = released(quarterlyResult({ ...base, answers: Array(3).fill(scored({ C: 4, R: 4, I: 4, S: 2 })) }));
    const b = released(quarterlyResult({ ...base, answers: Array(3).fill(scored({ C: 4, R: 4, I: 4, S: 4 })) }));
    expect(a.components.S.mean).toBe(2);
    expect(b.components.S.mean).toBe(4);
    expect(a.trust.value).toBe(6);
    expect(b.trust.value).toBe(3);
  });
  it("averages per respondent first, skipping blanks and unknown item ids", () => {
    const items: SurveyItem[] = [
      { id: "c1", component: "C", text: "c1.", reversed: false },
      { id: "c2", component: "C", text: "c2.", reversed: true },
      { id: "r1", component: "R", text: "r1.", reversed: false },
      { id: "i1", component: "I", text: "i1.", reversed: false },
      { id: "s1", component: "S", text: "s1.", reversed: false },
    ];
    const answers: Record<string, number>[] = [
      { c1: 5, c2: 1, r1: 3, i1: 3, s1: 3 }, // C = (5 + 5) / 2 = 5
      { c1: 1, r1: 3, i1: 3, s1: 3, retired: 1 }, // C = 1 (c2 blank), retired ignored
      { c2: 3, r1: 3, i1: 3, s1: 3 }, // C = 3
    ];
    const r = released(quarterlyResult({ ...base, items, answers }));
    expect(r.components.C.mean).toBe(3); // (5 + 1 + 3) / 3, not item-weighted (5+5+1+3)/4
    expect(r.components.C.n).toBe(3);
  });
  it("a respondent with no item in a component does not count toward its n", () => {
    const full = uniform(4);
    const noS = Object.fromEntries(DEFAULT_SURVEY_BANK.filter((i) => i.component !== "S").map((i) => [i.id, 4]));
    const r = released(quarterlyResult({ ...base, answers: [full, full, full, noS] }));
    expect(r.n).toBe(4);
    expect(r.components.C.n).toBe(4);
    expect(r.components.S.n).toBe(3);
  });
  it("withholds the result if any component was answered by fewer than k people", () => {
    // Three responses, but only two touched S: releasing S would expose those two.
    const noS = Object.fromEntries(DEFAULT_SURVEY_BANK.filter((i) => i.component !== "S").map((i) => [i.id, 4]));
    expect(quarterlyResult({ ...base, answers: [uniform(4), uniform(2), noS] })).toEqual({
      status: "insufficient",
      threshold: 3,
    });
    expect(quarterlyResult({ ...base, answers: [{}, {}, {}] })).toEqual({ status: "insufficient", threshold: 3 });
  });
  it("gives Trust a delta-method interval from per-respondent data (tests/unit/trust-interval.test.ts works it by hand)", () => {
    const answers = [
      scored({ C: 4, R: 3, I: 5, S: 2 }),
      scored({ C: 3, R: 4, I: 4, S: 3 }),
      scored({ C: 5, R: 4, I: 4, S: 2 }),
      scored({ C: 4, R: 5, I: 3, S: 1 }),
      scored({ C: 4, R: 4, I: 4, S: 2 }),
    ];
    const r = released(quarterlyResult({ ...base, answers }));
    const { C, R, I, S } = r.components;
    expect(r.trust.value).toBeCloseTo((C.mean + R.mean + I.mean) / S.mean, 12);
    expect(r.trust.value).toBe(6);
    expect(r.trust.low).toBeCloseTo(3.12132, 4);
    expect(r.trust.high).toBeCloseTo(8.87868, 4);
    // Narrower than the ends of the component intervals combined, the old (97.6 % coverage) interval.
    expect(r.trust.high - r.trust.low).toBeLessThan(
      (C.high + R.high + I.high) / S.low - (C.low + R.low + I.low) / S.high,
    );
    expect(r.trust.low).toBeLessThan(r.trust.value);
    expect(r.trust.high).toBeGreaterThan(r.trust.value);
  });
  it("throws on out-of-range answers and duplicate item ids", () => {
    expect(() => quarterlyResult({ ...base, answers: [uniform(3), uniform(3), uniform(6)] })).toThrow(RangeError);
    const first = at(DEFAULT_SURVEY_BANK, 0);
    expect(() =>
      quarterlyResult({
        ...base,
        items: [...DEFAULT_SURVEY_BANK, first],
        answers: [uniform(3), uniform(3), uniform(3)],
      }),
    ).toThrow(RangeError);
  });
  it("property: Trust and its interval stay within 0.6–15 and bracket the point value", () => {
    const respondent = fc.record({
      C: fc.integer({ min: 1, max: 5 }),
      R: fc.integer({ min: 1, max: 5 }),
      I: fc.integer({ min: 1, max: 5 }),
      S: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(respondent, { minLength: 3, maxLength: 25 }), (people) => {
        const r = released(quarterlyResult({ ...base, answers: people.map((p) => scored(p)), memberCount: 10 }));
        expect(r.trust.low).toBeGreaterThanOrEqual(0.6 - 1e-12);
        expect(r.trust.high).toBeLessThanOrEqual(15 + 1e-12);
        expect(r.trust.low).toBeLessThanOrEqual(r.trust.value + 1e-12);
        expect(r.trust.value).toBeLessThanOrEqual(r.trust.high + 1e-12);
        for (const c of COMPONENTS) {
          const iv: Interval = r.components[c];
          const mean = people.reduce((a, p) => a + p[c], 0) / people.length;
          expect(iv.mean).toBeCloseTo(mean, 12);
          expect(iv.n).toBe(people.length);
        }
        expect(r.participation).toBe(Math.min(1, people.length / 10));
        return true;
      }),
    );
  });
  it("property: the answer order does not change the result", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 12 }), (raw) => {
        const answers = raw.map((a, i) => uniform(((a + i) % 5) + 1));
        const a = quarterlyResult({ ...base, answers });
        const b = quarterlyResult({ ...base, answers: [...answers].reverse() });
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        return true;
      }),
    );
  });
});

describe("trustFromComponents", () => {
  it("is (C + R + I) / S", () => {
    const iv = (mean: number): Interval => ({ mean, low: mean, high: mean, n: 3 });
    const row = { C: 4, R: 4, I: 4, S: 2 };
    expect(trustFromComponents({ C: iv(4), R: iv(4), I: iv(4), S: iv(2) }, [row, row, row]).value).toBe(6);
  });
});
