/**
 * The JSON API's records: incidents and action items as the API writes them (serialize*),
 * the fields a client may send, and the validation of a body into model input.
 */

import { actionItemInputSchema, incidentInputSchema } from "~/domain/incident-input.server";
import { issuesToFieldErrors } from "~/utils/forms.server";
import { isOverdue } from "~/domain/action-status";
import { actionItemRefErrors, memberIdsByEmail, type ActionItem } from "~/models/action-items.server";
import type { Incident } from "~/models/incidents.server";
import { validationFailed, withoutKeys, type BodyFields } from "./api.server";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function serializeIncident(incident: Incident) {
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    startedAt: iso(incident.startedAt),
    detectedAt: iso(incident.detectedAt),
    resolvedAt: iso(incident.resolvedAt),
    summary: incident.summary,
    postmortemUrl: incident.postmortemUrl,
    postmortemPublishedAt: iso(incident.postmortemPublishedAt),
    audit: incident.audit,
    createdAt: iso(incident.createdAt),
    updatedAt: iso(incident.updatedAt),
  };
}

export function serializeActionItem(item: ActionItem, today: string) {
  return {
    id: item.id,
    title: item.title,
    ownerId: item.ownerId,
    ownerName: item.ownerName,
    ownerEmail: item.ownerEmail,
    dueDate: item.dueDate,
    status: item.status,
    overdue: isOverdue(item, today),
    source: item.source,
    incidentId: item.incidentId,
    premortemId: item.premortemId,
    notes: item.notes,
    createdAt: iso(item.createdAt),
    completedAt: iso(item.completedAt),
    updatedAt: iso(item.updatedAt),
  };
}

/** Every field of the incident input schema: the API writes what the forms and CSV import write. */
export const INCIDENT_WRITABLE = Object.keys(
  incidentInputSchema.shape,
) as readonly (keyof typeof incidentInputSchema.shape)[];
export const INCIDENT_READ_ONLY = ["id", "createdAt", "updatedAt"] as const;

export const ACTION_ITEM_WRITABLE = [
  "title",
  "ownerId",
  "ownerEmail",
  "dueDate",
  "status",
  "source",
  "incidentId",
  "notes",
] as const;
export const ACTION_ITEM_READ_ONLY = [
  "id",
  "ownerName",
  "overdue",
  "premortemId",
  "createdAt",
  "completedAt",
  "updatedAt",
] as const;

export const INCIDENT_BODY: BodyFields = { writable: INCIDENT_WRITABLE, readOnly: INCIDENT_READ_ONLY };
export const ACTION_ITEM_BODY: BodyFields = { writable: ACTION_ITEM_WRITABLE, readOnly: ACTION_ITEM_READ_ONLY };

/**
 * API clients may name an action item's owner by email instead of id. Returns the body
 * with `ownerId` filled in, or the field error to report.
 */
function resolveOwnerEmail(
  body: Record<string, unknown>,
  ownerIdByEmail: () => Map<string, number>,
): { body: Record<string, unknown>; errors: Record<string, string> } {
  if (body.ownerEmail === undefined || body.ownerEmail === null)
    return { body: withoutKeys(body, ["ownerEmail"]), errors: {} };
  if (body.ownerId !== undefined && body.ownerId !== null) {
    return { body, errors: { ownerEmail: "Give ownerId or ownerEmail, not both" } };
  }
  if (typeof body.ownerEmail !== "string")
    return { body, errors: { ownerEmail: "Give the owner's email address as text" } };
  const id = ownerIdByEmail().get(body.ownerEmail.trim().toLowerCase());
  if (id === undefined) return { body, errors: { ownerEmail: "No one on this team has this email address" } };
  return { body: { ...withoutKeys(body, ["ownerEmail"]), ownerId: id }, errors: {} };
}

/**
 * An incident from an API body (already merged over the stored incident for PATCH), or
 * a thrown 400 with every field error, including `unknown` keys.
 */
export function validApiIncident(input: Record<string, unknown>, unknown: Record<string, string>) {
  const parsed = incidentInputSchema.safeParse(input);
  if (!parsed.success || Object.keys(unknown).length > 0) {
    throw validationFailed({ ...unknown, ...(parsed.success ? {} : issuesToFieldErrors(parsed.error, "data")) });
  }
  return parsed.data;
}

/**
 * An action item from an API body, or a thrown 400 with every field error. The owner
 * may be named by email, and references must belong to the team. For PATCH pass the
 * stored item: the body's fields replace its fields, and its owner is checked only when
 * it changes (an item may outlive its owner's membership).
 */
export function validApiActionItem(
  teamId: number,
  body: Record<string, unknown>,
  unknown: Record<string, string>,
  stored?: ActionItem,
) {
  const owner = resolveOwnerEmail(body, () => memberIdsByEmail(teamId));
  const input = stored
    ? {
        title: stored.title,
        ownerId: stored.ownerId,
        dueDate: stored.dueDate,
        status: stored.status,
        source: stored.source,
        incidentId: stored.incidentId,
        notes: stored.notes,
        ...owner.body,
      }
    : owner.body;
  const parsed = actionItemInputSchema.safeParse(input);
  const refErrors = parsed.success ? actionItemRefErrors(teamId, parsed.data) : {};
  if (stored && parsed.success && parsed.data.ownerId === stored.ownerId) delete refErrors.ownerId;
  const schemaErrors = parsed.success ? {} : issuesToFieldErrors(parsed.error, "data");
  if (owner.errors.ownerEmail) delete schemaErrors.ownerId; // one message about the owner is enough
  const errors = { ...unknown, ...owner.errors, ...schemaErrors, ...refErrors };
  if (!parsed.success || Object.keys(errors).length > 0) throw validationFailed(errors);
  return parsed.data;
}
