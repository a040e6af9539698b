/**
 * The zod schemas of incidents and action items, shared by the HTML forms, the JSON API
 * (`/api/v1`) and CSV import. Server-only: zod stays out of the pages' bundles
 * (docs/decisions/0010-one-form-path.md).
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
 * - Action items have no date-times, so there is a single `actionItemInputSchema`.
 * - Parsed optional fields are `null` when absent (not `undefined`), matching the
 *   database records, so a form that clears a field clears the column.
 * - `audit` is a nested object `{ creditsOffered: "yes", ... }`; form handlers gather
 *   their `audit.<key>` fields into it. Unknown audit keys are rejected rather than
 *   dropped, so a typo in an API client cannot silently lose an answer.
 */
import { z } from "zod";
import { ACTION_STATUSES } from "./action-status";
import { isSaneCalendarDate, isSaneInstant, outOfRangeMessage } from "./date-range";
import { ACTION_SOURCES, AUDIT_ANSWERS, AUDIT_QUESTIONS, type AuditAnswer, type AuditKey } from "./incidents";
import { SEVERITIES } from "./severity";
import { assertTimeZone } from "./time-zones";
import { parseCalendarDate, parseDateTime } from "./wall-time";

/** Forms send "" for an untouched field and JSON may send null: both mean absent. */
export function blankToUndefined(value: unknown): unknown {
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
