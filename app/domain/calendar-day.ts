/**
 * "Which day is it?" on a team's clock: the one place a calendar day is read from an instant.
 * A day is written "YYYY-MM-DD", which sorts and compares as text.
 */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { assertTimeZone } from "./time-zones";

/**
 * "2026-11-30": the calendar day the clocks in `timeZone` show at `instant` (a Date or
 * epoch milliseconds). Throws RangeError for an unknown zone: a configuration fault.
 */
export function calendarDayIn(instant: Date | number, timeZone: string): string {
  assertTimeZone(timeZone);
  return format(new TZDate(typeof instant === "number" ? instant : instant.getTime(), timeZone), "yyyy-MM-dd");
}

/**
 * The UTC calendar day of an instant: not anyone's wall clock, only a bound for database
 * queries (widen it by a day to cover every zone).
 */
export function utcCalendarDay(instant: Date | number): string {
  return new Date(instant).toISOString().slice(0, 10);
}
