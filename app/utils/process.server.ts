/**
 * The process around the request handler: what server.js calls before it listens, after it
 * listens, per request (the log line) and on shutdown. Re-exported by entry.server.tsx, the one
 * module of the server build that server.js can reach.
 */
import { closeDatabase, getDb } from "#db/client.server";
import { backfillAggregates } from "~/models/aggregates.server";
import { defaultReminderDeps, runReminders, type RunSummary } from "~/models/reminders/run.server";
import { getEnv } from "./env.server";
import { startScheduler as startReminderScheduler, type Scheduler } from "./scheduler.server";
import type { RetryOptions, WebhookOptions } from "./webhook.server";

export { closeDatabase, getEnv };
export { requestLogLine } from "./request-log.server";

/** Called once by server.js before it listens: checks the environment and migrates the database. */
export function startup() {
  const env = getEnv();
  getDb();
  // Cycles that closed while no server ran get their member counts and aggregates now.
  backfillAggregates(new Date());
  return env;
}

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
