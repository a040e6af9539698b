// Exactly-once across restarts and across processes: several separate Node
// processes run the production build against this test's one SQLite file,
// with one SMTP server and one webhook receiver on loopback.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { createActionItem } from "~/models/action-items.server";
import { setTeamWebhook } from "~/models/reminders/settings.server";
import { addMember } from "~/models/teams.server";
import { makeTeam, makeUser } from "../support/factories";
import { startServer, type TestServer } from "../support/server";
import { startHookSink, startSmtpSink, type HookSink, type SmtpSink } from "./reminders.support";

const root = path.resolve(import.meta.dirname, "../..");
// The webhook receiver is on loopback, which only this setting allows; every process started here inherits it.
process.env.ALLOW_LOOPBACK_WEBHOOKS = "1";
let smtp: SmtpSink;
let hook: HookSink;
const sqlite = () => getDb().$client;
const joined = new Date("2020-01-01T00:00:00Z");

beforeAll(async () => {
  getDb();
  [smtp, hook] = await Promise.all([startSmtpSink(), startHookSink()]);
});
afterAll(async () => {
  await Promise.all([smtp?.close(), hook?.close()]);
});

async function team(size: number, overrides: { timeZone?: string } = {}) {
  const t = makeTeam(overrides);
  const lead = await makeUser();
  addMember(t.id, lead.id, "lead", joined);
  const members = [];
  for (let i = 0; i < size; i++) {
    const user = await makeUser();
    addMember(t.id, user.id, "member", joined);
    members.push(user);
  }
  return { team: t, lead, members, everyone: [lead, ...members] };
}

type Summary = { claimed: number; sent: number; failed: number };

