import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupInvite } from "~/models/invites.server";
import { listPendingInvites } from "~/models/invites.server";
import { signedIn } from "../support/client";
import { makeTeamWithPeople } from "../support/factories";
import { serverForFile, startServer, type TestServer } from "../support/server";
import { startSmtpSink, type SmtpSink } from "./reminders.support";

// Issue 12: invite several people at once by pasting a list; email the invites when SMTP is set.
const server = serverForFile({ REMINDERS: "off" });

const links = (html: string) => [...html.matchAll(/data-testid="invite-link">([^<]+)</g)].map((m) => m[1]!.trim());
const decode = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");
const tokenOf = (link: string) => link.split("/invite/")[1]!;

describe("inviting a pasted list", () => {
  it("invites every good address, gives each bad entry its own message and keeps it in the box", async () => {
    const { team, lead, members } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const pasted = [
      "ada@example.com",
      "bob@",
      `${members[0]!.email}, Carol Jones <Carol@Example.com>`,
      "ADA@example.com;  not an address",
      "",
    ].join("\n");
    const res = await client.post(`/teams/${team.slug}/invite`, { email: pasted, role: "member" });
    expect(res.status, "some were invited: a 200 that lists the rest").toBe(200);
    const html = decode(await res.text());

    const created = links(html);
    expect(created).toHaveLength(2);
    const invited = created.map((link) => lookupInvite(tokenOf(link)));
    expect(invited.map((i) => (i.state === "valid" ? [i.email, i.role, i.teamSlug] : i.state))).toEqual([
      ["ada@example.com", "member", team.slug],
      ["carol@example.com", "member", team.slug],
    ]);
    expect(listPendingInvites(team.id).map((i) => i.email)).toEqual(
      expect.arrayContaining(["ada@example.com", "carol@example.com"]),
    );
    expect(listPendingInvites(team.id)).toHaveLength(2);

    expect(html).toContain("Line 2: “bob@” is not an email address");
    expect(html).toContain(`Line 3: ${members[0]!.email} is already on this team`);
    expect(html).toContain("Line 4: ada@example.com is already listed on line 1");
    expect(html).toContain("Line 4: “not an address” is not an email address");
    // The box keeps what is left to fix, nothing else (sending it again invites nobody twice).
    expect(html).toMatch(/<textarea[^>]*aria-invalid="true"[^>]*>bob@\nnot an address<\/textarea>/);
    expect(html).toMatch(
      /<textarea[^>]*aria-describedby="field-email-hint field-email-error-0 field-email-error-1 field-email-error-2 field-email-error-3"/,
    );
    expect(html).toContain('<option value="member" selected="">');
  });

  it("answers 200 with one link per person when every address is good, as a lead role", async () => {
    const { team, lead } = await makeTeamWithPeople(0);
    const client = await signedIn(server, lead.email);
    const res = await client.post(`/teams/${team.slug}/invite`, {
      email: "one@example.com, two@example.com\nthree@example.com",
      role: "lead",
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(links(html)).toHaveLength(3);
    expect(html).toContain("3 invite links");
    expect(html).toContain("Send each person their link."); // no SMTP here
    expect(listPendingInvites(team.id).map((i) => i.role)).toEqual(["lead", "lead", "lead"]);
  });

  it("answers 400 when nobody could be invited, keeping the list", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const res = await client.post(`/teams/${team.slug}/invite`, {
      email: "bob@\nalice(at)example.com",
      role: "member",
    });
    expect(res.status).toBe(400);
    const html = decode(await res.text());
    expect(html).toContain('role="alert">Line 1: “bob@” is not an email address</div>');
    expect(html).toContain('role="alert">Line 2: “alice(at)example.com” is not an email address</div>');
    expect(html).toMatch(/<textarea[^>]*>bob@\nalice\(at\)example.com<\/textarea>/);
    expect(listPendingInvites(team.id)).toHaveLength(0);
  });

  it("refuses an empty list and an overlong one beside the field, inviting nobody", async () => {
    const { team, lead } = await makeTeamWithPeople(0);
    const client = await signedIn(server, lead.email);
    const empty = await client.post(`/teams/${team.slug}/invite`, { email: " \n , ", role: "member" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Enter at least one email address");
    const many = Array.from({ length: 51 }, (_, i) => `p${i}@example.com`).join("\n");
    const tooMany = await client.post(`/teams/${team.slug}/invite`, { email: many, role: "member" });
    expect(tooMany.status).toBe(400);
    const html = await tooMany.text();
    expect(html).toContain("Paste at most 50 addresses at once (51 given)");
    expect(html).toContain("p50@example.com"); // kept in the box
    expect(listPendingInvites(team.id)).toHaveLength(0);
  });
});

describe("with SMTP set", () => {
  let sink: SmtpSink;
  let mailing: TestServer;
  beforeAll(async () => {
    sink = await startSmtpSink();
    mailing = await startServer({
      SMTP_URL: sink.url,
      REMINDERS: "off",
      MAIL_FROM: "Trust Health <trust@example.com>",
    });
  });
  afterAll(async () => {
    await mailing?.stop();
    await sink?.close();
  });

  it("emails each invite its own link, and says which could not be sent", async () => {
    const { team, lead } = await makeTeamWithPeople(0, { name: "Mail Team" });
    const client = await signedIn(mailing, lead.email);
    const res = await client.post(`/teams/${team.slug}/invite`, {
      email: "dora@example.com\nreject.me@example.com\nerin@example.com",
      role: "member",
    });
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    const created = links(html);
    expect(created).toHaveLength(3);
    expect(html).toContain("Each person was emailed their link.");
    expect(html.match(/Emailed\./g)).toHaveLength(2);
    expect(html).toContain("The email could not be sent: send this link yourself.");

    await sink.waitFor(2);
    const byRecipient = new Map(sink.mails.map((m) => [m.to[0], m]));
    expect([...byRecipient.keys()].sort()).toEqual(["dora@example.com", "erin@example.com"]);
    for (const [index, email] of [
      [0, "dora@example.com"],
      [2, "erin@example.com"],
    ] as const) {
      const mail = byRecipient.get(email)!;
      expect(mail.subject).toBe("Join Mail Team on Trust Health");
      expect(mail.text).toContain(created[index]);
      expect(mail.text).toContain("Lead invites you to Mail Team");
      expect(mail.html).toContain(`href="${created[index]}"`);
    }
  });
});
