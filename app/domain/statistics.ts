/**
 * Interval statistics for small teams: mean with a Student-t interval, and the comparison of
 * two intervals ("rise", "dip" or "no clear change").
 */

export interface Interval {
  mean: number;
  low: number;
  high: number;
  n: number;
}

export type Change = "rise" | "dip" | "no clear change";

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

export function clip(v: number, lo: number, hi: number): number {
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
