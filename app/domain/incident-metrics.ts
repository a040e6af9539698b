/**
 * Incident and action-item figures for a period [from, to), as the dashboard, retro
 * view, org rollup and CSV export show them (PRODUCT.md, "Scoring").
 *
 * Durations are returned unrounded except `medianDaysToClose` (one decimal, as the
 * product spec shows it); rounding for display is the view's job.
 */
import { SEVERITIES, type ActionStatus, type AuditAnswer, type AuditKey, type Severity } from "./incidents";
import { addCalendarDays, parseCalendarDate, zonedWallTimeToDate, type CalendarDate } from "./wall-time";
import { assertTimeZone, wallMs } from "./time-zones";

export interface Period {
  from: Date;
  to: Date;
}

export interface IncidentRecord {
  id: number;
  severity: Severity;
  startedAt: Date;
  detectedAt: Date | null;
  resolvedAt: Date | null;
  postmortemPublishedAt: Date | null;
  audit: Partial<Record<AuditKey, AuditAnswer>>;
}

export interface ActionItemRecord {
  id: number;
  dueDate: string; // YYYY-MM-DD, a calendar date in the team's time zone
  status: ActionStatus;
  createdAt: Date;
  completedAt: Date | null;
}

export interface IncidentMetrics {
  count: number;
  bySeverity: Record<Severity, number>;
  ongoing: number;
  timeToRecoverMinutes: {
    median: number | null;
    p90: number | null;
    n: number;
  };
  timeToPostmortemHours: { median: number | null; n: number };
  /** SEV1+SEV2 with a published postmortem ÷ SEV1+SEV2; null when there are none. */
  majorWithPostmortemShare: number | null;
  /** yes ÷ (yes + no) over every answered audit question; "na" excluded; null when none. */
  auditScore: number | null;
}

