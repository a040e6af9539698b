/**
 * One time axis for every dashboard chart: trust per ISO week, and incidents and
 * action items in buckets (weeks, months or quarters on the team's clock) drawn on
 * the same millisecond axis, so a dip and the incident before it line up.
 */
import { parseWeekKey, weeklyCycleByKey, weeklyCyclesBetween, type CycleWindow } from "./cycles";
import { isoWeeksInYear } from "./cycle-days";
import { zonedWallTimeToDate, type CalendarDate } from "./wall-time";

// ---------------------------------------------------------------------------
// Weekly windows (cycles.ts memoises each week)

export function nextWeekKey(periodKey: string): string {
  const parsed = parseWeekKey(periodKey);
  if (!parsed) throw new RangeError(`Not a week key: ${periodKey}`);
  const { isoYear, week } = parsed;
  const [y, w] = week >= isoWeeksInYear(isoYear) ? [isoYear + 1, 1] : [isoYear, week + 1];
  return `${String(y).padStart(4, "0")}-W${String(w).padStart(2, "0")}`;
}

export function previousWeekKey(periodKey: string): string {
  const parsed = parseWeekKey(periodKey);
  if (!parsed) throw new RangeError(`Not a week key: ${periodKey}`);
  const { isoYear, week } = parsed;
  const [y, w] = week <= 1 ? [isoYear - 1, isoWeeksInYear(isoYear - 1)] : [isoYear, week - 1];
  return `${String(y).padStart(4, "0")}-W${String(w).padStart(2, "0")}`;
}

/** The n weeks ending with `lastKey`, oldest first. */
export function weeksEndingWith(lastKey: string, n: number, timeZone: string): CycleWindow[] {
  const out: CycleWindow[] = [];
  let key = lastKey;
  for (let i = 0; i < n; i++) {
    out.unshift(weeklyCycleByKey(key, timeZone)!);
    key = previousWeekKey(key);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Buckets

export type Granularity = "week" | "month" | "quarter";

export interface Bucket {
  key: string;
  label: string;
  /** Start of the bucket (ms). */
  start: number;
  /** End of the bucket, cut at the period's end (ms, exclusive). */
  end: number;
}

const WEEK_MS = 7 * 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Weeks up to half a year, months up to two years, quarters beyond: 12–60 bars at most widths. */
export function chooseGranularity(from: Date, to: Date): Granularity {
  const weeks = (to.getTime() - from.getTime()) / WEEK_MS;
  if (weeks <= 27) return "week";
  if (weeks <= 105) return "month";
  return "quarter";
}

// Day starts and due windows are asked for thousands of times per dashboard; zone rules are fixed for the process.
export const CACHE_LIMIT = 200_000;
const dayStartCache = new Map<string, number>();
export function localDayStart(date: CalendarDate, timeZone: string): number {
  const key = `${timeZone}|${date.year}-${date.month}-${date.day}`;
  let ms = dayStartCache.get(key);
  if (ms === undefined) {
    ms = zonedWallTimeToDate(date, timeZone).getTime();
    if (dayStartCache.size >= CACHE_LIMIT) dayStartCache.clear();
    dayStartCache.set(key, ms);
  }
  return ms;
}

function localMonthOf(ms: number, timeZone: string): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric" }).formatToParts(
    new Date(ms),
  );
  return {
    year: Number(parts.find((p) => p.type === "year")!.value),
    month: Number(parts.find((p) => p.type === "month")!.value),
  };
}

/**
 * Calendar buckets overlapping [from, to) on the team's clock, cut to the period:
 * the first starts at `from` and the last ends at `to`, so the buckets together count
 * exactly what the period's headline figures count (issue #12: a card said 6
 * incidents where the chart, counting the whole first month, said 8).
 */
export function timeBuckets(from: Date, to: Date, timeZone: string, granularity: Granularity): Bucket[] {
  const toMs = to.getTime();
  const fromMs = from.getTime();
  if (granularity === "week") {
    return weeklyCyclesBetween(from, new Date(toMs - 1), timeZone).map((w) => ({
      key: w.periodKey,
      label: w.label,
      start: Math.max(w.opensAt.getTime(), fromMs),
      end: Math.min(w.closesAt.getTime(), toMs),
    }));
  }
  const step = granularity === "month" ? 1 : 3;
  let { year, month } = localMonthOf(from.getTime(), timeZone);
  if (granularity === "quarter") month = Math.floor((month - 1) / 3) * 3 + 1;
  const out: Bucket[] = [];
  for (;;) {
    const start = localDayStart({ year, month, day: 1 }, timeZone);
    if (start >= toMs) break;
    const nextIndex = year * 12 + (month - 1) + step;
    const next = { year: Math.floor(nextIndex / 12), month: (nextIndex % 12) + 1 };
    const end = localDayStart({ ...next, day: 1 }, timeZone);
    const q = Math.floor((month - 1) / 3) + 1;
    out.push({
      key: granularity === "month" ? `${year}-${String(month).padStart(2, "0")}` : `${year}-Q${q}`,
      label: granularity === "month" ? `${MONTHS[month - 1]} ${year}` : `Q${q} ${year}`,
      start: Math.max(start, fromMs),
      end: Math.min(end, toMs),
    });
    ({ year, month } = next);
  }
  return out;
}

/** Index of the bucket holding instant t, or -1. Buckets are sorted and contiguous. */
export function bucketIndexOf(buckets: readonly Bucket[], t: number): number {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = buckets[mid]!;
    if (t < b.start) hi = mid - 1;
    else if (t >= b.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

// ---------------------------------------------------------------------------
// Axis

export interface AxisTick {
  x: number;
  label: string;
}

/** Tick marks at bucket starts, thinned to at most `max`, labelled briefly. */
export function axisTicks(
  buckets: readonly Bucket[],
  granularity: Granularity,
  timeZone: string,
  max = 13,
): AxisTick[] {
  const every = Math.max(1, Math.ceil(buckets.length / max));
  const fmt = new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short" });
  return buckets
    .filter((_, i) => i % every === 0)
    .map((b) => ({
      x: b.start,
      label: granularity === "week" ? fmt.format(new Date(b.start)) : b.label,
    }));
}
