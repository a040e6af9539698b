/**
 * Incidents and action items: the vocabulary and the input validation shared by
 * the HTML forms, the JSON API (`/api/v1`) and CSV import.
 *
 * Choices made here, so callers do not have to guess:
 *
 * - Schemas take the same camelCase field names everywhere. Every value may arrive as
 *   a string (forms, CSV); an empty or whitespace-only string, `null` and a missing
 *   field all mean "absent". Strings are trimmed.
 * - Date-times: an ISO 8601 string with `Z` or an offset is always accepted. The bare
 *   wall time an `<input type="datetime-local">` posts ("2026-11-20T14:05") is accepted
 *   only when the schema knows which zone the person meant, so use
 *   `makeIncidentInputSchema(team.timeZone)` for forms and CSV. The plain
 *   `incidentInputSchema` (no zone) is for the JSON API, where an offset is required
 *   because a server-side guess would silently shift times by hours.
 * - A wall time that does not exist (inside a spring-forward gap) is moved forward by
 *   the length of the gap, and a wall time that occurs twice (autumn) resolves to the
 *   earlier instant: Temporal's "compatible" disambiguation, which is also what
 *   `new Date(y, m, d, h, mi)` does, so nobody is surprised by a rejected form.
 * - Action items have no date-times, so there is a single `actionItemInputSchema`.
 * - Parsed optional fields are `null` when absent (not `undefined`), matching the
 *   database records, so a form that clears a field clears the column.
 * - `audit` is a nested object `{ creditsOffered: "yes", ... }`; form handlers gather
 *   their `audit.<key>` fields into it. Unknown audit keys are rejected rather than
 *   dropped, so a typo in an API client cannot silently lose an answer.
 */
import { z } from "zod";
import { isSaneCalendarDate, isSaneInstant, outOfRangeMessage } from "./date-range";
import { assertTimeZone, displayFormatter, utcMs, wallMs, wallToInstant } from "./time-zones";

import { SEVERITIES } from "./severity";
// Severities and durations live in a module without zod, so charts can use them without shipping zod to the browser.
export { formatDuration, SEVERITIES, type Severity } from "./severity";

export const AUDIT_QUESTIONS = [
  {
    key: "investigatingWithin5m",
    text: 'An "investigating" update within 5 minutes',
  },
  { key: "updatesEvery15to20m", text: "Updates on a 15–20 minute clock" },
  {
    key: "resolvedPostWithCause",
    text: "A resolved post with cause and timeline",
  },
  {
    key: "customerEmailWithin2h",
    text: "A direct customer email within 2 hours",
  },
  {
    key: "creditsOffered",
    text: "Credits offered for SLA violations without being asked",
  },
  { key: "postmortemPublished", text: "A postmortem published" },
] as const;
export type AuditKey = (typeof AUDIT_QUESTIONS)[number]["key"];
export const AUDIT_ANSWERS = ["yes", "no", "na"] as const;
export type AuditAnswer = (typeof AUDIT_ANSWERS)[number];
export const AUDIT_ANSWER_LABELS: Record<AuditAnswer, string> = {
  yes: "Yes",
  no: "No",
  na: "Not applicable",
};

import { ACTION_STATUSES, type ActionStatus } from "./action-status";
// Action statuses live in a module without zod, so pages can name them without shipping zod to the browser.
export { ACTION_STATUS_LABELS, ACTION_STATUSES, type ActionStatus } from "./action-status";

export const ACTION_SOURCES = ["postmortem", "premortem", "retro", "trust_check"] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];
export const ACTION_SOURCE_LABELS: Record<ActionSource, string> = {
  postmortem: "Postmortem",
  premortem: "Pre-mortem",
  retro: "Retrospective",
  trust_check: "Trust check",
};

export const RECOVERY_CHECKLIST = [
  {
    key: "blamelessPostmortem",
    text: "Blameless postmortem held with all stakeholders",
  },
  {
    key: "findingsShared",
    text: "Findings shared with the whole organisation",
  },
  {
    key: "publicActionTracker",
    text: "Public action tracker with owners and deadlines",
  },
  { key: "trustChecksScheduled", text: "Regular trust checks scheduled" },
  {
    key: "transparencyTools",
    text: "Transparency tools in place (status page, shared dashboards)",
  },
  { key: "emotionalImpactAddressed", text: "Emotional impact addressed" },
  {
    key: "nonEngineeringIncluded",
    text: "Non-engineering stakeholders included",
  },
  {
    key: "realisticTimeline",
    text: "Realistic 3–6 month timeline communicated",
  },
] as const;
export type ChecklistKey = (typeof RECOVERY_CHECKLIST)[number]["key"];

// ---------------------------------------------------------------------------
// Calendar dates and wall times
// ---------------------------------------------------------------------------

export interface CalendarDate {
  year: number;
  month: number; // 1–12
  day: number;
}

interface WallTime extends CalendarDate {
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

// ---------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------

/** Forms send "" for an untouched field and JSON may send null: both mean absent. */
function blankToUndefined(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value === "string") {
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
  }
  return value;
}

