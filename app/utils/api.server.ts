/**
 * The JSON API's plumbing: bearer-token auth per team, body reading with limits, and
 * one error shape — {"error": "<code>", "message": "…", "fields": {…}} — for every 4xx.
 */
import { json } from "@remix-run/node";
import { z } from "zod";
import { issuesToFieldErrors } from "~/utils/forms.server";
import { authenticateApiToken } from "~/models/api-tokens.server";
import { getTeamBySlug, type Team } from "~/models/teams.server";

const MAX_JSON_BYTES = 1024 * 1024;

export type ApiErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "unsupported_media_type"
  | "payload_too_large"
  | "invalid_json"
  | "validation_failed";

function apiError(
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

function zodValidationFailed(error: z.ZodError) {
  return validationFailed(issuesToFieldErrors(error, "data"));
}

export function methodNotAllowed(allowed: string[]) {
  return apiError(405, "method_not_allowed", `Use ${allowed.join(" or ")} here.`, {
    headers: { Allow: allowed.join(", ") },
  });
}

export function notFound(message: string) {
  return apiError(404, "not_found", message);
}

/** The query string read with `schema`, or a thrown 400 naming the bad parameters. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const query = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw zodValidationFailed(query.error);
  return query.data;
}

/** A whole-number query parameter of at least `min`; `message` is the one error for any bad value. */
export const wholeNumber = (min: number, message: string) =>
  z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message });

/** The paging parameters of every list endpoint. */
const pageQuery = {
  limit: wholeNumber(1, "Use a whole number from 1 to 1000")
    .max(1000, { error: "Use a whole number from 1 to 1000" })
    .default(100),
  offset: wholeNumber(0, "Use a whole number from 0").default(0),
};

/** A list endpoint's query: its `filters` and the paging parameters, or a thrown 400. */
export function readListQuery<F extends z.ZodRawShape>(request: Request, filters: F) {
  return readQuery(request, z.object({ ...filters, ...pageQuery }));
}

/** A list endpoint's answer: one page of `data` and the total across pages. */
export function apiPage(data: unknown[], total: number, page: { limit: number; offset: number }) {
  return apiJson({ data, total, limit: page.limit, offset: page.offset });
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
  const token = match?.[1];
  const auth = token === undefined ? null : authenticateApiToken(token);
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
async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const [mediaType = ""] = (request.headers.get("Content-Type") ?? "").split(";");
  const type = mediaType.trim().toLowerCase();
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
function unknownKeyErrors(body: Record<string, unknown>, writable: readonly string[], readOnly: readonly string[]) {
  const fields: Record<string, string> = {};
  for (const key of Object.keys(body)) {
    if (!writable.includes(key) && !readOnly.includes(key)) fields[key] = `Unknown field; use ${writable.join(", ")}`;
  }
  return fields;
}

/** The keys a record's body may carry: those a client writes, and those it may echo back (ignored). */
export type BodyFields = { writable: readonly string[]; readOnly: readonly string[] };

/**
 * The JSON object body without the read-only keys a client may echo back, and the
 * errors for keys the endpoint does not know (see unknownKeyErrors).
 */
export async function readApiBody(
  request: Request,
  { writable, readOnly }: BodyFields,
): Promise<{ body: Record<string, unknown>; unknown: Record<string, string> }> {
  const body = await readJsonObject(request);
  return { body: withoutKeys(body, readOnly), unknown: unknownKeyErrors(body, writable, readOnly) };
}

export function withoutKeys(body: Record<string, unknown>, keys: readonly string[]) {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !keys.includes(k)));
}
