/** The incident list's and the action tracker's filters, read from its query string (each checked on its own), and its period links. */
import { z } from "zod";
import { ACTION_STATUSES, SEVERITIES } from "~/domain/incidents";
import { addCalendarDays, formatCalendarDate, parseCalendarDate, zonedWallTimeToDate } from "~/domain/wall-time";
import type { IncidentFilters } from "~/models/incidents.server";
import { issuesToFieldErrors } from "./forms.server";

const filterFields = {
  severity: z.enum(SEVERITIES, { error: "Choose SEV1, SEV2, SEV3 or SEV4" }),
  status: z.enum(["open", "resolved"], { error: "Choose open or resolved" }),
  from: z.string().refine((s) => parseCalendarDate(s) !== null, { error: "Enter a date like 2026-11-01" }),
  to: z.string().refine((s) => parseCalendarDate(s) !== null, { error: "Enter a date like 2026-11-30" }),
  page: z.coerce.number().int().min(1),
};

/** Each filter is checked on its own, so one bad value is reported without dropping the others. */
export function readIncidentFilters(params: URLSearchParams, timeZone: string) {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const filters: IncidentFilters = {};
  let page = 1;
  for (const [name, schema] of Object.entries(filterFields)) {
    const raw = params.get(name)?.trim() ?? "";
    values[name] = raw;
    if (raw === "") continue;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      if (name !== "page") errors[name] = issuesToFieldErrors(parsed.error, "data")[""] ?? "Not a valid value";
      continue;
    }
    if (name === "severity") filters.severity = parsed.data as IncidentFilters["severity"];
    if (name === "status") filters.status = parsed.data as IncidentFilters["status"];
    if (name === "page") page = parsed.data as number;
  }
  const from = errors.from || !values.from ? null : parseCalendarDate(values.from);
  const to = errors.to || !values.to ? null : parseCalendarDate(values.to);
  if (from) filters.from = zonedWallTimeToDate(from, timeZone);
  // "to" is the last day shown, so the period ends when the next day starts.
  if (to) filters.to = zonedWallTimeToDate(addCalendarDays(to, 1), timeZone);
  if (filters.from && filters.to && filters.to <= filters.from) {
    errors.to = "The end date is before the start date";
    delete filters.to;
  }
  return { filters, values, errors, page };
}

/** The period links above the list: this quarter, last quarter, the last 12 months. */
export function periodPresets(today: string) {
  const t = parseCalendarDate(today)!;
  const iso = formatCalendarDate;
  const quarterStart = { year: t.year, month: Math.floor((t.month - 1) / 3) * 3 + 1, day: 1 };
  const lastQuarterStart =
    quarterStart.month === 1
      ? { year: t.year - 1, month: 10, day: 1 }
      : { ...quarterStart, month: quarterStart.month - 3 };
  return [
    { label: "This quarter", from: iso(quarterStart), to: today },
    { label: "Last quarter", from: iso(lastQuarterStart), to: iso(addCalendarDays(quarterStart, -1)) },
    { label: "Last 12 months", from: iso(addCalendarDays({ ...t, year: t.year - 1 }, 1)), to: today },
  ];
}

/** The action tracker's filters. */
export const trackerQuerySchema = z.object({
  status: z.enum(["active", "all", ...ACTION_STATUSES], { error: "Choose a status from the list" }),
  owner: z.union(
    [z.literal(""), z.literal("me"), z.string().regex(/^\d+$/, { error: "Choose an owner from the list" })],
    {
      error: "Choose an owner from the list",
    },
  ),
  overdue: z.enum(["", "1"], { error: "Tick the box or leave it empty" }),
});
