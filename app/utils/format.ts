import { displayFormatter } from "~/domain/time-zones";

// Dates are shown on the team's wall clock; the explicit time zone makes the
// server render and the browser's hydration produce the same text.
const DATE: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", year: "numeric" };
const DATE_TIME: Intl.DateTimeFormatOptions = { ...DATE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

export function formatDateTime(iso: string | Date, timeZone: string): string {
  return displayFormatter("weekday-date-time", timeZone, "en-GB", DATE_TIME).format(new Date(iso));
}

export function formatDate(iso: string | Date, timeZone: string): string {
  return displayFormatter("weekday-date", timeZone, "en-GB", DATE).format(new Date(iso));
}

/** A share as a whole percentage ("42 %"), or "—" when there is none. */
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${Math.round(v * 100)} %`);

/** A mean on the 1–5 scale to two decimals, or "—" when there is none. */
export const two = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(2));
