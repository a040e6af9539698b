/**
 * One time axis for every dashboard chart: trust per ISO week, and incidents and
 * action items in buckets (weeks, months or quarters on the team's clock) drawn on
 * the same millisecond axis, so a dip and the incident before it line up.
 */
import { isoWeeksInYear, parseWeekKey, weeklyCycleByKey, weeklyCyclesBetween, type CycleWindow } from "./cycles";
import {
  actionItemMetrics,
  incidentMetrics,
  median,
  type ActionItemMetrics,
  type ActionItemRecord,
  type IncidentRecord,
} from "./incident-metrics";
import { addCalendarDays, parseCalendarDate, zonedWallTimeToDate, type CalendarDate } from "./wall-time";
import { type Severity } from "./incidents";

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
const CACHE_LIMIT = 200_000;
const dayStartCache = new Map<string, number>();
function localDayStart(date: CalendarDate, timeZone: string): number {
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
// Incidents and action items per bucket

export interface IncidentBucket {
  key: string;
  label: string;
  start: number;
  end: number;
  count: number;
  bySeverity: Record<Severity, number>;
  /** Median time to recover of the incidents that started in the bucket and are resolved. */
  ttrMedianMinutes: number | null;
  resolved: number;
}

export function incidentBuckets(incidents: readonly IncidentRecord[], buckets: readonly Bucket[]): IncidentBucket[] {
  const groups: IncidentRecord[][] = buckets.map(() => []);
  for (const incident of incidents) {
    const i = bucketIndexOf(buckets, incident.startedAt.getTime());
    if (i >= 0) groups[i]!.push(incident);
  }
  return buckets.map((b, i) => {
    const m = incidentMetrics(groups[i]!, { from: new Date(b.start), to: new Date(b.end) });
    return {
      key: b.key,
      label: b.label,
      start: b.start,
      end: b.end,
      count: m.count,
      bySeverity: m.bySeverity,
      ttrMedianMinutes: m.timeToRecoverMinutes.median,
      resolved: m.timeToRecoverMinutes.n,
    };
  });
}

export interface ActionBucket {
  key: string;
  label: string;
  start: number;
  end: number;
  due: number;
  doneOnTime: number;
  /** done on or before the due day ÷ items due in the bucket; null when none were due. */
  completionRate: number | null;
  /** Items owed and past their due day at the bucket's end, or now for the bucket not yet ended. */
  overdue: number;
}

/**
 * The same figures as `actionItemMetrics` for each bucket, in one pass over the
 * items: converting each due day to an instant once rather than once per bucket
 * keeps five years of weekly buckets well under a millisecond per hundred items.
 * Each bucket is measured at its end, or at `now` if that comes first.
 */
export function actionItemBuckets(
  items: readonly ActionItemRecord[],
  buckets: readonly Bucket[],
  timeZone: string,
  now: number,
): ActionBucket[] {
  const out: ActionBucket[] = buckets.map((b) => ({
    key: b.key,
    label: b.label,
    start: b.start,
    end: b.end,
    due: 0,
    doneOnTime: 0,
    completionRate: null,
    overdue: 0,
  }));
  const asOf = buckets.map((b) => Math.min(b.end, now));
  for (const item of items) {
    if (item.status === "dropped") continue; // never owed, never due (as actionItemMetrics)
    const [dueStart, deadline] = dueWindow(item, timeZone);
    const i = bucketIndexOf(buckets, dueStart);
    // Due only once the due day is over: an item due later cannot be late yet.
    if (i >= 0 && deadline <= asOf[i]!) {
      out[i]!.due += 1;
      if (item.status === "done" && item.completedAt !== null && item.completedAt.getTime() < deadline)
        out[i]!.doneOnTime += 1;
    }
    // Overdue at instant t: created before t, not closed by t, and its due day over by t.
    if (item.status === "done" && item.completedAt === null) continue;
    const created = item.createdAt.getTime();
    const closed = item.status === "done" ? item.completedAt!.getTime() : Infinity;
    const since = Math.max(created + 1, deadline);
    for (let b = 0; b < out.length; b++) {
      if (asOf[b]! >= since && closed >= asOf[b]!) out[b]!.overdue += 1;
    }
  }
  for (const b of out) b.completionRate = b.due === 0 ? null : b.doneOnTime / b.due;
  return out;
}

const dueWindowCache = new Map<string, [number, number]>();

/** [start of the due day, start of the next day] on the team's clock. */
function dueWindow(item: ActionItemRecord, timeZone: string): [number, number] {
  const key = `${timeZone}|${item.dueDate}`;
  let window = dueWindowCache.get(key);
  if (!window) {
    const dueDay = parseCalendarDate(item.dueDate);
    if (dueDay === null) throw new RangeError(`Action item ${item.id} has an invalid due date "${item.dueDate}"`);
    window = [localDayStart(dueDay, timeZone), localDayStart(addCalendarDays(dueDay, 1), timeZone)];
    if (dueWindowCache.size >= CACHE_LIMIT) dueWindowCache.clear();
    dueWindowCache.set(key, window);
  }
  return window;
}

/**
 * actionItemMetrics over one period, with the due-day conversions memoised (the
 * plain version converts every item's due day through the zone rules each call).
 */
export function actionItemSummary(
  items: readonly ActionItemRecord[],
  period: { from: Date; to: Date },
  timeZone: string,
  now: Date = period.to,
): ActionItemMetrics {
  const [bucket] = actionItemBuckets(
    items,
    [{ key: "", label: "", start: period.from.getTime(), end: period.to.getTime() }],
    timeZone,
    now.getTime(),
  );
  const to = period.to.getTime();
  const asOf = Math.min(to, now.getTime());
  const from = period.from.getTime();
  let open = 0;
  const daysToClose: number[] = [];
  for (const item of items) {
    if (item.status === "dropped") continue;
    const created = item.createdAt.getTime();
    if (item.status === "done") {
      if (item.completedAt === null) continue;
      const done = item.completedAt.getTime();
      if (created < asOf && done >= asOf) open += 1;
      if (done >= from && done < to) daysToClose.push((done - created) / 86_400_000);
    } else if (created < asOf) {
      open += 1;
    }
  }
  const medianDays = median(daysToClose);
  return {
    due: bucket!.due,
    doneOnTime: bucket!.doneOnTime,
    completionRate: bucket!.completionRate,
    overdue: bucket!.overdue,
    medianDaysToClose: medianDays === null ? null : Math.round(medianDays * 10) / 10,
    open,
  };
}

/** Reference implementation for tests: actionItemMetrics called once per bucket. */
export function actionItemBucketsSlow(
  items: readonly ActionItemRecord[],
  buckets: readonly Bucket[],
  timeZone: string,
  now: number,
) {
  return buckets.map((b) => {
    const m = actionItemMetrics(items, { from: new Date(b.start), to: new Date(b.end) }, timeZone, new Date(now));
    return { due: m.due, doneOnTime: m.doneOnTime, completionRate: m.completionRate, overdue: m.overdue };
  });
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
