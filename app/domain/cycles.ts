/**
 * Ritual cycles are derived from the calendar, never stored as "created" rows:
 * a team's weekly check-in for an instant is whatever ISO week that instant
 * falls in on the team's wall clock, and the quarterly survey window is
 * anchored to the first Monday of the quarter on that same wall clock.
 *
 * Time-zone arithmetic is done with Intl directly rather than by adding
 * 24-hour days, because DST weeks are 167 or 169 hours long and some zones
 * (Asia/Tehran until 2022, America/Santiago, …) skip or repeat midnight itself.
 */

import { assertTimeZone } from "./time-zones";
import {
  assertInstant,
  assertWindowDays,
  dayNumber,
  dayRange,
  isoDow,
  isoWeekOfDay,
  isoWeeksInYear,
  localDayNumber,
  mondayOfIsoWeek,
  MONTHS,
  pad,
  startOfLocalDay,
  ymdOfDayNumber,
} from "./cycle-days";

export { isValidTimeZone } from "./time-zones";

export type CycleKind = "weekly" | "quarterly";

export interface CycleWindow {
  kind: CycleKind;
  /** "2026-W47" (ISO week-year, not calendar year) or "2026-Q4". */
  periodKey: string;
  /** UTC instant of the team-local start. */
  opensAt: Date;
  /** UTC instant of the team-local end; exclusive. */
  closesAt: Date;
  /** "Week 47, 16–22 Nov 2026" or "Q4 2026 survey, 5–18 Oct". */
  label: string;
}

export type CycleStatus = "upcoming" | "open" | "closed";

/**
 * The longest quarterly survey window a team may set: the settings form (domain/teams.ts
 * surveyWindowDaysField) and the database's teams_window_range check both allow 1–60 days.
 * Anything up to 84 days would still end before the next quarter's window opens (a quarter
 * has at least 90 days and its first Monday is at the latest the 7th), so 60 leaves a month
 * between surveys. Not enforced here so that a bad setting cannot crash a dashboard.
 */
export const MAX_QUARTERLY_WINDOW_DAYS = 60;

// A zone's weeks never change while the process runs, and building one through
// Intl costs ~60 µs: five years of weeks would be most of a dashboard's budget,
// and answering computes its week on every request. Keyed by zone and Monday.
const weekCache = new Map<string, CycleWindow>();
const WEEK_CACHE_LIMIT = 200_000;

/** The local Monday (day number) each cached week starts on, so the next week needs no time-zone lookup. */
const mondayOfWeek = new WeakMap<CycleWindow, number>();

function weeklyWindowFromMonday(monday: number, timeZone: string): CycleWindow {
  const key = `${timeZone}|${monday}`;
  let w = weekCache.get(key);
  if (!w) {
    if (weekCache.size >= WEEK_CACHE_LIMIT) weekCache.clear();
    w = Object.freeze(buildWeeklyWindow(monday, timeZone));
    weekCache.set(key, w);
    mondayOfWeek.set(w, monday);
  }
  return w;
}

function buildWeeklyWindow(monday: number, timeZone: string): CycleWindow {
  const { isoYear, week } = isoWeekOfDay(monday);
  return {
    kind: "weekly",
    periodKey: `${pad(isoYear, 4)}-W${pad(week, 2)}`,
    opensAt: new Date(startOfLocalDay(monday, timeZone)),
    closesAt: new Date(startOfLocalDay(monday + 7, timeZone)),
    label: `Week ${week}, ${dayRange(ymdOfDayNumber(monday), ymdOfDayNumber(monday + 6), true)}`,
  };
}

export function weeklyCycleAt(instant: Date, timeZone: string): CycleWindow {
  const ms = assertInstant(instant, "instant");
  assertTimeZone(timeZone);
  const { monday } = isoWeekOfDay(localDayNumber(ms, timeZone));
  let w = weeklyWindowFromMonday(monday, timeZone);
  // If a zone ever repeats Monday's midnight hour, the local date alone can
  // name the neighbouring week; windows must still partition time.
  if (ms < w.opensAt.getTime()) w = weeklyWindowFromMonday(monday - 7, timeZone);
  else if (ms >= w.closesAt.getTime()) w = weeklyWindowFromMonday(monday + 7, timeZone);
  return w;
}

const WEEK_KEY = /^(\d{4})-W(\d{2})$/;

export function parseWeekKey(periodKey: string): { isoYear: number; week: number } | null {
  const m = WEEK_KEY.exec(periodKey);
  if (!m) return null;
  const isoYear = Number(m[1]);
  const week = Number(m[2]);
  if (isoYear < 1 || week < 1 || week > isoWeeksInYear(isoYear)) return null;
  return { isoYear, week };
}

export function weeklyCycleByKey(periodKey: string, timeZone: string): CycleWindow | null {
  assertTimeZone(timeZone);
  const parsed = typeof periodKey === "string" ? parseWeekKey(periodKey) : null;
  if (!parsed) return null;
  return weeklyWindowFromMonday(mondayOfIsoWeek(parsed.isoYear, parsed.week), timeZone);
}

type Quarter = 1 | 2 | 3 | 4;

const quarterCache = new Map<string, CycleWindow>();

function quarterlyWindow(year: number, quarter: Quarter, timeZone: string, windowDays: number): CycleWindow {
  const key = `${timeZone}|${windowDays}|${year}|${quarter}`;
  let w = quarterCache.get(key);
  if (!w) {
    if (quarterCache.size >= WEEK_CACHE_LIMIT) quarterCache.clear();
    w = Object.freeze(buildQuarterlyWindow(year, quarter, timeZone, windowDays));
    quarterCache.set(key, w);
  }
  return w;
}

