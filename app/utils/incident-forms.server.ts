/**
 * The schemas of the incident pages' forms: incidents, action items, pre-mortems, the
 * recovery checklist and the action review. Routes parse them with parseForm. Incident and
 * action-item rules live in app/domain/incident-input.server.ts; this gathers form fields
 * into the shapes they expect and adds the checks that need the database (owner on the
 * team, incident of the team).
 */
import { z } from "zod";
import { ACTION_STATUSES } from "~/domain/action-status";
import { isSaneCalendarDate, outOfRangeMessage } from "~/domain/date-range";
import { actionItemInputSchema, makeIncidentInputSchema } from "~/domain/incident-input.server";
import { AUDIT_QUESTIONS, PREMORTEM_ACTION_ROWS, RECOVERY_CHECKLIST, type ChecklistKey } from "~/domain/incidents";
import { toDateTimeLocal } from "~/domain/instant-format";
import { premortemInputSchema } from "~/domain/premortem-input.server";
import { parseCalendarDate } from "~/domain/wall-time";
import { actionItemRefErrors } from "~/models/action-items.server";
import type { Incident } from "~/models/incidents.server";
import { intents } from "./forms.server";

type Fields = Record<string, unknown>;

// Every incident field but the audit, which arrives as one `audit.<key>` field per question.
const INCIDENT_FIELDS = Object.keys(makeIncidentInputSchema().shape).filter((name) => name !== "audit");

/** The incident form, its `audit.<key>` answers gathered into `audit`; wall times are read in `timeZone`. */
export function incidentFormSchema(timeZone: string) {
  return z.preprocess((raw) => {
    const fields = raw as Fields;
    const input: Fields = Object.fromEntries(INCIDENT_FIELDS.map((name) => [name, fields[name]]));
    input.audit = Object.fromEntries(AUDIT_QUESTIONS.map((q) => [q.key, fields[`audit.${q.key}`]]));
    return input;
  }, makeIncidentInputSchema(timeZone));
}

/** The edit form's starting values: wall times in the team's zone, as datetime-local shows them. */
export function incidentFormValues(incident: Incident, timeZone: string): Record<string, string> {
  const local = (d: Date | null) => (d ? toDateTimeLocal(d, timeZone) : "");
  const values: Record<string, string> = {
    title: incident.title,
    severity: incident.severity,
    startedAt: local(incident.startedAt),
    detectedAt: local(incident.detectedAt),
    resolvedAt: local(incident.resolvedAt),
    summary: incident.summary ?? "",
    postmortemUrl: incident.postmortemUrl ?? "",
    postmortemPublishedAt: local(incident.postmortemPublishedAt),
  };
  for (const q of AUDIT_QUESTIONS) values[`audit.${q.key}`] = incident.audit[q.key] ?? "";
  return values;
}

const ACTION_FIELDS = ["title", "ownerId", "dueDate", "status", "source", "incidentId", "notes"] as const;
type Fixed = Partial<Record<(typeof ACTION_FIELDS)[number], string | number | null>>;

/** The fields `${prefix}title`, `${prefix}ownerId`, … as one row; `fixed` supplies what the page decides. */
function actionRow(fields: Fields, prefix: string, fixed: Fixed): Fields {
  return Object.fromEntries(
    ACTION_FIELDS.map((name) => [name, name in fixed ? fixed[name] : fields[`${prefix}${name}`]]),
  );
}

/** An action item whose owner (and incident) belong to the team. */
function teamActionItem<T extends typeof actionItemInputSchema>(
  teamId: number,
  schema: T = actionItemInputSchema as T,
) {
  return schema.superRefine((item, ctx) => {
    for (const [key, message] of Object.entries(actionItemRefErrors(teamId, item)))
      ctx.addIssue({ code: "custom", path: [key], message });
  });
}

/**
 * One action item. `fixed` supplies values the page decides (the source on a pre-mortem,
 * the incident on an incident's page).
 */
export function actionItemFormSchema(teamId: number, fixed: Fixed = {}) {
  return z.preprocess((raw) => actionRow(raw as Fields, "", fixed), teamActionItem(teamId));
}

/** An action item's page: its owner (or a lead) changes the status, a lead edits it. */
export function actionItemPageSchema(teamId: number) {
  return intents([
    z.object({
      intent: z.literal("status"),
      status: z.enum(ACTION_STATUSES, { error: "Choose open, in progress, done or dropped" }),
      back: z.string().optional(),
    }),
    teamActionItem(teamId, actionItemInputSchema.extend({ intent: z.literal("edit") })),
  ]);
}

const PREVENTIVE: Fixed = { status: "open", source: "premortem", incidentId: null, notes: null };
const ROW_FIELDS = ["title", "ownerId", "dueDate"] as const;

/**
 * A new pre-mortem and its preventive actions, the rows `actions.<i>.title`, …; a row left
 * blank is not an action. Messages are keyed by the row's field names (`actions.1.ownerId`).
 */
export function premortemFormSchema(teamId: number) {
  return z.preprocess(
    (raw) => {
      const fields = raw as Fields;
      const rows = Array.from({ length: PREMORTEM_ACTION_ROWS }, (_, i) => `actions.${i}.`).filter((prefix) =>
        ROW_FIELDS.some((name) => String(fields[`${prefix}${name}`] ?? "").trim() !== ""),
      );
      return {
        title: fields.title,
        imaginedFailure: fields.imaginedFailure,
        causes: fields.causes,
        actions: Object.fromEntries(
          rows.map((prefix) => [prefix.split(".")[1], actionRow(fields, prefix, PREVENTIVE)]),
        ),
      };
    },
    premortemInputSchema.extend({ actions: z.record(z.string(), teamActionItem(teamId)) }),
  );
}

const answer = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.enum(["yes", "no"], { error: "Answer yes or no" }).optional(),
);
export const checklistSchema = z.object(
  Object.fromEntries(RECOVERY_CHECKLIST.map((q) => [q.key, answer])) as Record<ChecklistKey, typeof answer>,
);

const DATE_MESSAGE = "Enter a date like 2026-11-30";
const date = z
  .string({ error: DATE_MESSAGE })
  .refine((s) => parseCalendarDate(s) !== null, { error: DATE_MESSAGE, abort: true })
  .refine((s) => isSaneCalendarDate(s), { error: () => outOfRangeMessage() });

export const reviewSchema = intents([
  z.object({
    intent: z.literal("update-item"),
    itemId: z.coerce.number({ error: "Choose an item" }).int().positive(),
    status: z.enum(ACTION_STATUSES, { error: "Choose open, in progress, done or dropped" }),
    dueDate: date,
  }),
  z.object({ intent: z.literal("review-held"), heldOn: date }),
]);
