/**
 * Issue 11 over real HTTP: team webhooks to internal addresses (finding 9) and a removed
 * lead's pending invites (finding 14). Before the fix a lead could save the cloud metadata
 * address, "Send a test message" echoed socket errors for local ports, and a removed lead's
 * invite links kept working.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { createInvite } from "~/models/invites.server";
import { setTeamWebhook } from "~/models/reminders/settings.server";
import { addMember } from "~/models/teams.server";
import { signedIn } from "../support/client";
import { makeTeamWithPeople, makeUser } from "../support/factories";
import { freePort, serverForFile, startServer, type TestServer } from "../support/server";
import { startHookSink, type HookSink } from "./reminders.support";

// This server runs as in production: no ALLOW_LOOPBACK_WEBHOOKS.
const server = serverForFile({ LOG_REQUESTS: "0", REMINDERS: "off" });
const sqlite = () => getDb().$client;
let hook: HookSink;
beforeAll(async () => {
  hook = await startHookSink();
});
afterAll(async () => hook?.close());

const webhookOf = (teamId: number) =>
  (sqlite().prepare("select webhook_url from teams where id = ?").get(teamId) as { webhook_url: string | null })
    .webhook_url;

/** The flash message shown after "Send a test message". */
async function testMessage(client: Awaited<ReturnType<typeof signedIn>>, slug: string) {
  const res = await client.post(`/teams/${slug}/reminders`, { intent: "webhook-test" });
  expect(res.status).toBe(302);
  const page = await (await client.get(`/teams/${slug}/reminders`)).text();
  return /class="flash [^"]*" role="status">([^<]*)</.exec(page)?.[1] ?? "";
}

describe("team webhooks cannot reach internal addresses (finding 9)", () => {
  it("refuses to save private, loopback, link-local, metadata and unique-local addresses", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    for (const url of [
      "https://169.254.169.254/latest/meta-data/",
      "https://10.0.0.1/hook",
      "https://192.168.1.10/hook",
      "https://172.16.5.4/hook",
      "https://100.64.0.1/hook",
      "https://127.0.0.1/hook",
      "https://[::1]/hook",
      "https://[fd00:ec2::254]/hook",
      "https://[fe80::1]/hook",
      "https://[::ffff:169.254.169.254]/hook",
      "https://[::ffff:a9fe:a9fe]/hook",
      "https://0.0.0.0/hook",
      "https://localhost/hook",
      "https://metadata.google.internal/computeMetadata/v1/",
      "http://localhost:8080/hook",
    ]) {
      const res = await client.post(`/teams/${team.slug}/reminders`, { intent: "webhook", webhookUrl: url });
      expect(res.status, url).toBe(400);
      expect(await res.text(), url).toMatch(/Use a public address|Use an https:\/\/ URL/);
    }
    expect(webhookOf(team.id)).toBeNull();
    const ok = await client.post(`/teams/${team.slug}/reminders`, {
      intent: "webhook",
      webhookUrl: "https://hooks.slack.com/services/T0/B0/xyz",
    });
    expect(ok.status).toBe(302);
  });

  it("resolves the host at send time: a saved name that points at this machine is refused, nothing is sent", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    // As if saved before the fix (or a name whose DNS answer changed since).
    setTeamWebhook(team.id, `${hook.base.replace("http://127.0.0.1", "https://localhost")}/ok/ssrf`);
    const message = await testMessage(client, team.slug);
    expect(message).toContain("the webhook&#x27;s address is on a private or internal network");
    setTeamWebhook(team.id, `${hook.base}/ok/ssrf`);
    expect(await testMessage(client, team.slug)).toContain("private or internal network");
    expect(hook.on("/ok/ssrf")).toHaveLength(0);
  });

  it("reports a failure without the socket's error, so it cannot scan ports; loopback only with ALLOW_LOOPBACK_WEBHOOKS=1", async () => {
    const dev: TestServer = await startServer({ LOG_REQUESTS: "0", REMINDERS: "off", ALLOW_LOOPBACK_WEBHOOKS: "1" });
    try {
      const { team, lead } = await makeTeamWithPeople(1);
      const client = await signedIn(dev, lead.email);
      const closed = await freePort();
      const save = await client.post(`/teams/${team.slug}/reminders`, {
        intent: "webhook",
        webhookUrl: `http://127.0.0.1:${closed}/hook`,
      });
      expect(save.status).toBe(302);
      const message = await testMessage(client, team.slug);
      expect(message).toContain("could not deliver: the receiver refused or could not be reached");
      expect(message).not.toMatch(/ECONNREFUSED|connect|127\.0\.0\.1|\d{4,5}/);
      // Private addresses stay refused even in development.
      setTeamWebhook(team.id, "https://10.255.255.1/hook");
      expect(await testMessage(client, team.slug)).toContain("private or internal network");
      // And the loopback receiver works.
      setTeamWebhook(team.id, `${hook.base}/ok/dev-${team.slug}`);
      expect(await testMessage(client, team.slug)).toContain("Test message delivered");
      expect(hook.on(`/ok/dev-${team.slug}`)).toHaveLength(1);
    } finally {
      await dev.stop();
    }
  });
});

describe("a removed lead's pending invites are revoked (finding 14)", () => {
  it("removing a lead (or making them a member) revokes the invites they created, and the page says so", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const second = await makeUser({ displayName: "Second Lead" });
    const third = await makeUser({ displayName: "Third Lead" });
    addMember(team.id, second.id, "lead");
    addMember(team.id, third.id, "lead");
    const fromSecond = [
      createInvite({ teamId: team.id, email: "a@example.com", role: "member", invitedBy: second.id }),
      createInvite({ teamId: team.id, email: "b@example.com", role: "lead", invitedBy: second.id }),
    ];
    const fromThird = createInvite({ teamId: team.id, email: "c@example.com", role: "member", invitedBy: third.id });
    const fromFirst = createInvite({ teamId: team.id, email: "d@example.com", role: "member", invitedBy: lead.id });
    const client = await signedIn(server, lead.email);
    const settings = await (await client.get(`/teams/${team.slug}/settings`)).text();
    expect(settings).toContain("Removing a lead, or making a lead a member, also revokes the invites they created");

    for (const token of [...fromSecond, fromThird, fromFirst])
      expect((await fetch(`${server.baseUrl}/invite/${token}`)).status).toBe(200);

    const removed = await client.post(`/teams/${team.slug}/settings`, { intent: "remove", userId: second.id });
    expect(removed.status).toBe(302);
    expect(await (await client.get(`/teams/${team.slug}/settings`)).text()).toContain(
      "2 pending invites they created were revoked.",
    );
    for (const token of fromSecond) expect((await fetch(`${server.baseUrl}/invite/${token}`)).status).toBe(404);

    const demoted = await client.post(`/teams/${team.slug}/settings`, {
      intent: "role",
      userId: third.id,
      role: "member",
    });
    expect(demoted.status).toBe(302);
    expect((await fetch(`${server.baseUrl}/invite/${fromThird}`)).status).toBe(404);
    // The remaining lead's invite still works.
    expect((await fetch(`${server.baseUrl}/invite/${fromFirst}`)).status).toBe(200);
  });
});