// One message covers "missing", "not a number" and "not positive": the advice is the
// same either way.
function idField(message: string) {
  return z.number({ error: message }).int({ error: message }).positive({ error: message });
}

function toId(value: unknown): unknown {
  const v = blankToUndefined(value);
  return typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
}

function optionalText(max: number, tooLong: string) {
  return z
    .preprocess(blankToUndefined, z.string({ error: "Enter text" }).max(max, { error: tooLong }).optional())
    .transform((v) => v ?? null);
}

function enumField<const T extends readonly [string, ...string[]]>(
  values: T,
  message: string,
  normalise: (s: string) => string,
) {
  return z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      return typeof v === "string" ? normalise(v) : v;
    },
    z.enum(values, { error: message }),
  );
}

function dateTimeField(timeZone: string | undefined, requiredMessage: string): z.ZodType<Date, unknown>;
function dateTimeField(timeZone: string | undefined, requiredMessage: null): z.ZodType<Date | null, unknown>;
function dateTimeField(timeZone: string | undefined, requiredMessage: string | null): z.ZodType<Date | null, unknown> {
  const invalid =
    timeZone === undefined
      ? "Enter a date and time with an offset, like 2026-11-20T14:05:00+01:00"
      : "Enter a date and time like 2026-11-20T14:05";
  return z
    .preprocess(blankToUndefined, z.union([z.string(), z.date()], { error: invalid }).optional())
    .transform((value, ctx): Date | null => {
      if (value === undefined) {
        if (requiredMessage === null) return null;
        ctx.addIssue({
          code: "custom",
          message: requiredMessage,
          input: value,
        });
        return z.NEVER;
      }
      const parsed =
        value instanceof Date ? (Number.isNaN(value.getTime()) ? null : value) : parseDateTime(value, timeZone);
      if (parsed === null) {
        ctx.addIssue({ code: "custom", message: invalid, input: value });
        return z.NEVER;
      }
      if (!isSaneInstant(parsed)) {
        ctx.addIssue({ code: "custom", message: outOfRangeMessage(), input: value });
        return z.NEVER;
      }
      return parsed;
    });
}

const auditAnswer = z.preprocess(
  (value) => {
    const v = blankToUndefined(value);
    return typeof v === "string" ? v.toLowerCase() : v;
  },
  z.enum(AUDIT_ANSWERS, { error: "Answer yes, no or not applicable" }).optional(),
);

const auditShape = Object.fromEntries(AUDIT_QUESTIONS.map((q) => [q.key, auditAnswer])) as Record<
  AuditKey,
  typeof auditAnswer
>;

const auditSchema = z
  .preprocess(
    (value) => (value === undefined || value === null || value === "" ? {} : value),
    z.strictObject(auditShape, {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `Unknown audit question: ${issue.keys.join(", ")}`
          : "The communication audit must be a set of answers",
    }),
  )
  .transform((answers) => {
    // Optional keys that arrived blank would otherwise survive as `key: undefined`.
    const out: Partial<Record<AuditKey, AuditAnswer>> = {};
    for (const { key } of AUDIT_QUESTIONS) {
      const answer = answers[key];
      if (answer !== undefined) out[key] = answer;
    }
    return out;
  });

const INCIDENT_MESSAGES = {
  title: "Give the incident a title",
  titleTooLong: "Keep the title to 200 characters or fewer",
  severity: "Choose SEV1, SEV2, SEV3 or SEV4",
  startedAt: "Enter when the incident started",
  detectedBeforeStart: "Detected time is before the start",
  resolvedBeforeStart: "Resolved time is before the start",
  publishedWithoutResolution: "Enter the resolved time: a postmortem is published after resolution",
  publishedBeforeResolution: "Publication is before resolution",
  summaryTooLong: "Keep the summary to 5000 characters or fewer",
  postmortemUrl: "Enter a link starting with http:// or https://",
} as const;

/**
 * The incident schema. Pass the team's IANA time zone to also accept datetime-local
 * wall times; without one, date-times need an offset. Throws RangeError for an
 * unknown zone.
 */
