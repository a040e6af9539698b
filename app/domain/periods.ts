/**
 * The period a dashboard shows: a preset (last 12 weeks, 6 months, a year, all
 * history) or a custom from–to range of calendar dates. Dates are calendar days
 * on the team's clock; a range is [start of `from`, start of the day after `to`),
 * never later than now, so an unfinished week or month is shown as it stands.
 */
import { z } from "zod";
import { issuesToFieldErrors } from "./field-errors";
import {
  PERIOD_LABELS,
  PERIOD_PRESETS,
  type PeriodErrors,
  type PeriodPreset,
  type PeriodValues,
} from "./period-presets";
import { weeklyCycleAt } from "./cycles";
import { earliestPeriodStart, isBeforeSaneRange, outOfRangeMessage } from "./date-range";
import {
  addCalendarDays,
  formatCalendarDate,
  parseCalendarDate,
  zonedWallTimeToDate,
  type CalendarDate,
} from "./wall-time";
import { calendarDayIn } from "./calendar-day";

export type PeriodChoice = { preset: Exclude<PeriodPreset, "custom"> } | { preset: "custom"; from: string; to: string };

// In the zod-free presets module, so the retro page can name it without shipping zod.
export { RETRO_MAX_WEEKS } from "./period-presets";

/** A custom range longer than this would draw thousands of weeks; "all" has no such limit. */
export const MAX_CUSTOM_YEARS = 10;

const DATE_MESSAGE = "Enter a date like 2026-01-31";

const blankToUndefined = (v: unknown) =>
  typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v;

const dateField = z.preprocess(
  blankToUndefined,
  z
    .string({ error: DATE_MESSAGE })
    .refine((s) => parseCalendarDate(s) !== null, { error: DATE_MESSAGE })
    // Only the lower bound here: a period never reaches past today ("cannot start in the future").
    .refine((s) => parseCalendarDate(s) === null || !isBeforeSaneRange(s), { error: () => outOfRangeMessage() })
    .optional(),
);

const periodQuerySchema = z
  .object({
    period: z.preprocess(
      blankToUndefined,
      z
        .enum(PERIOD_PRESETS, { error: "Choose last 12 weeks, last 6 months, last year, all history or custom dates" })
        .optional(),
    ),
    from: dateField,
    to: dateField,
  })
  .transform((q, ctx): PeriodChoice => {
    // Dates without a preset mean custom dates, so a hand-written link works too.
    const preset = q.period ?? (q.from !== undefined || q.to !== undefined ? "custom" : "12w");
    if (preset !== "custom") return { preset };
    if (q.from === undefined)
      ctx.addIssue({ code: "custom", path: ["from"], message: "Enter the first day of the period" });
    if (q.to === undefined) ctx.addIssue({ code: "custom", path: ["to"], message: "Enter the last day of the period" });
    if (q.from === undefined || q.to === undefined) return z.NEVER;
    if (q.from > q.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "The last day must be on or after the first day" });
      return z.NEVER;
    }
    const from = parseCalendarDate(q.from)!;
    const limit = formatCalendarDate({ ...from, year: from.year + MAX_CUSTOM_YEARS });
    if (q.to >= limit) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `Choose at most ${MAX_CUSTOM_YEARS} years, or "All history"`,
      });
      return z.NEVER;
    }
    return { preset: "custom", from: q.from, to: q.to };
  });

export type ParsedPeriod =
  { ok: true; choice: PeriodChoice; values: PeriodValues } | { ok: false; errors: PeriodErrors; values: PeriodValues };

/** Reads ?period=&from=&to= from a query string; a bad value gives a message per field. */
export function parsePeriodQuery(params: URLSearchParams): ParsedPeriod {
  const values: PeriodValues = {
    period: params.get("period") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
  };
  const parsed = periodQuerySchema.safeParse(values);
  if (parsed.success) return { ok: true, choice: parsed.data, values };
  // A message about the whole query belongs to the period choice.
  const { "": whole, ...fields } = issuesToFieldErrors(parsed.error, "data");
  const errors: PeriodErrors = { ...(whole ? { period: whole } : {}), ...fields };
  return { ok: false, errors, values };
}

/** The query string that reproduces a choice, for links (CSV, retro → dashboard). */
export function periodSearch(choice: PeriodChoice): string {
  const params = new URLSearchParams({ period: choice.preset });
  if (choice.preset === "custom") {
    params.set("from", choice.from);
    params.set("to", choice.to);
  }
  return params.toString();
}

export interface ResolvedPeriod {
  preset: PeriodPreset;
  /** Inclusive start. */
  from: Date;
  /** Exclusive end; never after now. */
  to: Date;
  /** Calendar days on the team's clock, both inclusive. */
  fromDate: string;
  toDate: string;
  label: string;
  /** The period was cut to start with the team's first week: nothing before the team existed is shown. */
  startsWithTeam?: boolean;
}

function monthsBefore(date: CalendarDate, months: number): CalendarDate {
  const index = date.year * 12 + (date.month - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  // 31 August minus six months is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: Math.min(date.day, lastDay) };
}

export type ResolveResult = { ok: true; period: ResolvedPeriod } | { ok: false; errors: PeriodErrors };

/**
 * Turns a choice into instants on the team's clock. `earliest` is the first thing the
 * team has on record (a cycle, an incident); "all" starts there.
 */
export function resolvePeriod(
  choice: PeriodChoice,
  opts: { now: Date; timeZone: string; earliest?: Date | null },
): ResolveResult {
  const { now, timeZone } = opts;
  const today = parseCalendarDate(calendarDayIn(now, timeZone))!;
  const startOf = (d: CalendarDate) => zonedWallTimeToDate(d, timeZone);
  let fromDay: CalendarDate;
  let to = now;
  let label = PERIOD_LABELS[choice.preset];
  switch (choice.preset) {
    case "12w": {
      // Twelve whole weeks and the one in progress, so the chart starts on a Monday.
      const monday = parseCalendarDate(calendarDayIn(weeklyCycleAt(now, timeZone).opensAt, timeZone))!;
      fromDay = addCalendarDays(monday, -84);
      break;
    }
    case "6m":
      fromDay = monthsBefore(today, 6);
      break;
    case "1y":
      fromDay = monthsBefore(today, 12);
      break;
    case "all": {
      // Bounded by the data and by a hard cap, whatever dates an old row may hold.
      const floor = earliestPeriodStart(now);
      const known = opts.earliest && opts.earliest.getTime() < now.getTime() ? opts.earliest : now;
      const earliest = known.getTime() < floor.getTime() ? floor : known;
      fromDay = parseCalendarDate(calendarDayIn(earliest, timeZone))!;
      break;
    }
    case "custom": {
      fromDay = parseCalendarDate(choice.from)!;
      const toDay = parseCalendarDate(choice.to)!;
      const from = startOf(fromDay);
      if (from.getTime() >= now.getTime())
        return { ok: false, errors: { from: "The period cannot start in the future" } };
      const end = startOf(addCalendarDays(toDay, 1));
      if (end.getTime() < to.getTime()) to = end;
      label = `${choice.from} to ${choice.to}`;
      break;
    }
  }
  const from = startOf(fromDay);
  const toDate = calendarDayIn(new Date(to.getTime() - 1), timeZone);
  return {
    ok: true,
    period: { preset: choice.preset, from, to, fromDate: formatCalendarDate(fromDay), toDate, label },
  };
}
