import { defaultReminderDeps, runReminders, type ReminderDeps, type RunSummary } from "~/models/reminders/run.server";
import { closeFinishedCycles } from "~/models/aggregates.server";
import { getEnv } from "./env.server";

/**
 * The reminder scheduler lives inside the app process: no cron to set up. Every
 * process may run one; the send log's claim makes each reminder go out once.
 * A tick that is still delivering when the next is due makes that one skip.
 */

export type Scheduler = {
  /** One pass at `now`; resolves when its deliveries have finished, or null if a pass was already running. */
  runOnce(now?: Date): Promise<RunSummary | null>;
  stop(): void;
};

type StartableScheduler = Scheduler & { start(): void };

export type SchedulerOptions = {
  clock?: () => Date;
  intervalMs?: number;
  deps?: ReminderDeps;
  log?: (line: string) => void;
};

export function createScheduler(options: SchedulerOptions = {}): StartableScheduler {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.log(line));
  let running = false;
  let firstDone = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  async function runOnce(now = clock()): Promise<RunSummary | null> {
    if (running) return null;
    running = true;
    try {
      const summary = await runReminders(now, { log, ...(options.deps ?? defaultReminderDeps()) });
      if (!firstDone) {
        firstDone = true;
        log(
          `reminders: first pass done (${summary.teams} team(s) in sending hours, ${summary.sent} sent, ${summary.failed} failed, ${summary.inApp} shown in the app)`,
        );
      }
      return summary;
    } catch (error) {
      // A bad tick is logged and the next one tries again; the app keeps serving.
      log(`reminders: run failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    } finally {
      running = false;
    }
  }

  return {
    runOnce,
    start() {
      timer ??= setInterval(() => void runOnce(), options.intervalMs ?? 60_000);
      // The first pass right away, so a restart catches up without waiting a minute.
      setTimeout(() => void runOnce(), 0);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

/**
 * Called by server.js once it listens. Says in one line how reminders will go out,
 * then ticks every minute (the first pass right away).
 */
export function startScheduler(options: SchedulerOptions = {}): Scheduler {
  const closing = startClosingCycles(options);
  const reminders = startReminders(options);
  return {
    runOnce: reminders.runOnce,
    stop() {
      closing.stop();
      reminders.stop();
    },
  };
}

/**
 * Every tick (whether reminders are on or not): the cycles that closed since the last tick
 * get their member count at close and, weekly ones, their aggregate — so no GET has to write.
 */
function startClosingCycles(options: Pick<SchedulerOptions, "clock" | "intervalMs" | "log"> = {}) {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.log(line));
  const tick = () => {
    try {
      closeFinishedCycles(clock());
    } catch (error) {
      // SQLITE_BUSY under a long write elsewhere: the next tick catches up.
      log(`closing cycles failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const timer = setInterval(tick, options.intervalMs ?? getEnv().CLOSE_CYCLES_EVERY_SECONDS * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

function startReminders(options: SchedulerOptions): Scheduler {
  const env = getEnv();
  const log = options.log ?? ((line: string) => console.log(line));
  const deps = options.deps ?? defaultReminderDeps();
  if (env.REMINDERS === "off") {
    log("Reminders are off (REMINDERS=off): nothing is sent.");
    return { runOnce: async () => null, stop: () => undefined };
  }
  if (!deps.mailer) {
    log("SMTP_URL not set: reminders are shown in the app only");
  } else {
    log(
      `Reminders: email via ${deps.mailer.describe}${env.APP_URL ? "" : `; APP_URL not set, links point to ${deps.appUrl}`}`,
    );
    deps.mailer
      .verify()
      .catch((error) =>
        log(
          `Reminders: the SMTP server did not accept a connection yet: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  }
  const scheduler = createScheduler({ ...options, deps, log });
  scheduler.start();
  return scheduler;
}
