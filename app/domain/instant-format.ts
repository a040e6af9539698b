/** Instants written in a team's zone: for pages, for datetime-local inputs and for CSV. */
import { assertTimeZone, displayFormatter, wallMs } from "./time-zones";
import { formatCalendarDate, type CalendarDate } from "./wall-time";

/** The wall clock in `timeZone` at `instant`, and that zone's offset then (minutes east of UTC). */
function wallTimeIn(
  instant: Date,
  timeZone: string,
): CalendarDate & { hour: number; minute: number; second: number; offsetMinutes: number } {
  assertTimeZone(timeZone);
  const wall = wallMs(instant.getTime(), timeZone);
  const w = new Date(wall);
  return {
    year: w.getUTCFullYear(),
    month: w.getUTCMonth() + 1,
    day: w.getUTCDate(),
    hour: w.getUTCHours(),
    minute: w.getUTCMinutes(),
    second: w.getUTCSeconds(),
    offsetMinutes: Math.round((wall - instant.getTime()) / 60_000),
  };
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

/** "2026-11-20T14:05", the value an `<input type="datetime-local">` shows for `instant`. */
export function toDateTimeLocal(instant: Date, timeZone: string): string {
  const w = wallTimeIn(instant, timeZone);
  return `${formatCalendarDate(w)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * "2026-11-20T14:05:00+01:00": ISO 8601 with the team's offset, for CSV export. It
 * names the same instant as toISOString() but reads naturally in a spreadsheet.
 */
export function toOffsetDateTime(instant: Date, timeZone: string): string {
  const w = wallTimeIn(instant, timeZone);
  const sign = w.offsetMinutes < 0 ? "-" : "+";
  const ms = instant.getUTCMilliseconds();
  const fraction = ms === 0 ? "" : `.${pad(ms, 3)}`;
  return (
    `${formatCalendarDate(w)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${fraction}` +
    `${sign}${pad(Math.floor(Math.abs(w.offsetMinutes) / 60))}:${pad(Math.abs(w.offsetMinutes) % 60)}`
  );
}

/** "20 Nov 2026, 14:05 CET" in the team's zone, for pages. */
export function formatInstant(instant: Date, timeZone: string): string {
  assertTimeZone(timeZone);
  return displayFormatter("instant", timeZone, "en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(instant);
}