/** A fresh Node process: loads build/index.js and runs one reminder pass at `nowIso`, starting at `startAt`. */
function runInProcess(nowIso: string, startAt: number): Promise<Summary> {
  const script = `
    const { pathToFileURL } = await import("node:url");
    const build = await import(pathToFileURL(${JSON.stringify(path.join(root, "build/index.js"))}).href);
    while (Date.now() < Number(process.env.START_AT)) await new Promise((r) => setTimeout(r, 2));
    const summary = await build.entry.module.runRemindersOnce(process.env.NOW, { webhook: { timeoutMs: 1000, attempts: 2, baseDelayMs: 20 } });
    console.log("SUMMARY " + JSON.stringify(summary));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        SMTP_URL: smtp.url,
        APP_URL: "http://app.test",
        NOW: nowIso,
        START_AT: String(startAt),
        LOG_REQUESTS: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("SUMMARY "));
      if (code !== 0 || !line) reject(new Error(`reminder process failed (${code}):\n${out}`));
      else resolve(JSON.parse(line.slice(8)) as Summary);
    });
  });
}

const together = (n: number, nowIso: string) => {
  const startAt = Date.now() + 1500; // every process has loaded the build by then
  return Promise.all(Array.from({ length: n }, () => runInProcess(nowIso, startAt)));
};

const tally = (emails: string[]) => {
  const out: Record<string, number> = {};
  for (const m of smtp.mails)
    for (const to of m.to) if (emails.includes(to)) out[`${m.kind} ${to}`] = (out[`${m.kind} ${to}`] ?? 0) + 1;
  return out;
};

describe("exactly once with an injected clock", () => {
  it("four processes at the same instant send each reminder once; a restarted process sends nothing again", async () => {
    const t = await team(4);
    setTeamWebhook(t.team.id, `${hook.base}/ok/${t.team.slug}`);
    const emails = t.everyone.map((p) => p.email);

    const monday = await together(4, "2032-03-01T10:00:00Z"); // Monday of 2032-W09
    expect(monday.reduce((n, s) => n + s.claimed, 0)).toBeGreaterThanOrEqual(6); // 5 people + the webhook, in this team
    await smtp.waitFor(5);
    expect(tally(emails)).toEqual(Object.fromEntries(emails.map((e) => [`weekly_open ${e}`, 1])));
    expect(hook.on(`/ok/${t.team.slug}`)).toHaveLength(1);

    // A restart: new processes, same instant and an hour later. Nothing new.
    const again = await runInProcess("2032-03-01T10:00:00Z", 0);
    const later = await runInProcess("2032-03-01T11:00:00Z", 0);
    expect(again.claimed + later.claimed).toBe(0);

    // Thursday: the follow-up, again from racing processes, once each.
    await together(3, "2032-03-04T10:00:00Z");
    await together(2, "2032-03-05T10:00:00Z");
    expect(tally(emails)).toEqual(
      Object.fromEntries(
        emails.flatMap((e) => [
          [`weekly_open ${e}`, 1],
          [`weekly_followup ${e}`, 1],
        ]),
      ),
    );
    expect(hook.on(`/ok/${t.team.slug}`)).toHaveLength(1);
    const rows = sqlite()
      .prepare(
        "select kind, channel, status, count(*) n from reminder_sends where team_id = ? group by 1, 2, 3 order by 1, 2",
      )
      .all(t.team.id);
    expect(rows).toEqual([
      { kind: "weekly_followup", channel: "email", status: "sent", n: 5 },
      { kind: "weekly_open", channel: "email", status: "sent", n: 5 },
      { kind: "weekly_open", channel: "webhook", status: "sent", n: 1 },
    ]);
  });
});

/** An Etc/GMT zone in which it is now about noon, so the real clock is inside sending hours. */
function zoneAtNoon(): string {
  const offset = 12 - new Date().getUTCHours(); // hours ahead of UTC
  return offset === 0 ? "UTC" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}

function yesterdayIn(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(Date.now() - 86_400_000),
  );
}

async function waitForLog(server: TestServer, text: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!server.logs.join("").includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in the log:\n${server.logs.join("")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the real server's scheduler", () => {
  it("sends at start, and a restarted server — or two servers at once — sends nothing twice", async () => {
    const zone = zoneAtNoon();
    const t = await team(2, { timeZone: zone });
    createActionItem(t.team.id, {
      title: "Close the loop",
      ownerId: t.members[0]!.id,
      dueDate: yesterdayIn(zone),
      status: "open",
      source: "retro",
      incidentId: null,
      notes: null,
    });
    const emails = t.everyone.map((p) => p.email);
    const env = { SMTP_URL: smtp.url, REMINDERS: "on", LOG_REQUESTS: "0" };

    const first = await startServer(env);
    await waitForLog(first, "reminders: first pass done");
    await first.stop();
    const afterFirst = tally(emails);
    expect(afterFirst[`action_overdue ${t.members[0]!.email}`]).toBe(1);
    expect(Object.values(afterFirst).every((n) => n === 1)).toBe(true);
    expect(first.logs.join("")).toContain(`Reminders: email via ${smtp.url}`);

    const [second, third] = await Promise.all([startServer(env), startServer(env)]);
    await Promise.all([
      waitForLog(second, "reminders: first pass done"),
      waitForLog(third, "reminders: first pass done"),
    ]);
    await Promise.all([second.stop(), third.stop()]);
    expect(tally(emails)).toEqual(afterFirst);

    // Nothing in any log ties an address to a reminder.
    for (const s of [first, second, third]) for (const e of emails) expect(s.logs.join("")).not.toContain(e);
  });

  it("says in one line when no SMTP server is configured", async () => {
    const server = await startServer({ SMTP_URL: "", REMINDERS: "on", LOG_REQUESTS: "0" });
    try {
      await waitForLog(server, "SMTP_URL not set: reminders are shown in the app only");
    } finally {
      await server.stop();
    }
  });

  it("refuses to start with a malformed SMTP_URL, naming the variable and not echoing the password", async () => {
    for (const bad of [
      "smtp//mailer:hunter2secret@mail.example.com",
      "http://mail.example.com",
      "smtp://",
      "not a url",
    ]) {
      const failure = await startServer({ SMTP_URL: bad }).then(
        async (s) => {
          await s.stop();
          return "";
        },
        (error: Error) => error.message,
      );
      expect(failure).toContain("Invalid environment");
      expect(failure).toContain("SMTP_URL: must be a URL like smtp://");
      expect(failure).not.toContain("hunter2secret");
    }
  });
});
