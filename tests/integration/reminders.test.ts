// The reminder scheduler against real receivers: an SMTP server and a webhook
// receiver on loopback, the real SQLite file, and an injected clock.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { weeklyCycleByKey } from "~/domain/cycles";
import { REMINDER_KINDS, type ReminderKind } from "~/domain/reminders";
import { createActionItem } from "~/models/action-items.server";
import { submitCheckInAnswers } from "~/models/answers.server";
import { setReminderPrefs, setTeamWebhook } from "~/models/reminders/settings.server";
import { runReminders, type ReminderDeps } from "~/models/reminders/run.server";
import { addMember } from "~/models/teams.server";
import { createMailer } from "~/utils/mail.server";
import { createScheduler } from "~/utils/scheduler.server";
import { Client, signedIn } from "../support/client";
import { makeTeam, makeUser, PASSWORD } from "../support/factories";
import { serverForFile } from "../support/server";
import { identifyingStrings, startHookSink, startSmtpSink, type HookSink, type SmtpSink } from "./reminders.support";

// The webhook receiver is on loopback, which only this setting allows (docs/security.md).
process.env.ALLOW_LOOPBACK_WEBHOOKS = "1";

let smtp: SmtpSink;
let hook: HookSink;
let deps: ReminderDeps;
const logs: string[] = [];
const sqlite = () => getDb().$client;
const joined = new Date("2020-01-01T00:00:00Z");
const APP = "http://app.test";

beforeAll(async () => {
  getDb();
  [smtp, hook] = await Promise.all([startSmtpSink(), startHookSink()]);
  deps = {
    mailer: createMailer(smtp.url, "Trust Health <no-reply@test.invalid>"),
    appUrl: APP,
    webhook: { timeoutMs: 300, attempts: 3, baseDelayMs: 25, maxDelayMs: 1000 },
    mailRetry: { attempts: 2, baseDelayMs: 25 },
    log: (line) => logs.push(line),
  };
});
afterAll(async () => {
  deps?.mailer?.close();
  await Promise.all([smtp?.close(), hook?.close()]);
});
// The page tests need the app; its own scheduler stays off so only the injected clock sends.
const server = serverForFile({ REMINDERS: "off", LOG_REQUESTS: "0", ALLOW_LOOPBACK_WEBHOOKS: "1" });

async function teamOf(names: string[], leadName = `Lead ${crypto.randomUUID().slice(0, 6)}`) {
  const team = makeTeam();
  const lead = await makeUser({ displayName: leadName });
  addMember(team.id, lead.id, "lead", joined);
  const members = [];
  for (const name of names) {
    const user = await makeUser({ displayName: name });
    addMember(team.id, user.id, "member", joined);
    members.push(user);
  }
  return { team, lead, members, everyone: [lead, ...members] };
}

const at = (iso: string) => new Date(iso);
const mailsTo = (people: Array<{ email: string }>) =>
  smtp.mails.filter((m) => people.some((p) => m.to.includes(p.email)));
const countBy = (mails: Array<{ to: string[]; kind: string }>) => {
  const out: Record<string, number> = {};
  for (const m of mails) for (const to of m.to) out[`${m.kind} ${to}`] = (out[`${m.kind} ${to}`] ?? 0) + 1;
  return out;
};
const allKindsBut = (...off: ReminderKind[]) => new Set(REMINDER_KINDS.filter((k) => !off.includes(k)));

