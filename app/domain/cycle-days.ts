/**
 * Day numbers (days since 1970-01-01) on a team's clock, ISO weeks and day-range labels:
 * the arithmetic cycles.ts builds its weekly and quarterly windows from (see its header on
 * why time zones are handled with Intl rather than by adding 24-hour days).
 */

import { DAY_MS, HOUR_MS, offsetMs, utcMs, wallMs } from "./time-zones";

export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function assertInstant(d: Date, name: string): number {
  const ms = d instanceof Date ? d.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${name} is not a valid Date`);
  return ms;
}

export function assertWindowDays(windowDays: number): void {
  if (!Number.isInteger(windowDays) || windowDays < 1) {
    throw new RangeError(`windowDays must be a positive integer, got ${windowDays}`);
  }
}

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function dayNumber(y: number, m: number, d: number): number {
  return Math.round(utcMs(y, m, d) / DAY_MS);
}

export function ymdOfDayNumber(n: number): Ymd {
  const dt = new Date(n * DAY_MS);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** The team-local calendar day an instant falls on. */
export function localDayNumber(ms: number, timeZone: string): number {
  return Math.floor(wallMs(ms, timeZone) / DAY_MS);
}

/** 1 = Monday … 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
export function isoDow(dayNum: number): number {
  return ((((dayNum + 3) % 7) + 7) % 7) + 1;
}

/**
 * First instant whose team-local date is on or after the given day. Usually
 * local midnight; when midnight is skipped by DST it is the end of the gap,
 * and when midnight happens twice it is the first one.
 */
export function startOfLocalDay(dayNum: number, timeZone: string): number {
  const target = dayNum * DAY_MS;
  let best = Infinity;
  // The offset in force at local midnight is one of the offsets in force
  // within a day and a half either side of it.
  for (const probe of [target - 36 * HOUR_MS, target, target + 36 * HOUR_MS]) {
    const offset = offsetMs(probe, timeZone);
    const candidate = target - offset;
    if (wallMs(candidate, timeZone) === target && candidate < best) best = candidate;
  }
  if (best !== Infinity) return best;

  // Midnight does not exist on this day: search for the end of the gap.
  // Real offsets are within ±26 h, so the bracket is sound.
  let lo = target - 26 * HOUR_MS;
  let hi = target + 26 * HOUR_MS;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (wallMs(mid, timeZone) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function isoWeekOfDay(dayNum: number): { isoYear: number; week: number; monday: number } {
  const dow = isoDow(dayNum);
  const thursday = dayNum - dow + 4;
  const isoYear = ymdOfDayNumber(thursday).y;
  const week = Math.floor((thursday - dayNumber(isoYear, 1, 1)) / 7) + 1;
  return { isoYear, week, monday: dayNum - dow + 1 };
}

export function mondayOfIsoWeek(isoYear: number, week: number): number {
  const jan4 = dayNumber(isoYear, 1, 4);
  return jan4 - isoDow(jan4) + 1 + (week - 1) * 7;
}

export function isoWeeksInYear(isoYear: number): number {
  // 28 December is always in the last ISO week of its year.
  return isoWeekOfDay(dayNumber(isoYear, 12, 28)).week;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** "16–22 Nov 2026", "26 Jan – 1 Feb 2026", "28 Dec 2020 – 3 Jan 2021". */
export function dayRange(first: Ymd, last: Ymd, withYear: boolean): string {
  const yearSuffix = (v: Ymd) => (withYear ? ` ${v.y}` : "");
  if (first.y !== last.y) {
    return `${first.d} ${MONTHS[first.m - 1]} ${first.y} – ${last.d} ${MONTHS[last.m - 1]} ${last.y}`;
  }
  if (first.m !== last.m) {
    return `${first.d} ${MONTHS[first.m - 1]} – ${last.d} ${MONTHS[last.m - 1]}${yearSuffix(last)}`;
  }
  if (first.d === last.d) return `${first.d} ${MONTHS[first.m - 1]}${yearSuffix(last)}`;
  return `${first.d}–${last.d} ${MONTHS[first.m - 1]}${yearSuffix(last)}`;
}
