/**
 * The dates the app accepts and the periods it computes are bounded, so one absurd value
 * (year 1 or 10000) can neither be stored nor make a page compute thousands of years of
 * weeks. Every date input — forms, the JSON API, CSV import — is checked against
 * SANE_DATE_RANGE; every computed period is clipped to the data and to MAX_PERIOD_YEARS.
 */
export const SANE_DATE_RANGE = Object.freeze({
  /** The earliest calendar day any date may name (UTC). */
  earliest: "2000-01-01",
  /** How far ahead of now a date may be (long-range due dates; a mistyped year is caught). */
  yearsAhead: 5,
});

/** The longest period any page computes week by week ("All history" included): 10 years of weeks. */
export const MAX_PERIOD_YEARS = 10;

const YEAR_MS = 365.25 * 86_400_000;

/** The accepted instants [from, to] at `now`. */
function saneRange(now: Date = new Date()): { from: Date; to: Date } {
  const to = new Date(now);
  to.setUTCFullYear(to.getUTCFullYear() + SANE_DATE_RANGE.yearsAhead);
  return { from: new Date(`${SANE_DATE_RANGE.earliest}T00:00:00Z`), to };
}

/** "2000-01-01 and 2031-11-30": the range in words, for messages. */
export function saneRangeWords(now: Date = new Date()): string {
  return `${SANE_DATE_RANGE.earliest} and ${saneRange(now).to.toISOString().slice(0, 10)}`;
}

export function isSaneInstant(instant: Date, now: Date = new Date()): boolean {
  const { from, to } = saneRange(now);
  const t = instant.getTime();
  return Number.isFinite(t) && t >= from.getTime() && t <= to.getTime();
}

/** For a calendar day "YYYY-MM-DD" (already known to be a real date). */
export function isBeforeSaneRange(day: string): boolean {
  return day < SANE_DATE_RANGE.earliest;
}

/** For a calendar day "YYYY-MM-DD" (already known to be a real date). */
export function isSaneCalendarDate(day: string, now: Date = new Date()): boolean {
  return isSaneInstant(new Date(`${day}T00:00:00Z`), now);
}

export function outOfRangeMessage(now: Date = new Date()): string {
  return `Enter a date between ${saneRangeWords(now)}`;
}

/** The earliest instant a computed period may start at `now`: never more than MAX_PERIOD_YEARS back, never before the sane range. */
export function earliestPeriodStart(now: Date = new Date()): Date {
  return new Date(Math.max(now.getTime() - MAX_PERIOD_YEARS * YEAR_MS, saneRange(now).from.getTime()));
}