export interface ActionItemMetrics {
  /** Items whose due day lies in the period and is over (by the period's end, or now if sooner). */
  due: number;
  doneOnTime: number;
  completionRate: number | null;
  /** Items owed and past their due day at the period's end, or now for a period not yet ended. */
  overdue: number;
  medianDaysToClose: number | null;
  open: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Linear interpolation between closest ranks (Hyndman & Fan type 7, the default of
 * numpy, R and Excel's PERCENTILE.INC): the p-th percentile of sorted values v[0..n-1]
 * sits at rank h = (p / 100) · (n − 1), and is v[⌊h⌋] + (h − ⌊h⌋) · (v[⌊h⌋+1] − v[⌊h⌋]).
 * So p = 0 is the minimum, p = 100 the maximum, and p = 50 the median.
 * `p` is on the 0–100 scale; null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0–100, got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const fraction = rank - lower;
  const below = sorted[lower];
  const above = sorted[upper];
  if (below === undefined || above === undefined) throw new RangeError(`percentile rank ${rank} is outside the values`);
  // Guarding fraction === 0 avoids ∞ − ∞ = NaN should a value ever be infinite.
  return fraction === 0 ? below : below + fraction * (above - below);
}

/** The middle value, or the mean of the two middle values; null for no values. */
export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

function inPeriod(date: Date, period: Period): boolean {
  const t = date.getTime();
  return t >= period.from.getTime() && t < period.to.getTime();
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * An incident belongs to the period in which it started. An incident without
 * `resolvedAt` counts as ongoing and stays out of time to recover; one resolved after
 * the period ends still contributes its full time to recover to the period it started in.
 */
export function incidentMetrics(incidents: readonly IncidentRecord[], period: Period): IncidentMetrics {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const recoverMinutes: number[] = [];
  const postmortemHours: number[] = [];
  let count = 0;
  let ongoing = 0;
  let major = 0;
  let majorWithPostmortem = 0;
  let yes = 0;
  let no = 0;

  for (const incident of incidents) {
    if (!inPeriod(incident.startedAt, period)) continue;
    count += 1;
    bySeverity[incident.severity] += 1;

    if (incident.resolvedAt === null) {
      ongoing += 1;
    } else {
      recoverMinutes.push((incident.resolvedAt.getTime() - incident.startedAt.getTime()) / MINUTE);
      if (incident.postmortemPublishedAt !== null) {
        postmortemHours.push((incident.postmortemPublishedAt.getTime() - incident.resolvedAt.getTime()) / HOUR);
      }
    }

    if (incident.severity === "SEV1" || incident.severity === "SEV2") {
      major += 1;
      if (incident.postmortemPublishedAt !== null) majorWithPostmortem += 1;
    }

    for (const answer of Object.values(incident.audit)) {
      if (answer === "yes") yes += 1;
      else if (answer === "no") no += 1;
    }
  }

  return {
    count,
    bySeverity,
    ongoing,
    timeToRecoverMinutes: {
      median: median(recoverMinutes),
      p90: percentile(recoverMinutes, 90),
      n: recoverMinutes.length,
    },
    timeToPostmortemHours: {
      median: median(postmortemHours),
      n: postmortemHours.length,
    },
    majorWithPostmortemShare: ratio(majorWithPostmortem, major),
    auditScore: ratio(yes, yes + no),
  };
}

function dueDateOf(item: ActionItemRecord): CalendarDate {
  const date = parseCalendarDate(item.dueDate);
  // Inputs are validated on the way in, so a bad date here is corrupt data; a silently
  // skipped item would make the completion rate quietly wrong.
  if (date === null) throw new RangeError(`Action item ${item.id} has an invalid due date "${item.dueDate}"`);
  return date;
}

/** True while the item counts as open at instant `t`, as far as the record can tell. */
function openAt(item: ActionItemRecord, t: number): boolean {
  if (item.createdAt.getTime() >= t) return false;
  // There is no droppedAt, so a dropped item is treated as never having been owed.
  if (item.status === "dropped") return false;
  if (item.status === "done") {
    // Done without a completion time: nothing says it was ever late, so assume closed.
    return item.completedAt !== null && item.completedAt.getTime() >= t;
  }
  return true;
}

/**
 * Due dates are calendar dates in `timeZone` (default UTC). An item is due in the
 * period when its due day starts inside [from, to) and that day is over by the
 * moment the figures are taken: the period's end, or `now` for a period not yet
 * ended. An item due next week is not yet due, so it cannot lower the completion
 * rate. It is on time when completed before the day after its due day starts there.
 * A past period is reconstructed from `createdAt` and `completedAt`, so an item done
 * after the period ended still counts as open and (if its day had passed) overdue
 * at that period's end.
 */
export function actionItemMetrics(
  items: readonly ActionItemRecord[],
  period: Period,
  timeZone = "UTC",
  now: Date = period.to,
): ActionItemMetrics {
  const asOf = Math.min(period.to.getTime(), now.getTime());
  let due = 0;
  let doneOnTime = 0;
  let overdue = 0;
  let open = 0;
  const daysToClose: number[] = [];

  for (const item of items) {
    const dueDay = dueDateOf(item);
    const dueDayStart = zonedWallTimeToDate(dueDay, timeZone);
    const deadline = zonedWallTimeToDate(addCalendarDays(dueDay, 1), timeZone).getTime();

    if (item.status !== "dropped" && inPeriod(dueDayStart, period) && deadline <= asOf) {
      due += 1;
      if (item.status === "done" && item.completedAt !== null && item.completedAt.getTime() < deadline) {
        doneOnTime += 1;
      }
    }

    if (openAt(item, asOf)) {
      open += 1;
      if (deadline <= asOf) overdue += 1;
    }

    if (item.status === "done" && item.completedAt !== null && inPeriod(item.completedAt, period)) {
      daysToClose.push((item.completedAt.getTime() - item.createdAt.getTime()) / DAY);
    }
  }

  const medianDays = median(daysToClose);
  return {
    due,
    doneOnTime,
    completionRate: ratio(doneOnTime, due),
    overdue,
    medianDaysToClose: medianDays === null ? null : Math.round(medianDays * 10) / 10,
    open,
  };
}

export interface NamedPeriod extends Period {
  /** "2026-Q4" */
  key: string;
  /** "Q4 2026" */
  label: string;
}

/** The calendar quarter containing `instant` on the clocks of `timeZone`: [1 Oct 00:00, 1 Jan 00:00). */
export function calendarQuarter(instant: Date, timeZone: string): NamedPeriod {
  assertTimeZone(timeZone);
  const wall = new Date(wallMs(instant.getTime(), timeZone));
  return quarterPeriod(wall.getUTCFullYear(), Math.floor(wall.getUTCMonth() / 3) + 1, timeZone);
}

/** Quarter `quarter` (1–4) of `year` in `timeZone`. */
export function quarterPeriod(year: number, quarter: number, timeZone: string): NamedPeriod {
  const firstMonth = (quarter - 1) * 3 + 1;
  const from = zonedWallTimeToDate({ year, month: firstMonth, day: 1 }, timeZone);
  const to =
    quarter === 4
      ? zonedWallTimeToDate({ year: year + 1, month: 1, day: 1 }, timeZone)
      : zonedWallTimeToDate({ year, month: firstMonth + 3, day: 1 }, timeZone);
  return { from, to, key: `${year}-Q${quarter}`, label: `Q${quarter} ${year}` };
}
