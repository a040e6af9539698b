/**
 * The JSON API's plumbing: bearer-token auth per team, body reading with limits, and
 * one error shape — {"error": "<code>", "message": "…", "fields": {…}} — for every 4xx.
 */
import { json } from "@remix-run/node";
import type { z } from "zod";
import { fieldErrors, isOverdue } from "~/domain/incidents";
import { authenticateApiToken } from "~/models/api-tokens.server";
import type { ActionItem } from "~/models/action-items.server";
import type { Incident } from "~/models/incidents.server";
import { getTeamBySlug, type Team } from "~/models/teams.server";

export const MAX_JSON_BYTES = 1024 * 1024;

export type ApiErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "unsupported_media_type"
  | "payload_too_large"
  | "invalid_json"
  | "validation_failed";

export function apiError(
  status: number,
  error: ApiErrorCode,
  message: string,
  extra: { fields?: Record<string, string>; headers?: HeadersInit } = {},
) {
  const body: Record<string, unknown> = { error, message };
  if (extra.fields) body.fields = extra.fields;
  return json(body, { status, headers: { "Cache-Control": "no-store", ...extra.headers } });
}

export function apiJson(data: unknown, status = 200) {
  return json(data, { status, headers: { "Cache-Control": "no-store" } });
}

export function validationFailed(fields: Record<string, string>) {
  return apiError(400, "validation_failed", "Some fields are not valid; see fields.", { fields });
}

export function zodValidationFailed(error: z.ZodError) {
  return validationFailed(fieldErrors(error));
}

export function methodNotAllowed(allowed: string[]) {
  return apiError(405, "method_not_allowed", `Use ${allowed.join(" or ")} here.`, { headers: { Allow: allowed.join(", ") } });
}

export function notFound(message: string) {
  return apiError(404, "not_found", message);
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The guard of every API route: a live token (401 otherwise) that belongs to the team
 * in the URL (403 otherwise, whether or not that team exists, so a token cannot be used
 * to probe other teams' names).
 */
export function requireApiTeam(request: Request, slug: string | undefined): Team {
  const header = request.headers.get("Authorization");
  const challenge = { "WWW-Authenticate": 'Bearer realm="trust-health"' };
  if (!header) {
    throw apiError(401, "unauthorized", "Send an API token: Authorization: Bearer <token>.", { headers: challenge });
  }
  const match = BEARER.exec(header);
  const auth = match ? authenticateApiToken(match[1]) : null;
  if (!auth) {
    throw apiError(401, "unauthorized", "The API token is unknown or has been revoked.", { headers: challenge });
  }
  const team = slug ? getTeamBySlug(slug) : undefined;
  if (!team || team.id !== auth.teamId) {
    throw apiError(403, "forbidden", "This token belongs to another team.");
  }
  return team;
}

/** Past this, a too-large upload is cut off rather than read to the end. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/**
 * The body's bytes, or null when it is longer than `maxBytes` (counted while reading, so
 * a missing or lying Content-Length cannot get past). The rest of a too-large body is
 * read and dropped, so the client gets its 413 instead of a reset connection.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > DRAIN_LIMIT) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    if (size <= maxBytes) chunks.push(value);
  }
  if (size > maxBytes) return null;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** A JSON object body, or a thrown 415 / 413 / 400 saying what was wrong. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json" && !type.endsWith("+json")) {
    throw apiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  const bytes = await readLimitedBody(request, MAX_JSON_BYTES);
  if (bytes === null) {
    throw apiError(413, "payload_too_large", `Keep the JSON body under ${MAX_JSON_BYTES / 1024 / 1024} MB.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw apiError(400, "invalid_json", "The body is not valid JSON.");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw apiError(400, "invalid_json", "The body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

/**
 * Top-level keys the endpoint does not know are refused rather than dropped, so a typo
 * ("severty") is not silently lost; read-only keys a client echoes back are ignored.
 */
export function unknownKeyErrors(body: Record<string, unknown>, writable: readonly string[], readOnly: readonly string[]) {
  const fields: Record<string, string> = {};
  for (const key of Object.keys(body)) {
    if (!writable.includes(key) && !readOnly.includes(key)) fields[key] = `Unknown field; use ${writable.join(", ")}`;
  }
  return fields;
}

export function withoutKeys(body: Record<string, unknown>, keys: readonly string[]) {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !keys.includes(k)));
}

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

export const INCIDENT_WRITABLE = [
  "title",
  "severity",
  "startedAt",
  "detectedAt",
  "resolvedAt",
  "summary",
  "postmortemUrl",
  "postmortemPublishedAt",
  "audit",
] as const;
export const INCIDENT_READ_ONLY = ["id", "createdAt", "updatedAt"] as const;

export const ACTION_ITEM_WRITABLE = ["title", "ownerId", "ownerEmail", "dueDate", "status", "source", "incidentId", "notes"] as const;
export const ACTION_ITEM_READ_ONLY = ["id", "ownerName", "overdue", "premortemId", "createdAt", "completedAt", "updatedAt"] as const;

/**
 * API clients may name an action item's owner by email instead of id. Returns the body
 * with `ownerId` filled in, or the field error to report.
 */
export function resolveOwnerEmail(
  body: Record<string, unknown>,
  ownerIdByEmail: () => Map<string, number>,
): { body: Record<string, unknown>; errors: Record<string, string> } {
  if (body.ownerEmail === undefined || body.ownerEmail === null) return { body: withoutKeys(body, ["ownerEmail"]), errors: {} };
  if (body.ownerId !== undefined && body.ownerId !== null) {
    return { body, errors: { ownerEmail: "Give ownerId or ownerEmail, not both" } };
  }
  if (typeof body.ownerEmail !== "string") return { body, errors: { ownerEmail: "Give the owner's email address as text" } };
  const id = ownerIdByEmail().get(body.ownerEmail.trim().toLowerCase());
  if (id === undefined) return { body, errors: { ownerEmail: "No one on this team has this email address" } };
  return { body: { ...withoutKeys(body, ["ownerEmail"]), ownerId: id }, errors: {} };
}
