/**
 * Turning posted forms into incident and action-item inputs. The schemas live in
 * app/domain/incidents.ts; this only gathers form fields into the shapes they expect
 * and adds the checks that need the database (owner on the team, incident of the team).
 */
import {
  AUDIT_QUESTIONS,
  actionItemInputSchema,
  makeIncidentInputSchema,
  toDateTimeLocal,
  type ActionItemInput,
  type IncidentInput,
} from "~/domain/incidents";
import { actionItemRefErrors } from "~/models/action-items.server";
import type { Incident } from "~/models/incidents.server";
import { formFailure, issuesToFieldErrors, type FieldErrors } from "./forms.server";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

const INCIDENT_FIELDS = [
  "title",
  "severity",
  "startedAt",
  "detectedAt",
  "resolvedAt",
  "summary",
  "postmortemUrl",
  "postmortemPublishedAt",
] as const;

export function parseIncidentForm(form: FormData, timeZone: string) {
  const raw: Record<string, unknown> = {};
  for (const name of INCIDENT_FIELDS) raw[name] = text(form, name);
  raw.audit = Object.fromEntries(AUDIT_QUESTIONS.map((q) => [q.key, text(form, `audit.${q.key}`)]));
  const parsed = makeIncidentInputSchema(timeZone).safeParse(raw);
  if (!parsed.success) return { failure: formFailure(form, issuesToFieldErrors(parsed.error)) } as const;
  return { data: parsed.data as IncidentInput } as const;
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

/**
 * Validates one action item from fields named `${prefix}title`, `${prefix}ownerId`, …
 * `fixed` supplies values the page decides (the source on a pre-mortem, the incident
 * on an incident's page). Errors are keyed by the full field name.
 */
export function validateActionItemFields(
  form: FormData,
  teamId: number,
  prefix = "",
  fixed: Partial<Record<(typeof ACTION_FIELDS)[number], string | number | null>> = {},
): { data: ActionItemInput; errors?: undefined } | { data?: undefined; errors: FieldErrors } {
  const raw: Record<string, unknown> = {};
  for (const name of ACTION_FIELDS) raw[name] = name in fixed ? fixed[name] : text(form, `${prefix}${name}`);
  const parsed = actionItemInputSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const [key, message] of Object.entries(issuesToFieldErrors(parsed.error))) errors[`${prefix}${key}`] = message;
    return { errors };
  }
  const refErrors = actionItemRefErrors(teamId, parsed.data);
  if (Object.keys(refErrors).length > 0) {
    return { errors: Object.fromEntries(Object.entries(refErrors).map(([k, v]) => [`${prefix}${k}`, v])) };
  }
  return { data: parsed.data };
}

export function parseActionItemForm(
  form: FormData,
  teamId: number,
  fixed: Parameters<typeof validateActionItemFields>[3] = {},
) {
  const result = validateActionItemFields(form, teamId, "", fixed);
  if (result.errors) return { failure: formFailure(form, result.errors) } as const;
  return { data: result.data } as const;
}

/** True when every named field of a repeated row is blank (an unused row on the pre-mortem form). */
export function rowIsBlank(form: FormData, prefix: string, names: readonly string[]): boolean {
  return names.every((name) => (text(form, `${prefix}${name}`) ?? "").trim() === "");
}
