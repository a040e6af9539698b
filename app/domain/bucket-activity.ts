/**
 * Incidents and action items counted per bucket of the time axis (timeline.ts): incidents by
 * severity with the median time to recover, action items due, done on time and overdue.
 */

import {
  actionItemMetrics,
  incidentMetrics,
  median,
  type ActionItemMetrics,
  type ActionItemRecord,
  type IncidentRecord,
} from "./incident-metrics";
import { type Severity } from "./severity";
import { addCalendarDays, parseCalendarDate } from "./wall-time";
import { bucketIndexOf, CACHE_LIMIT, localDayStart, type Bucket } from "./timeline";

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