describe("a week of weekly-check reminders", () => {
  const week = weeklyCycleByKey("2031-W10", "UTC")!; // Monday 3 March 2031
  let t: Awaited<ReturnType<typeof teamOf>>;

  beforeAll(async () => {
    t = await teamOf(["Ada Quillfeather", "Bo Marshwick", "Cy Ferroway", "Dee Larkspur"]);
    setTeamWebhook(t.team.id, `${hook.base}/ok/${t.team.slug}`);
  });

  it("opening reminders: once, not to who answered, not to who opted out; the team webhook hears it's open", async () => {
    const [ada, bo, cy, dee] = t.members;
    expect(
      submitCheckInAnswers(
        t.team,
        bo!.id,
        week.periodKey,
        { score: 4, why: null, help: null, appreciation: null },
        at("2031-03-03T08:00:00Z"),
      ).ok,
    ).toBe(true);
    setReminderPrefs(dee!.id, allKindsBut("weekly_open"));

    await runReminders(at("2031-03-03T08:30:00Z"), deps); // before 09:00: nothing
    expect(mailsTo(t.everyone)).toHaveLength(0);

    await runReminders(at("2031-03-03T10:00:00Z"), deps);
    await runReminders(at("2031-03-03T10:01:00Z"), deps); // exactly once
    await runReminders(at("2031-03-04T15:00:00Z"), deps);
    expect(countBy(mailsTo(t.everyone))).toEqual({
      [`weekly_open ${t.lead.email}`]: 1,
      [`weekly_open ${ada!.email}`]: 1,
      [`weekly_open ${cy!.email}`]: 1,
    });
    expect(hook.on(`/ok/${t.team.slug}`).map((r) => r.body.text)).toEqual([
      expect.stringMatching(
        /this week's trust check is open until Sunday 9 March.*http:\/\/app\.test\/teams\/.*\/check-in$/,
      ),
    ]);
  });

  it("one follow-up on Thursday to those who still have not answered, then silence: never more than two", async () => {
    const [ada, , cy, dee] = t.members;
    expect(
      submitCheckInAnswers(
        t.team,
        ada!.id,
        week.periodKey,
        { score: 3, why: null, help: null, appreciation: null },
        at("2031-03-04T12:00:00Z"),
      ).ok,
    ).toBe(true);
    for (const iso of [
      "2031-03-06T08:00:00Z",
      "2031-03-06T10:00:00Z",
      "2031-03-06T10:01:00Z",
      "2031-03-07T10:00:00Z",
      "2031-03-08T10:00:00Z",
      "2031-03-09T19:59:00Z",
      "2031-03-09T23:00:00Z",
    ]) {
      await runReminders(at(iso), deps);
    }
    expect(countBy(mailsTo(t.everyone))).toEqual({
      [`weekly_open ${t.lead.email}`]: 1,
      [`weekly_open ${ada!.email}`]: 1,
      [`weekly_open ${cy!.email}`]: 1,
      [`weekly_followup ${t.lead.email}`]: 1,
      [`weekly_followup ${cy!.email}`]: 1,
      [`weekly_followup ${dee!.email}`]: 1,
    });
    const perPerson = new Map<string, number>();
    for (const m of mailsTo(t.everyone))
      if (m.kind.startsWith("weekly")) for (const to of m.to) perPerson.set(to, (perPerson.get(to) ?? 0) + 1);
    expect(Math.max(...perPerson.values())).toBe(2);
    // The webhook never gets a follow-up.
    expect(hook.on(`/ok/${t.team.slug}`)).toHaveLength(1);
    const rows = sqlite()
      .prepare("select channel, status, count(*) n from reminder_sends where team_id = ? group by channel, status")
      .all(t.team.id);
    expect(rows).toEqual([
      { channel: "email", status: "sent", n: 6 },
      { channel: "webhook", status: "sent", n: 1 },
    ]);
  });

  it("every email has plain text and HTML, a link straight to the form and one to /me, and names nobody", () => {
    const forbidden = identifyingStrings(t.everyone);
    const mails = mailsTo(t.everyone);
    expect(mails.length).toBe(6);
    for (const mail of mails) {
      expect(mail.to).toHaveLength(1);
      expect(mail.headers["content-type"]).toMatch(/^multipart\/alternative/);
      expect(mail.text).toContain(`${APP}/teams/${t.team.slug}/check-in`);
      expect(mail.text).toContain(`${APP}/me`);
      expect(mail.html).toContain(`href="${APP}/teams/${t.team.slug}/check-in"`);
      expect(mail.html).toContain(`href="${APP}/me"`);
      for (const s of forbidden) {
        expect(mail.subject).not.toContain(s);
        expect(mail.text).not.toContain(s);
        expect(mail.html).not.toContain(s);
      }
      expect(mail.text).not.toMatch(/@/);
    }
    for (const r of hook.on(`/ok/${t.team.slug}`)) for (const s of forbidden) expect(r.body.text).not.toContain(s);
  });

  it("the lead's history page shows counts, never who", async () => {
    const client = await signedIn(server, t.lead.email);
    const html = await (await client.get(`/teams/${t.team.slug}/reminders`)).text();
    expect(html).toContain("Weekly check is open — week 2031-W10");
    expect(html).toContain("Weekly check follow-up — week 2031-W10");
    expect(html).toMatch(/Weekly check follow-up — week 2031-W10<\/td><td>email<\/td><td>3/);
    for (const m of t.members) {
      expect(html).not.toContain(m.displayName);
      expect(html).not.toContain(m.email);
    }
    const member = await signedIn(server, t.members[0]!.email);
    expect((await member.get(`/teams/${t.team.slug}/reminders`)).status).toBe(403);
  });
});

