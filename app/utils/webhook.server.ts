import { z } from "zod";

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

export const WEBHOOK_DEFAULTS = Object.freeze({
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

async function postOnce(url: string, body: string, timeoutMs: number): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "TrustHealth-Reminders" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError" || name === "AbortError")
      throw new AttemptError(`timed out after ${timeoutMs} ms`, true);
    const cause =
      error instanceof Error && error.cause instanceof Error
        ? error.cause.message
        : error instanceof Error
          ? error.message
          : String(error);
    throw new AttemptError(`could not connect: ${cause}`, true);
  }
  // Drain the body so the connection can be reused; its content is not needed.
  await res.arrayBuffer().catch(() => undefined);
  if (res.ok) return;
  const retryAfter = Number(res.headers.get("retry-after"));
  const transient = res.status === 429 || res.status >= 500;
  throw new AttemptError(
    `HTTP ${res.status}`,
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

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Why a webhook URL is refused, or null when it is fine: https, or http to this machine only. */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full URL, like https://hooks.slack.com/services/…";
  }
  if (url.username || url.password) return "Put no user name or password in the URL";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname)) return null;
  if (url.protocol === "http:") return "Use an https:// URL (plain http:// is only allowed for localhost)";
  return "Use an https:// URL";
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
