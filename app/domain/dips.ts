/**
 * Dip alerts go to leads, so they must be rare and explainable: every alert
 * says in plain words what it was compared against. Only released figures are
 * ever considered, so an alert can never reveal an unreleased cycle.
 */

import { compareIntervals, type Interval } from "./statistics";
import { COMPONENT_NAMES, COMPONENTS, type Component } from "./survey-bank";

export interface WeeklyPoint {
  periodKey: string;
  /** null = not released / below threshold. */
  mean: number | null;
}

export interface DipAlert {
  kind: "weekly" | "quarterly";
  periodKey: string;
  /** In plain words, for the page, the email and Slack. */
  message: string;
  /** How the alert was decided, with the numbers: shown one click away. */
  method: string;
  basis: {
    baselineWeeks?: number;
    bandLow?: number;
    bandHigh?: number;
    baselineMean?: number;
    component?: Component;
    previousPeriodKey?: string;
  };
}

export interface WeeklyDipOptions {
  /** How many previous released weeks form the baseline. */
  window?: number;
  /** No alert until at least this many released weeks precede the week. */
  minBaseline?: number;
  /** Band half-width in standard deviations. */
  sigmas?: number;
  /**
   * Lower bound on the baseline sd, on the 1–5 scale. Without it a team that
   * answered exactly 4.0 for weeks would be alerted for a 3.99.
   */
  sdFloor?: number;
}

export const WEEKLY_DIP_DEFAULTS = Object.freeze({ window: 8, minBaseline: 4, sigmas: 2, sdFloor: 0.15 });

/**
 * Fewest decimals (1–3) at which `below` still prints smaller than `above`, so a
 * message never reads "3.0 is below 3.0".
 */
function decimalsToSeparate(below: number, above: number): number {
  for (let d = 1; d < 3; d++) {
    if (Number(below.toFixed(d)) < Number(above.toFixed(d))) return d;
  }
  return 3;
}

function byPeriodKey<T extends { periodKey: string }>(items: readonly T[]): T[] {
  // Keys are zero-padded ("2026-W05", "2026-Q1") so text order is time order.
  return [...items].sort((a, b) => (a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0));
}

export function weeklyDips(points: readonly WeeklyPoint[], opts: WeeklyDipOptions = {}): DipAlert[] {
  const window = opts.window ?? WEEKLY_DIP_DEFAULTS.window;
  const minBaseline = opts.minBaseline ?? WEEKLY_DIP_DEFAULTS.minBaseline;
  const sigmas = opts.sigmas ?? WEEKLY_DIP_DEFAULTS.sigmas;
  const sdFloor = opts.sdFloor ?? WEEKLY_DIP_DEFAULTS.sdFloor;
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be a positive integer, got ${window}`);
  if (!Number.isInteger(minBaseline) || minBaseline < 1 || minBaseline > window) {
    throw new RangeError(`minBaseline must be an integer in 1..window, got ${minBaseline}`);
  }
  if (!(sigmas > 0)) throw new RangeError(`sigmas must be positive, got ${sigmas}`);
  if (!(sdFloor >= 0)) throw new RangeError(`sdFloor must be non-negative, got ${sdFloor}`);

  const alerts: DipAlert[] = [];
  const released: number[] = [];
  for (const point of byPeriodKey(points)) {
    if (point.mean === null || !Number.isFinite(point.mean)) continue;
    const baseline = released.slice(-window);
    if (baseline.length >= minBaseline) {
      const m = baseline.reduce((a, b) => a + b, 0) / baseline.length;
      const sd =
        baseline.length > 1 ? Math.sqrt(baseline.reduce((a, v) => a + (v - m) ** 2, 0) / (baseline.length - 1)) : 0;
      const spread = sigmas * Math.max(sd, sdFloor);
      const bandLow = m - spread;
      const bandHigh = m + spread;
      if (point.mean < bandLow) {
        const d = decimalsToSeparate(point.mean, bandLow);
        const weeks = baseline.length === 1 ? "released week" : `${baseline.length} released weeks`;
        alerts.push({
          kind: "weekly",
          periodKey: point.periodKey,
          message:
            `Week ${point.periodKey} averaged ${point.mean.toFixed(d)}, clearly lower than the previous ${weeks} ` +
            `(usually ${bandLow.toFixed(d)}–${bandHigh.toFixed(d)})`,
          method:
            `Flagged because ${point.mean.toFixed(d)} is below ${bandLow.toFixed(d)}: the mean of the previous ${weeks} ` +
            `(${m.toFixed(2)}) minus ${sigmas} standard deviations (a control band of ${bandLow.toFixed(d)}–${bandHigh.toFixed(d)}; ` +
            `the standard deviation is taken as at least ${sdFloor}).`,
          basis: { baselineWeeks: baseline.length, bandLow, bandHigh, baselineMean: m },
        });
      }
    }
    // A dipped week joins the baseline: a lasting drop becomes the new normal
    // rather than alerting every week forever.
    released.push(point.mean);
  }
  return alerts;
}

/**
 * Compares each released quarter with the previous released one. C, R and I
 * are bad when they fall; S is bad when it rises (more self-oriented). Only
 * non-overlapping 95 % intervals count, so noise never alerts.
 */
export function quarterlyDips(
  quarters: ReadonlyArray<{ periodKey: string; components: Record<Component, Interval> | null }>,
): DipAlert[] {
  const alerts: DipAlert[] = [];
  let previous: { periodKey: string; components: Record<Component, Interval> } | null = null;
  for (const q of byPeriodKey(quarters)) {
    if (!q.components) continue;
    if (previous) {
      for (const comp of COMPONENTS) {
        const before = previous.components[comp];
        const after = q.components[comp];
        const change = compareIntervals(before, after);
        const worse = comp === "S" ? change === "rise" : change === "dip";
        if (!worse) continue;
        const d =
          comp === "S" ? decimalsToSeparate(before.high, after.low) : decimalsToSeparate(after.high, before.low);
        const span = (iv: Interval) => `${iv.low.toFixed(d)}–${iv.high.toFixed(d)}`;
        const verb = comp === "S" ? "rose" : "fell";
        const clearly = comp === "S" ? "clearly higher" : "clearly lower";
        const why = comp === "S" ? "; higher self-orientation means lower trust" : "";
        alerts.push({
          kind: "quarterly",
          periodKey: q.periodKey,
          message:
            `${COMPONENT_NAMES[comp]} ${verb} from ${before.mean.toFixed(d)} in ${previous.periodKey} ` +
            `to ${after.mean.toFixed(d)} in ${q.periodKey}, ${clearly} than the quarter before${why}`,
          method:
            `Flagged because the 95 % intervals do not overlap: ${span(before)} in ${previous.periodKey}, ` +
            `${span(after)} in ${q.periodKey}. A change inside the uncertainty of either figure is never flagged.`,
          basis: { component: comp, previousPeriodKey: previous.periodKey },
        });
      }
    }
    previous = { periodKey: q.periodKey, components: q.components };
  }
  return alerts;
}