function buildQuarterlyWindow(year: number, quarter: Quarter, timeZone: string, windowDays: number): CycleWindow {
  const first = dayNumber(year, 3 * (quarter - 1) + 1, 1);
  const opens = first + ((8 - isoDow(first)) % 7);
  return {
    kind: "quarterly",
    periodKey: `${pad(year, 4)}-Q${quarter}`,
    opensAt: new Date(startOfLocalDay(opens, timeZone)),
    // Calendar days on the team's clock, not 24-hour blocks.
    closesAt: new Date(startOfLocalDay(opens + windowDays, timeZone)),
    label: `Q${quarter} ${year} survey, ${dayRange(ymdOfDayNumber(opens), ymdOfDayNumber(opens + windowDays - 1), false)}`,
  };
}

export function quarterlyCycleFor(year: number, quarter: Quarter, timeZone: string, windowDays: number): CycleWindow {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new RangeError(`Bad year: ${year}`);
  if (![1, 2, 3, 4].includes(quarter)) throw new RangeError(`Bad quarter: ${quarter}`);
  assertTimeZone(timeZone);
  assertWindowDays(windowDays);
  return quarterlyWindow(year, quarter, timeZone, windowDays);
}

function localQuarterIndex(ms: number, timeZone: string): number {
  const { y, m } = ymdOfDayNumber(localDayNumber(ms, timeZone));
  return y * 4 + Math.floor((m - 1) / 3);
}

function quarterOfIndex(index: number): { year: number; quarter: Quarter } {
  return { year: Math.floor(index / 4), quarter: ((index % 4) + 1) as Quarter };
}

export function quarterlyCycleAt(instant: Date, timeZone: string, windowDays: number): CycleWindow {
  const ms = assertInstant(instant, "instant");
  assertTimeZone(timeZone);
  assertWindowDays(windowDays);
  const { year, quarter } = quarterOfIndex(localQuarterIndex(ms, timeZone));
  return quarterlyWindow(year, quarter, timeZone, windowDays);
}

const QUARTER_KEY = /^(\d{4})-Q([1-4])$/;

export function parseQuarterKey(periodKey: string): { year: number; quarter: Quarter } | null {
  const m = typeof periodKey === "string" ? QUARTER_KEY.exec(periodKey) : null;
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1) return null;
  return { year, quarter: Number(m[2]) as Quarter };
}

export function quarterlyCycleByKey(periodKey: string, timeZone: string, windowDays: number): CycleWindow | null {
  assertTimeZone(timeZone);
  assertWindowDays(windowDays);
  const parsed = parseQuarterKey(periodKey);
  if (!parsed) return null;
  return quarterlyWindow(parsed.year, parsed.quarter, timeZone, windowDays);
}

export function cycleStatus(cycle: CycleWindow, now: Date): CycleStatus {
  const t = assertInstant(now, "now");
  if (t < cycle.opensAt.getTime()) return "upcoming";
  if (t < cycle.closesAt.getTime()) return "open";
  return "closed";
}

/** Every week overlapping the closed interval [from, to], ascending. */
export function weeklyCyclesBetween(from: Date, to: Date, timeZone: string): CycleWindow[] {
  const fromMs = assertInstant(from, "from");
  const toMs = assertInstant(to, "to");
  assertTimeZone(timeZone);
  const out: CycleWindow[] = [];
  if (fromMs > toMs) return out;
  let w = weeklyCycleAt(from, timeZone);
  while (w.opensAt.getTime() <= toMs) {
    out.push(w);
    // The week after starts on the next Monday: the same window weeklyCycleAt(w.closesAt) finds.
    const monday = mondayOfWeek.get(w);
    w = monday === undefined ? weeklyCycleAt(w.closesAt, timeZone) : weeklyWindowFromMonday(monday + 7, timeZone);
  }
  return out;
}

/** Every quarterly window overlapping the closed interval [from, to], ascending. */
export function quarterlyCyclesBetween(from: Date, to: Date, timeZone: string, windowDays: number): CycleWindow[] {
  const fromMs = assertInstant(from, "from");
  const toMs = assertInstant(to, "to");
  assertTimeZone(timeZone);
  assertWindowDays(windowDays);
  const out: CycleWindow[] = [];
  if (fromMs > toMs) return out;
  // An over-long window opened in an earlier quarter can still reach `from`.
  const lookBack = Math.ceil(windowDays / 90) + 1;
  const last = localQuarterIndex(toMs, timeZone);
  for (let i = localQuarterIndex(fromMs, timeZone) - lookBack; i <= last; i++) {
    const { year, quarter } = quarterOfIndex(i);
    if (year < 1) continue;
    const w = quarterlyWindow(year, quarter, timeZone, windowDays);
    if (w.opensAt.getTime() <= toMs && w.closesAt.getTime() > fromMs) out.push(w);
  }
  return out;
}

/**
 * The calendar days of an ISO week, "23–29 Nov 2026", and its first day, "23 Nov":
 * how weeks are named on every page (a week's days are the same in every zone).
 */
export function weekDays(periodKey: string): { range: string; start: string } | null {
  const parsed = parseWeekKey(periodKey);
  if (!parsed) return null;
  const w = weeklyCycleByKey(periodKey, "UTC")!;
  const monday = new Date(w.opensAt.getTime());
  return {
    range: w.label.replace(/^Week \d+, /, ""),
    start: `${monday.getUTCDate()} ${MONTHS[monday.getUTCMonth()]}`,
  };
}
