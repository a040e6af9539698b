/**
 * Calendar dates and wall times. A wall time that does not exist (inside a spring-forward
 * gap) is moved forward by the length of the gap, and a wall time that occurs twice
 * (autumn) resolves to the earlier instant: Temporal's "compatible" disambiguation, which
 * is also what `new Date(y, m, d, h, mi)` does, so nobody is surprised by a rejected form.
 */
import { assertTimeZone, utcMs, wallToInstant } from "./time-zones";

export interface CalendarDate {
  year: number;
  month: number; // 1–12
  day: number;
}

export interface WallTime extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function utcMillis(t: WallTime): number {
  return utcMs(t.year, t.month, t.day, t.hour, t.minute, t.second, t.millisecond);
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate();
}

function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-11-30" → its parts; null unless it is a real date in exactly that form. */
export function parseCalendarDate(value: string): CalendarDate | null {
  const m = CALENDAR_DATE.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

/** The calendar date `days` after (or before) `date`, across month and year ends. */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(utcMs(date.year, date.month, date.day + days));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
  };
}

/**
 * The instant at which the clocks in `timeZone` show the given wall time, with
 * Temporal's "compatible" disambiguation (see the top of this file).
 */
export function zonedWallTimeToDate(
  wall: CalendarDate & Partial<Pick<WallTime, "hour" | "minute" | "second" | "millisecond">>,
  timeZone: string,
): Date {
  assertTimeZone(timeZone);
  const { year, month, day, hour = 0, minute = 0, second = 0, millisecond = 0 } = wall;
  return new Date(wallToInstant(utcMs(year, month, day, hour, minute, second, millisecond), timeZone));
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Parses "2026-11-20T14:05:00+01:00" / "…Z" (any zone), or the wall time
 * "2026-11-20T14:05[:ss[.sss]]" read in `timeZone`. Returns null for anything else,
 * including impossible dates and a wall time without a zone to read it in.
 * An explicit offset wins over `timeZone`. Throws RangeError for an unknown time zone,
 * because that is a configuration fault, not a typing mistake.
 */
export function parseDateTime(value: string, timeZone?: string): Date | null {
  if (timeZone !== undefined) assertTimeZone(timeZone);
  const m = DATE_TIME.exec(value.trim());
  if (!m) return null;
  const wall: WallTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: m[6] === undefined ? 0 : Number(m[6]),
    millisecond: m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0")),
  };
  if (!isRealDate(wall.year, wall.month, wall.day)) return null;
  // No leap seconds or 24:00: JS dates cannot represent the first, and the second is
  // the next day in disguise.
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return null;

  if (m[8] !== undefined) return new Date(utcMillis(wall));
  if (m[9] !== undefined) {
    const hours = Number(m[10]);
    const minutes = m[11] === undefined ? 0 : Number(m[11]);
    if (hours > 23 || minutes > 59) return null;
    const offset = (m[9] === "-" ? -1 : 1) * (hours * 60 + minutes);
    return new Date(utcMillis(wall) - offset * 60_000);
  }
  if (timeZone === undefined) return null;
  return zonedWallTimeToDate(wall, timeZone);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

export function formatCalendarDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}
