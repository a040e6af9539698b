/**
 * The inbound pager webhooks (POST /hooks/pagerduty/:slug, POST /hooks/opsgenie/:slug).
 *
 * Order of checks, and nothing stored before the last: size (413) → authenticity (401)
 * → JSON (400) → event shape (400 naming the fields) → unknown event types (202, ignored)
 * → the event is folded into the team's incidents (200).
 */
import crypto from "node:crypto";
import { json } from "@remix-run/node";
import type { PagerSource } from "#db/schema";
import { parseOpsgenieEvent, parsePagerDutyEvent, type ParsedEvent } from "~/domain/pager";
import { loadPagerConfig, recordPagerEvent, sha256, type PagerConfig } from "~/models/pager.server";
import { getTeamBySlug } from "~/models/teams.server";
import { readLimitedBody } from "./api.server";

const MAX_WEBHOOK_BYTES = 256 * 1024;

const reply = (status: number, body: Record<string, unknown>) =>
  json(body, { status, headers: { "Cache-Control": "no-store" } });

/**
 * True when one of the header's `v1=` signatures is the HMAC-SHA256 (hex) of the raw body
 * under one of the secrets. Compared in constant time; other versions are skipped.
 */
export function verifyPagerDutySignature(body: Uint8Array, header: string | null, secrets: readonly string[]) {
  if (!header || secrets.length === 0) return false;
  const given = header
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1=") && /^[0-9a-f]{64}$/i.test(part.slice(3)))
    .map((part) => Buffer.from(part.slice(3), "hex"));
  let ok = false;
  for (const secret of secrets) {
    const expected = crypto.createHmac("sha256", secret).update(body).digest();
    for (const signature of given) ok = crypto.timingSafeEqual(expected, signature) || ok;
  }
  return ok;
}

/** The Opsgenie secret from `Authorization: Bearer …`, `X-Trust-Health-Secret` or `?token=`. */
function presentedOpsgenieSecret(request: Request): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("Authorization") ?? "")?.[1];
  return bearer ?? request.headers.get("X-Trust-Health-Secret") ?? new URL(request.url).searchParams.get("token");
}

function verifyOpsgenieSecret(request: Request, hashes: readonly string[]) {
  const presented = presentedOpsgenieSecret(request);
  if (!presented || hashes.length === 0) return false;
  const digest = Buffer.from(sha256(presented), "hex");
  let ok = false;
  for (const hash of hashes) ok = crypto.timingSafeEqual(digest, Buffer.from(hash, "hex")) || ok;
  return ok;
}

const PARSERS: Record<PagerSource, (body: unknown) => ParsedEvent> = {
  pagerduty: parsePagerDutyEvent,
  opsgenie: parseOpsgenieEvent,
};

function authentic(source: PagerSource, request: Request, body: Uint8Array, config: PagerConfig) {
  return source === "pagerduty"
    ? verifyPagerDutySignature(body, request.headers.get("X-PagerDuty-Signature"), config.pagerDutySecrets)
    : verifyOpsgenieSecret(request, config.opsgenieSecretHashes);
}

export async function handlePagerWebhook(request: Request, slug: string | undefined, source: PagerSource) {
  if (request.method !== "POST") {
    return json(
      { error: "method_not_allowed", message: "Send events with POST." },
      { status: 405, headers: { Allow: "POST" } },
    );
  }
  const team = slug ? getTeamBySlug(slug) : undefined;
  const bytes = await readLimitedBody(request, MAX_WEBHOOK_BYTES);
  if (bytes === null) {
    return reply(413, { error: "payload_too_large", message: `Keep the body under ${MAX_WEBHOOK_BYTES / 1024} KB.` });
  }
  // An unknown team answers like a wrong secret, so the endpoint does not reveal team names.
  const config = team ? loadPagerConfig(team.id) : null;
  if (!team || !config || !authentic(source, request, bytes, config)) {
    const what = source === "pagerduty" ? "The X-PagerDuty-Signature does not match" : "The secret is not valid";
    return reply(401, { error: "unauthorized", message: `${what} for this team's webhook.` });
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return reply(400, { error: "invalid_json", message: "The body is not valid JSON." });
  }
  const parsed = PARSERS[source](body);
  if (!parsed.ok) {
    return reply(400, {
      error: "validation_failed",
      message: "The event is missing fields; see fields.",
      fields: parsed.fields,
    });
  }
  if ("ignored" in parsed) {
    return reply(202, { result: "ignored", message: `Events of type ${parsed.ignored} are not used.` });
  }
  const outcome = recordPagerEvent(team.id, source, parsed.event, config);
  return reply(200, { result: outcome.result, incidentId: outcome.incidentId });
}