export function makeIncidentInputSchema(timeZone?: string) {
  if (timeZone !== undefined) assertTimeZone(timeZone);
  const m = INCIDENT_MESSAGES;

  // Cross-field rules run even when unrelated fields are wrong, so the form shows
  // every message at once, but not when one of their own fields failed to parse.
  const whenValid =
    (...fields: string[]) =>
    (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
      !payload.issues.some((issue) => fields.includes(String(issue.path?.[0])));

  return z
    .object({
      title: z.preprocess(
        blankToUndefined,
        z.string({ error: m.title }).min(1, { error: m.title }).max(200, { error: m.titleTooLong }),
      ),
      severity: enumField(SEVERITIES, m.severity, (s) => s.toUpperCase()),
      startedAt: dateTimeField(timeZone, m.startedAt),
      detectedAt: dateTimeField(timeZone, null),
      resolvedAt: dateTimeField(timeZone, null),
      summary: optionalText(5000, m.summaryTooLong),
      postmortemUrl: z
        .preprocess(
          blankToUndefined,
          z
            .string({ error: m.postmortemUrl })
            .max(2000, { error: "Keep the link to 2000 characters or fewer" })
            .pipe(z.url({ protocol: /^https?$/, error: m.postmortemUrl }))
            .optional(),
        )
        .transform((v) => v ?? null),
      postmortemPublishedAt: dateTimeField(timeZone, null),
      audit: auditSchema,
    })
    .refine((v) => v.detectedAt === null || v.detectedAt >= v.startedAt, {
      path: ["detectedAt"],
      message: m.detectedBeforeStart,
      when: whenValid("startedAt", "detectedAt"),
    })
    .refine((v) => v.resolvedAt === null || v.resolvedAt >= v.startedAt, {
      path: ["resolvedAt"],
      message: m.resolvedBeforeStart,
      when: whenValid("startedAt", "resolvedAt"),
    })
    .refine((v) => v.postmortemPublishedAt === null || v.resolvedAt !== null, {
      path: ["postmortemPublishedAt"],
      message: m.publishedWithoutResolution,
      when: whenValid("resolvedAt", "postmortemPublishedAt"),
    })
    .refine(
      (v) => v.postmortemPublishedAt === null || v.resolvedAt === null || v.postmortemPublishedAt >= v.resolvedAt,
      {
        path: ["postmortemPublishedAt"],
        message: m.publishedBeforeResolution,
        when: whenValid("resolvedAt", "postmortemPublishedAt"),
      },
    );
}

/** For the JSON API: date-times must carry `Z` or an offset. */
export const incidentInputSchema = makeIncidentInputSchema();
export type IncidentInput = z.output<typeof incidentInputSchema>;

const DUE_DATE_MESSAGE = "Due date must be a date like 2026-11-30";

export const actionItemInputSchema = z.object({
  title: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "Give the action item a title" })
      .min(1, { error: "Give the action item a title" })
      .max(200, { error: "Keep the title to 200 characters or fewer" }),
  ),
  ownerId: z.preprocess(toId, idField("Choose an owner")),
  dueDate: z.preprocess(
    blankToUndefined,
    z
      .string({ error: DUE_DATE_MESSAGE })
      .refine((s) => parseCalendarDate(s) !== null, {
        error: DUE_DATE_MESSAGE,
      })
      .refine((s) => parseCalendarDate(s) === null || isSaneCalendarDate(s), {
        error: () => outOfRangeMessage(),
      }),
  ),
  status: enumField(ACTION_STATUSES, "Choose open, in progress, done or dropped", (s) => s.toLowerCase()),
  source: enumField(ACTION_SOURCES, "Choose postmortem, pre-mortem, retro or trust check", (s) => s.toLowerCase()),
  incidentId: z.preprocess(toId, idField("Choose an incident").optional()).transform((v) => v ?? null),
  notes: optionalText(2000, "Keep the notes to 2000 characters or fewer"),
});
export type ActionItemInput = z.output<typeof actionItemInputSchema>;

/**
 * The first message for each field, keyed by its path joined with "."
 * ("title", "audit.creditsOffered"); an issue about the whole input is keyed "".
 */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".");
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Wall clocks, display and status transitions (used by pages, CSV and the API)
// ---------------------------------------------------------------------------

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

export function formatCalendarDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** "2026-11-30": the calendar date at `instant` on the clocks of `timeZone`. */
export function calendarDateIn(instant: Date, timeZone: string): string {
  return formatCalendarDate(wallTimeIn(instant, timeZone));
}

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

/** An item still owed (open or in progress) whose due day has passed on `today`. */
export function isOverdue(item: { status: ActionStatus; dueDate: string }, today: string): boolean {
  return (item.status === "open" || item.status === "in_progress") && item.dueDate < today;
}

/**
 * completedAt after a status change: set when an item becomes done, kept while it
 * stays done, cleared when it is reopened or dropped (dropped is not completed).
 */
export function completedAtAfter(
  previous: { status: ActionStatus; completedAt: Date | null } | null,
  nextStatus: ActionStatus,
  now: Date,
): Date | null {
  if (nextStatus !== "done") return null;
  if (previous?.status === "done" && previous.completedAt) return previous.completedAt;
  return now;
}

export const premortemInputSchema = z.object({
  title: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "Name the release or change" })
      .min(1, { error: "Name the release or change" })
      .max(200, { error: "Keep the title to 200 characters or fewer" }),
  ),
  imaginedFailure: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "Describe the failure you imagine" })
      .min(1, { error: "Describe the failure you imagine" })
      .max(5000, { error: "Keep this to 5000 characters or fewer" }),
  ),
  causes: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "List its likely causes" })
      .min(1, { error: "List its likely causes" })
      .max(5000, { error: "Keep this to 5000 characters or fewer" }),
  ),
});
export type PremortemInput = z.output<typeof premortemInputSchema>;
