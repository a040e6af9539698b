import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { closeDatabase, getDb } from "#db/client.server";
import { defaultReminderDeps, runReminders, type RunSummary } from "~/models/reminders/run.server";
import { getEnv } from "~/utils/env.server";
import { startScheduler as startReminderScheduler, type Scheduler } from "~/utils/scheduler.server";
import type { RetryOptions, WebhookOptions } from "~/utils/webhook.server";
import { NonceProvider } from "~/utils/nonce";

export { getEnv };
export { closeDatabase };
export { requestLogLine } from "~/utils/request-log.server";

/** Called by server.js after it listens: the in-process reminder scheduler (REMINDERS=off disables it). */
export function startScheduler(): Scheduler {
  return startReminderScheduler();
}

/**
 * One reminder pass at a given instant, with the environment's SMTP settings.
 * Used by the tests to drive several processes on one database with one clock.
 */
export function runRemindersOnce(
  nowIso: string,
  options: { webhook?: WebhookOptions; mailRetry?: RetryOptions } = {},
): Promise<RunSummary> {
  return runReminders(new Date(nowIso), { ...defaultReminderDeps(), ...options });
}

/** Called once by server.js before it listens: checks the environment and migrates the database. */
export function startup() {
  const env = getEnv();
  getDb();
  return env;
}

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : "";
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Log the failure, never the request body.
          if (shellRendered) console.error(error instanceof Error ? error.message : error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // A URL that matches no route is a 404 for the visitor, not a server error to log.
  if (isRouteErrorResponse(error) && error.status === 404) return;
  const path = new URL(request.url).pathname;
  console.error(`error on ${request.method} ${path}:`, error instanceof Error ? error.stack : error);
}

export { demoState, seedDemo, DEMO_PASSWORD, DEMO_ADMIN_EMAIL, DEMO_TEAMS, demoEmail } from "~/models/demo.server";
