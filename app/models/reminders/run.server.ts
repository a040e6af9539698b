import { setImmediate as yieldToRequests } from "node:timers/promises";
import { isSendingHour, planReminders, type PlannedReminder } from "~/domain/reminders";
import {
  alreadyLogged,
  claimSends,
  failInterruptedSends,
  logKey,
  recordOutcome,
  type ClaimedSend,
  type ReminderChannel,
} from "~/models/reminders.server";
import { listAllTeams, type Team } from "~/models/teams.server";
import { getEnv } from "~/utils/env.server";
import { mailerFromEnv, type Mailer } from "~/utils/mail.server";
import { postWebhook, type DeliveryResult, type RetryOptions, type WebhookOptions } from "~/utils/webhook.server";
import { emailFor, webhookTextFor, type MessageContext } from "./messages";
import { teamSnapshot } from "./plan-input.server";

/**
 * One pass of the scheduler: plan each team's due reminders, claim them in the
 * send log, then deliver. Delivery runs concurrently and every send is bounded,
 * so a slow or failing webhook delays nothing else. Logs carry counts, kinds and
 * team ids — never an address, never a name.
 */

export type ReminderDeps = {
  /** null: no SMTP, personal reminders are shown in the app only. */
  mailer: Mailer | null;
  /** Public base URL for links in messages. */
  appUrl: string;
  webhook?: WebhookOptions;
  mailRetry?: RetryOptions;
  /** Emails in flight at once. */
  mailConcurrency?: number;
  log?: (line: string) => void;
};

export type RunSummary = {
  teams: number;
  claimed: number;
  sent: number;
  failed: number;
  inApp: number;
  interrupted: number;
};

export function defaultReminderDeps(): ReminderDeps {
  const env = getEnv();
  const host = !env.HOST || env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST;
  return { mailer: mailerFromEnv(), appUrl: (env.APP_URL ?? `http://${host}:${env.PORT}`).replace(/\/+$/, "") };
}

function limiter(concurrency: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

function channelFor(planned: PlannedReminder, mailer: Mailer | null): ReminderChannel {
  if (planned.recipient.type === "team") return "webhook";
  return mailer ? "email" : "app";
}

export async function runReminders(now: Date, deps: ReminderDeps = defaultReminderDeps()): Promise<RunSummary> {
  const log = deps.log ?? ((line: string) => console.log(line));
  const summary: RunSummary = {
    teams: 0,
    claimed: 0,
    sent: 0,
    failed: 0,
    inApp: 0,
    interrupted: failInterruptedSends(now),
  };
  const limitMail = limiter(deps.mailConcurrency ?? 5);
  const deliveries: Promise<void>[] = [];

  const deliver = (team: Team, send: ClaimedSend, attempt: () => Promise<DeliveryResult>) =>
    attempt()
      .catch((error): DeliveryResult => ({
        ok: false,
        attempts: 1,
        error: error instanceof Error ? error.message : String(error),
      }))
      .then((outcome) => {
        recordOutcome(send.id, outcome, new Date());
        if (outcome.ok) summary.sent++;
        else {
          summary.failed++;
          log(
            `reminders: ${send.channel} ${send.planned.kind} for team ${team.id} failed after ${outcome.attempts} attempt(s): ${outcome.error}`,
          );
        }
      });

  for (const team of listAllTeams()) {
    // Demo people have made-up addresses; their teams are never reminded.
    if (team.isDemo || !isSendingHour(now, team.timeZone)) continue;
    summary.teams++;
    const snapshot = teamSnapshot(team, now);
    const planned = planReminders(snapshot.input);
    const logged = alreadyLogged(team.id, planned);
    const fresh = planned.filter((p) => !logged.has(logKey(p)));
    const claimed = claimSends(
      team.id,
      fresh.map((p) => ({ planned: p, channel: channelFor(p, deps.mailer) })),
      now,
    );
    summary.claimed += claimed.length;
    const context: MessageContext = { ...snapshot.context, appUrl: deps.appUrl };
    for (const send of claimed) {
      const { planned: p } = send;
      if (send.channel === "app") {
        summary.inApp++;
      } else if (send.channel === "webhook") {
        const url = team.webhookUrl!;
        deliveries.push(deliver(team, send, () => postWebhook(url, webhookTextFor(p, context), deps.webhook)));
      } else {
        const to = p.recipient.type === "person" ? snapshot.emails.get(p.recipient.userId) : undefined;
        const mailer = deps.mailer!;
        deliveries.push(
          deliver(team, send, () =>
            to
              ? limitMail(() => mailer.send({ to, ...emailFor(p, context) }, deps.mailRetry))
              : Promise.resolve({ ok: false, attempts: 0, error: "no address" }),
          ),
        );
      }
    }
    // Reading and claiming are synchronous; let requests in between teams.
    await yieldToRequests();
  }
  await Promise.all(deliveries);
  if (summary.sent || summary.failed || summary.inApp || summary.interrupted) {
    log(
      `reminders: ${summary.sent} sent, ${summary.failed} failed, ${summary.inApp} shown in the app` +
        (summary.interrupted ? `, ${summary.interrupted} interrupted earlier marked failed` : ""),
    );
  }
  return summary;
}