describe("webhook failures are bounded and block nothing", () => {
  it("500 and time-outs are retried with back-off, then recorded failed; other sends go through", async () => {
    const failing = await teamOf(["Eli Vantor"]);
    const hanging = await teamOf(["Fay Orrin"]);
    const healthy = await teamOf(["Gus Pellow"]);
    setTeamWebhook(failing.team.id, `${hook.base}/fail`);
    setTeamWebhook(hanging.team.id, `${hook.base}/hang`);
    setTeamWebhook(healthy.team.id, `${hook.base}/ok/healthy`);

    const started = Date.now();
    await runReminders(at("2031-05-12T10:00:00Z"), deps); // Monday of 2031-W20
    const took = Date.now() - started;
    // 3 attempts × 300 ms time-out + 25 + 50 ms back-off (+ jitter) for the slowest webhook.
    expect(took).toBeLessThan(5_000);

    const fails = hook.on("/fail");
    expect(fails).toHaveLength(3);
    const gaps = [fails[1]!.at - fails[0]!.at, fails[2]!.at - fails[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(25);
    expect(gaps[1]).toBeGreaterThanOrEqual(50);
    expect(hook.on("/hang")).toHaveLength(3);
    expect(hook.on("/ok/healthy")).toHaveLength(1);
    // The healthy team's message did not wait for the failing ones to give up.
    expect(hook.on("/ok/healthy")[0]!.at).toBeLessThan(fails[2]!.at);
    expect(countBy(mailsTo([...failing.everyone, ...hanging.everyone, ...healthy.everyone]))).toEqual(
      Object.fromEntries(
        [...failing.everyone, ...hanging.everyone, ...healthy.everyone].map((p) => [`weekly_open ${p.email}`, 1]),
      ),
    );

    const webhookRow = (teamId: number) =>
      sqlite()
        .prepare("select status, attempts, error from reminder_sends where team_id = ? and channel = 'webhook'")
        .get(teamId);
    expect(webhookRow(failing.team.id)).toEqual({ status: "failed", attempts: 3, error: "HTTP 500" });
    expect(webhookRow(hanging.team.id)).toEqual({ status: "failed", attempts: 3, error: "timed out after 300 ms" });
    expect(webhookRow(healthy.team.id)).toEqual({ status: "sent", attempts: 1, error: null });
    expect(
      logs.some((l) =>
        l.includes(`webhook weekly_open for team ${failing.team.id} failed after 3 attempt(s): HTTP 500`),
      ),
    ).toBe(true);

    // A failed send is final: the next tick does not hammer the receiver again.
    await runReminders(at("2031-05-12T11:00:00Z"), deps);
    expect(hook.on("/fail")).toHaveLength(3);
    for (const t of [failing, hanging, healthy]) setTeamWebhook(t.team.id, null);
  });

  it("a refused address is recorded failed without the address in the log or the database", async () => {
    const team = makeTeam();
    const person = await makeUser({
      email: `reject-${crypto.randomUUID().slice(0, 8)}@example.com`,
      displayName: "Hal Reject",
    });
    addMember(team.id, person.id, "lead", joined);
    logs.length = 0;
    await runReminders(at("2031-05-19T10:00:00Z"), deps);
    const row = sqlite()
      .prepare("select kind, status, attempts, error from reminder_sends where team_id = ?")
      .get(team.id) as { status: string; attempts: number; error: string };
    expect(row).toMatchObject({ kind: "weekly_open", status: "failed", attempts: 1 });
    expect(row.error).toContain("550");
    expect(row.error).not.toContain(person.email);
    expect(logs.join("\n")).not.toContain(person.email);
    expect(logs.join("\n")).toContain(`email weekly_open for team ${team.id} failed`);
  });
});

describe("without SMTP, reminders are shown in the app only", () => {
  it("records them as in-app and lists them on the person's /me page", async () => {
    const t = await teamOf(["Ivy Dunmore"]);
    const before = smtp.mails.length;
    const scheduler = createScheduler({
      deps: { ...deps, mailer: null },
      clock: () => at("2031-06-02T10:00:00Z"),
      log: (l) => logs.push(l),
    });
    const summary = await scheduler.runOnce();
    expect(summary?.inApp).toBeGreaterThanOrEqual(2);
    expect(smtp.mails.length).toBe(before);
    expect(
      sqlite()
        .prepare("select channel, status, count(*) n from reminder_sends where team_id = ? group by 1, 2")
        .all(t.team.id),
    ).toEqual([{ channel: "app", status: "sent", n: 2 }]);
    // Switching SMTP on later the same week does not send the same reminder again.
    await runReminders(at("2031-06-02T11:00:00Z"), deps);
    expect(mailsTo(t.everyone)).toHaveLength(0);

    const client = await signedIn(server, t.members[0]!.email);
    const html = await (await client.get("/me")).text();
    expect(html).toContain("Weekly check is open — week 2031-W23");
    expect(html).toContain(`href="/teams/${t.team.slug}/check-in"`);
    expect(html).toContain("in the app");
  });
});

describe("action items, review summary", () => {
  it("the owner hears about an item due soon and overdue once each; leads get the review without owner names", async () => {
    const t = await teamOf(["Jo Brackwater"]);
    const [jo] = t.members;
    const base = { ownerId: jo!.id, status: "open" as const, source: "retro" as const, incidentId: null, notes: null };
    createActionItem(
      t.team.id,
      { ...base, title: "Write the runbook", dueDate: "2031-09-03" },
      at("2031-08-01T00:00:00Z"),
    );
    createActionItem(
      t.team.id,
      { ...base, title: "Fix the pager rota", dueDate: "2031-08-29" },
      at("2031-08-01T00:00:00Z"),
    );
    setReminderPrefs(jo!.id, allKindsBut("weekly_open", "weekly_followup"));
    setReminderPrefs(t.lead.id, allKindsBut("weekly_open", "weekly_followup"));
    // Monday 1 September 2031: a review week or not, run both Mondays.
    for (const iso of ["2031-09-01T10:00:00Z", "2031-09-01T12:00:00Z", "2031-09-02T10:00:00Z", "2031-09-08T10:00:00Z"])
      await runReminders(at(iso), deps);
    const mine = mailsTo([jo!]);
    // Due soon on the Monday, overdue a week later: one of each, however many ticks ran.
    expect(mine.map((m) => m.subject).sort()).toEqual([
      "Action item due Wednesday 3 September 2031: Write the runbook",
      "Overdue action item: Fix the pager rota",
      "Overdue action item: Write the runbook",
    ]);
    const reviews = mailsTo([t.lead]).filter((m) => m.kind === "review_summary");
    expect(reviews).toHaveLength(1);
    expect(reviews[0]!.text).toMatch(/Overdue: (Fix the pager rota|Write the runbook)/);
    expect(reviews[0]!.text).not.toContain(jo!.displayName);
    expect(reviews[0]!.text).toContain(`${APP}/teams/${t.team.slug}/review`);
  });
});

describe("pages: /me and the team's webhook form", () => {
  it("a person turns reminders off from the browser, and unknown kinds are refused", async () => {
    const t = await teamOf(["Kit Ambleside"]);
    const client = new Client(server.baseUrl);
    expect((await client.get("/me")).headers.get("location")).toMatch(/^\/login/);
    await client.login(t.members[0]!.email, PASSWORD);
    const page = await (await client.get("/me")).text();
    expect(page).toContain('href="/me"'); // the header link
    expect(page).toMatch(/<input type="checkbox" id="kind-weekly_followup" name="enabled"[^>]*checked=""/);
    const res = await client.post(
      "/me",
      new URLSearchParams([
        ["intent", "prefs"],
        ...REMINDER_KINDS.filter((k) => k !== "weekly_followup").map((k) => ["enabled", k]),
      ]),
    );
    expect(res.status).toBe(302);
    const stored = sqlite()
      .prepare("select kind from reminder_prefs where user_id = ? and enabled = 0")
      .all(t.members[0]!.id);
    expect(stored).toEqual([{ kind: "weekly_followup" }]);
    const after = await (await client.get("/me")).text();
    expect(after).toMatch(
      /<input type="checkbox" id="kind-weekly_followup" name="enabled"[^>]*value="weekly_followup"\/>/,
    );
    expect(after).not.toMatch(/id="kind-weekly_followup"[^>]*checked/);
    expect((await client.post("/me", { intent: "prefs", enabled: "everything" })).status).toBe(400);
  });

  it("leads set a webhook: https only (http for localhost), bad URL refused beside the field, test message delivered", async () => {
    const t = await teamOf(["Lu Fenwright"]);
    const client = await signedIn(server, t.lead.email);
    const path = `/teams/${t.team.slug}/reminders`;
    for (const [url, message] of [
      ["http://hooks.example.com/services/x", "Use an https:// URL (plain http:// is only allowed for localhost)"],
      ["ftp://hooks.example.com/x", "Use an https:// URL"],
      ["not a url", "Enter a full URL, like https://hooks.slack.com/services/…"],
      ["", "Paste the webhook URL from Slack (or a compatible chat)"],
    ] as const) {
      const res = await client.post(path, { intent: "webhook", webhookUrl: url });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(
        `<div class="field-error" id="field-webhookUrl-error" role="alert">${message.replace("…", "…")}</div>`,
      );
      if (url) expect(html).toContain(`value="${url}"`);
    }
    expect(sqlite().prepare("select webhook_url from teams where id = ?").get(t.team.id)).toEqual({
      webhook_url: null,
    });

    expect(
      (
        await client.post(path, {
          intent: "webhook",
          webhookUrl: "https://hooks.slack.com/services/T000/B000/SECRETSECRET",
        })
      ).status,
    ).toBe(302);
    const page = await (await client.get(path)).text();
    expect(page).toContain("https://hooks.slack.com/…");
    expect(page).not.toContain("SECRETSECRET");

    const local = `${hook.base.replace("127.0.0.1", "localhost")}/ok/test-${t.team.slug}`;
    expect((await client.post(path, { intent: "webhook", webhookUrl: local })).status).toBe(302);
    const test = await client.post(path, { intent: "webhook-test" });
    expect(test.status).toBe(302);
    expect(hook.on(`/ok/test-${t.team.slug}`)).toHaveLength(1);
    expect(hook.on(`/ok/test-${t.team.slug}`)[0]!.body.text).toContain("test message from Trust Health");
    expect(await (await client.get(path)).text()).toContain("Test message delivered.");
  });

  it("the calendar feed: a secret URL shown once, stored as a hash, rotated", async () => {
    const t = await teamOf(["Mo Quenby"]);
    const [mo] = t.members;
    createActionItem(t.team.id, {
      ownerId: mo!.id,
      status: "open",
      source: "retro",
      incidentId: null,
      notes: null,
      title: "Publish the postmortem",
      dueDate: "2099-01-05",
    });
    createActionItem(t.team.id, {
      ownerId: t.lead.id,
      status: "open",
      source: "retro",
      incidentId: null,
      notes: null,
      title: "Someone else's item",
      dueDate: "2099-01-06",
    });
    const client = await signedIn(server, mo!.email);
    const created = await client.post("/me", { intent: "calendar-rotate" });
    expect(created.status).toBe(200);
    const url = (await created.text()).match(/(http:\/\/127\.0\.0\.1:\d+\/calendar\/([A-Za-z0-9_-]+)\.ics)/)!;
    const token = url[2]!;
    const stored = sqlite().prepare("select calendar_token_hash h from users where id = ?").get(mo!.id) as {
      h: string;
    };
    expect(stored.h).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(stored.h).not.toContain(token);

    const feed = await fetch(url[1]!);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const ics = (await feed.text()).replace(/\r\n[ \t]/g, "");
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).toContain(`SUMMARY:Weekly trust check — ${t.team.name}`);
    expect(ics).toContain(`SUMMARY:Quarterly trust survey — ${t.team.name}`);
    expect(ics).toContain(`SUMMARY:Action-item review — ${t.team.name}`);
    // The review's calendar entry opens the review screen.
    expect(ics).toMatch(new RegExp(`URL(;VALUE=URI)?:[^\\r\\n]*/teams/${t.team.slug}/review`));
    expect(ics).toContain("DTSTART;VALUE=DATE:20990105");
    expect(ics).toContain("SUMMARY:Due: Publish the postmortem");
    expect(ics).not.toContain("Someone else's item");
    expect((ics.match(/SUMMARY:Weekly trust check/g) ?? []).length).toBeGreaterThan(25);

    expect((await client.post("/me", { intent: "calendar-rotate" })).status).toBe(200);
    expect((await fetch(url[1]!)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/calendar/not-a-token.ics`)).status).toBe(404);
  });
});
