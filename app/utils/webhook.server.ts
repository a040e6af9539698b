import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { z } from "zod";
import { getEnv } from "./env.server";
import { isAddressAllowed, isIpLiteral, isLoopbackAddress } from "./network-policy.server";

/**
 * Slack-compatible incoming webhooks: POST {"text": …} as JSON. Mattermost,
 * Rocket.Chat, Discord's /slack endpoint and Teams' Slack connectors accept it.
 *
 * Delivery is bounded: each attempt times out, failures are retried with
 * exponential back-off a fixed number of times, then the caller records the
 * send as failed. Nothing here throws, so one bad webhook cannot stop the
 * other sends of a scheduler tick.
 */

export type DeliveryResult = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

export type RetryOptions = {
  /** Total attempts, including the first. */
  attempts?: number;
  /** Wait before the first retry; doubled for each further one. */
  baseDelayMs?: number;
  maxDelayMs?: number;
};

export type WebhookOptions = RetryOptions & { timeoutMs?: number };

const WEBHOOK_DEFAULTS = Object.freeze({
  attempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 10_000,
  timeoutMs: 5_000,
});

/** A failed attempt; `retry: false` means trying again cannot help (e.g. 404, 535 bad login). */
export class AttemptError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds or the attempts run out; never throws. */
export async function withBackoff(attempt: () => Promise<void>, options: RetryOptions = {}): Promise<DeliveryResult> {
  const attempts = Math.max(1, options.attempts ?? WEBHOOK_DEFAULTS.attempts);
  const base = options.baseDelayMs ?? WEBHOOK_DEFAULTS.baseDelayMs;
  const max = options.maxDelayMs ?? WEBHOOK_DEFAULTS.maxDelayMs;
  let lastError = "unknown error";
  for (let n = 1; n <= attempts; n++) {
    try {
      await attempt();
      return { ok: true, attempts: n };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      const retry = !(error instanceof AttemptError) || error.retry;
      if (!retry || n === attempts) return { ok: false, attempts: n, error: lastError };
      const backoff = base * 2 ** (n - 1);
      // A little jitter so two processes retrying the same receiver do not stay in step.
      const wait = Math.min(
        max,
        error instanceof AttemptError && error.retryAfterMs !== undefined
          ? Math.max(error.retryAfterMs, backoff)
          : backoff,
      );
      await sleep(wait + Math.floor(Math.random() * Math.min(250, base)));
    }
  }
  return { ok: false, attempts, error: lastError };
}

/** What a person or a log sees when a webhook cannot be reached: never the socket's own error. */
const UNREACHABLE = "could not deliver: the receiver refused or could not be reached";
const FORBIDDEN_ADDRESS = "could not deliver: the webhook's address is on a private or internal network";

const allowLoopback = () => getEnv().ALLOW_LOOPBACK_WEBHOOKS === "1";

class ForbiddenAddress extends Error {}

/**
 * Resolves the host at send time and refuses private, loopback, link-local, metadata and
 * unique-local addresses; the socket connects to the very address that was checked, so a
 * DNS answer cannot change between the check and the connection.
 */
const checkedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as dns.LookupAddress[];
    if (list.length === 0 || list.some((a) => !isAddressAllowed(a.address, allowLoopback())))
      return callback(new ForbiddenAddress(FORBIDDEN_ADDRESS), "", 0);
    if ((options as { all?: boolean }).all)
      return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

async function postOnce(target: string, body: string, timeoutMs: number): Promise<void> {
  const url = new URL(target);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIpLiteral(host) && !isAddressAllowed(host, allowLoopback())) throw new AttemptError(FORBIDDEN_ADDRESS, false);
  const client = url.protocol === "https:" ? https : http;
  const response = await new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
          "User-Agent": "TrustHealth-Reminders",
        },
        lookup: checkedLookup,
        agent: false,
      },
      (res) => {
        // Drain the body; its content is not needed.
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] }));
        res.on("error", reject);
      },
    );
    const timer = setTimeout(() => req.destroy(new AttemptError(`timed out after ${timeoutMs} ms`, true)), timeoutMs);
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on("close", () => clearTimeout(timer));
    req.end(body);
  }).catch((error: unknown) => {
    if (error instanceof AttemptError) throw error;
    if (error instanceof ForbiddenAddress) throw new AttemptError(FORBIDDEN_ADDRESS, false);
    throw new AttemptError(UNREACHABLE, true);
  });
  if (response.status >= 200 && response.status < 300) return;
  const retryAfter = Number(response.retryAfter);
  const transient = response.status === 429 || response.status >= 500;
  throw new AttemptError(
    `HTTP ${response.status}`,
    transient,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  );
}

/** Posts `{text}` to a Slack-compatible webhook with bounded retries. Never throws. */
export function postWebhook(url: string, text: string, options: WebhookOptions = {}): Promise<DeliveryResult> {
  const body = JSON.stringify({ text });
  const timeoutMs = options.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs;
  return withBackoff(() => postOnce(url, body, timeoutMs), options);
}

/** Slack treats &, < and > as control characters in message text. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1"]);
// Names that only ever mean this machine or a cloud's internal network.
const INTERNAL_NAME = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

/**
 * Why a webhook URL is refused, or null when it is fine: https to a public host; http and
 * loopback only when ALLOW_LOOPBACK_WEBHOOKS=1 (development and tests). Names are checked
 * again, resolved, at every send.
 */
function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full URL, like https://hooks.slack.com/services/…";
  }
  if (url.username || url.password) return "Put no user name or password in the URL";
  const loopbackOk = allowLoopback();
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const loopback = LOOPBACK_NAMES.has(host) || (isIpLiteral(host) && isLoopbackAddress(host));
  if (url.protocol === "http:" && loopback && loopbackOk) return null;
  if (url.protocol === "http:")
    return loopbackOk ? "Use an https:// URL (plain http:// is only allowed for localhost)" : "Use an https:// URL";
  if (url.protocol !== "https:") return "Use an https:// URL";
  if (loopback && loopbackOk) return null;
  if ((isIpLiteral(host) && !isAddressAllowed(host, false)) || INTERNAL_NAME.test(host) || LOOPBACK_NAMES.has(host))
    return "Use a public address: webhooks to private, loopback, link-local or cloud metadata addresses are not allowed";
  return null;
}

/** Form field: empty means "no webhook". */
export const webhookUrlField = z
  .string()
  .trim()
  .max(2000, "Keep the URL under 2,000 characters")
  .optional()
  .transform((v) => (v ? v : null))
  .superRefine((v, ctx) => {
    const problem = v === null ? null : webhookUrlProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
