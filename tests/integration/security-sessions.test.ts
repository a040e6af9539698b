/**
 * Issue 11 over real HTTP: sign-in limits (findings 1 and 2), server-side sessions (5),
 * password change, reset links and "Forgot password" (6). Each test failed on the code
 * before the fix (the routes and the sessions table did not exist, the burst got through,
 * a colleague was locked out, a copied cookie outlived sign-out).
 */
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { issuePasswordReset } from "~/models/password-resets.server";
import { addMember } from "~/models/teams.server";
import { Client, signedIn } from "../support/client";
import { makeTeam, makeTeamWithPeople, makeUser, PASSWORD } from "../support/factories";
import { serverForFile } from "../support/server";
import { startSmtpSink, type SmtpSink } from "./reminders.support";

let smtp: SmtpSink;
const env: Record<string, string> = { LOG_REQUESTS: "0", REMINDERS: "off" };
beforeAll(async () => {
  smtp = await startSmtpSink();
  env.SMTP_URL = smtp.url; // read when the server starts, just after this hook
});
afterAll(async () => smtp?.close());
const server = serverForFile(env);

const sqlite = () => getDb().$client;
const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
const NEW_PASSWORD = "a brand new passphrase";

function rawCookie(client: Client): string {
  return (client as unknown as { cookies: Map<string, string> }).cookies.get("__session")!;
}

/** The session id inside the signed cookie (base64 JSON, then "." and the signature). */
function sidOf(client: Client): string {
  const value = decodeURIComponent(rawCookie(client));
  const data = JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf(".")), "base64").toString("utf8"));
  return data.sid;
}

function loginFrom(address: string, email: string, password: string) {
  return fetch(`${server.baseUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password, redirectTo: "/teams" }),
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": address },
    redirect: "manual",
  });
}

async function isSignedIn(client: Client) {
  const res = await client.get("/teams");
  return res.status === 200;
}

describe("sign-in limits", () => {
  it("a burst of 25 concurrent wrong passwords: at most 5 are checked, and the right password is then refused", async () => {
    const user = await makeUser();
    const burst = await Promise.all(
      Array.from({ length: 25 }, (_, i) => loginFrom(`198.51.100.${i + 1}`, user.email, "wrong password!")),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    const right = await loginFrom("198.51.100.200", user.email, PASSWORD);
    expect(right.status).toBe(429);
    const html = await right.text();
    expect(html).toMatch(/Too many failed sign-in attempts\. Try again in \d+ minutes?\./);
    expect(html).toContain("This limit is for this account");
    expect(right.headers.getSetCookie().some((c) => c.startsWith("__session="))).toBe(false);
  });

  it("one person's typos do not lock out a colleague at the same address; the address limit is 50 and says so", async () => {
    const [alice, bob] = [await makeUser(), await makeUser()];
    const office = "203.0.113.7";
    for (let i = 0; i < 5; i++) expect((await loginFrom(office, alice.email, "wrong password!")).status).toBe(400);
    // Her colleague at the same address signs in.
    expect((await loginFrom(office, bob.email, PASSWORD)).status).toBe(302);
    const aliceAgain = await loginFrom(office, alice.email, PASSWORD);
    expect(aliceAgain.status).toBe(429);
    expect(await aliceAgain.text()).toContain("This limit is for this account");

    // 50 failures from one address, spread over accounts that each stay under their own limit.
    const spray = "203.0.113.99";
    for (let round = 0; round < 5; round++) {
      const statuses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          loginFrom(spray, `nobody-${i}@example.com`, "guess").then((r) => r.status),
        ),
      );
      expect(statuses).toEqual(Array(10).fill(400));
    }
    const blocked = await loginFrom(spray, bob.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain("This limit is for your network address (50 failures in 15 minutes");
  });
});

describe("server-side sessions", () => {
  it("a new random id at every sign-in, stored only as its sha256, with a fixed 30-day expiry", async () => {
    const user = await makeUser();
    const first = await signedIn(server, user.email);
    const second = await signedIn(server, user.email);
    const [a, b] = [sidOf(first), sidOf(second)];
    expect(a).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(a).not.toBe(b);
    const columns = (sqlite().prepare("select name from pragma_table_info('sessions')").all() as { name: string }[])
      .map((c) => c.name)
      .sort();
    expect(columns).toEqual(["created_at", "expires_at", "id_hash", "user_id"]);
    const rows = sqlite().prepare("select * from sessions where user_id = ?").all(user.id) as Array<{
      id_hash: string;
      created_at: number;
      expires_at: number;
    }>;
    expect(rows.map((r) => r.id_hash).sort()).toEqual([sha256(a), sha256(b)].sort());
    for (const row of rows) expect(row.expires_at - row.created_at).toBe(30 * 24 * 60 * 60 * 1000);
    const dump = JSON.stringify(sqlite().prepare("select * from sessions").all());
    expect(dump).not.toContain(a);
  });

  it("signing out removes the session: a copied cookie is dead afterwards", async () => {
    const user = await makeUser();
    const client = await signedIn(server, user.email);
    const copied = `__session=${rawCookie(client)}`;
    const viaCopy = () => fetch(`${server.baseUrl}/teams`, { headers: { Cookie: copied }, redirect: "manual" });
    expect((await viaCopy()).status).toBe(200);
    expect((await client.post("/logout", {})).status).toBe(302);
    const after = await viaCopy();
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toBe("/login?redirectTo=%2Fteams");
    expect(sqlite().prepare("select count(*) as n from sessions where user_id = ?").get(user.id)).toEqual({ n: 0 });
  });

  it("using the app, answering a ritual included, writes nothing to the sessions table", async () => {
    const { team, members } = await makeTeamWithPeople(3);
    const client = await signedIn(server, members[0]!.email);
    const rows = () => sqlite().prepare("select * from sessions order by id_hash").all();
    const before = rows();
    const html = await (await client.get(`/teams/${team.slug}/check-in`)).text();
    const periodKey = html.match(/name="periodKey" value="([^"]+)"/)![1]!;
    expect((await client.post(`/teams/${team.slug}/check-in`, { periodKey, score: 4 })).status).toBe(302);
    for (const path of ["/teams", `/teams/${team.slug}`, `/teams/${team.slug}/dashboard`, "/me"])
      expect((await client.get(path)).status).toBe(200);
    expect(rows()).toEqual(before);
  });

  it('"Sign out everywhere" on /me ends every session of that person, this one included', async () => {
    const user = await makeUser();
    const other = await makeUser();
    const [here, there, someoneElse] = [
      await signedIn(server, user.email),
      await signedIn(server, user.email),
      await signedIn(server, other.email),
    ];
    const page = await (await here.get("/me")).text();
    expect(page).toContain("Sign out everywhere");
    expect(page).toMatch(/signed in on (<!-- -->)?2(<!-- -->)? (<!-- -->)?browsers or devices/);
    const res = await here.post("/me", { intent: "signout-everywhere" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login");
    expect(await isSignedIn(here)).toBe(false);
    expect(await isSignedIn(there)).toBe(false);
    expect(await isSignedIn(someoneElse)).toBe(true);
    expect(await (await here.get("/login")).text()).toContain("You are signed out everywhere");
  });
});

describe("password change on /me", () => {
  it("asks for the current password, keeps this browser signed in and ends the others", async () => {
    const user = await makeUser();
    const [here, there] = [await signedIn(server, user.email), await signedIn(server, user.email)];
    const wrong = await here.post("/me", {
      intent: "password",
      currentPassword: "not my password",
      newPassword: NEW_PASSWORD,
      newPasswordConfirm: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain("That is not your current password");
    expect(wrongHtml).not.toContain(NEW_PASSWORD);
    const mismatch = await here.post("/me", {
      intent: "password",
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirm: "something else entirely",
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("The new passwords do not match");
    const short = await here.post("/me", {
      intent: "password",
      currentPassword: PASSWORD,
      newPassword: "short",
      newPasswordConfirm: "short",
    });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("Use at least 10 characters");

    const ok = await here.post("/me", {
      intent: "password",
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirm: NEW_PASSWORD,
    });
    expect(ok.status).toBe(302);
    expect(await (await here.get("/me")).text()).toContain("Password changed.");
    expect(await isSignedIn(there)).toBe(false);
    expect((await new Client(server.baseUrl).post("/login", { email: user.email, password: PASSWORD })).status).toBe(
      400,
    );
    await new Client(server.baseUrl).login(user.email, NEW_PASSWORD);
  });
});

describe("reset links issued by a lead or an admin", () => {
  it("a one-time link, shown like an invite, that sets a new password and signs the person out everywhere", async () => {
    const { team, lead, members } = await makeTeamWithPeople(2);
    const [member] = members;
    const memberElsewhere = await signedIn(server, member!.email);
    const leadClient = await signedIn(server, lead.email);
    const path = `/teams/${team.slug}/password-reset`;
    expect(await (await leadClient.get(path)).text()).toContain(member!.email);
    const issued = await leadClient.post(path, { intent: "reset", userId: member!.id });
    expect(issued.status).toBe(200);
    expect(issued.headers.get("cache-control")).toBe("private, no-store");
    const link = /data-testid="reset-link">([^<]+)</.exec(await issued.text())![1]!;
    expect(link).toMatch(new RegExp(`^${server.baseUrl}/reset/[A-Za-z0-9_-]{40,}$`));
    const resetPath = new URL(link).pathname;

    const visitor = new Client(server.baseUrl);
    expect(await (await visitor.get(resetPath)).text()).toContain(member!.email);
    const mismatch = await visitor.post(resetPath, { password: NEW_PASSWORD, passwordConfirm: "nope nope nope" });
    expect(mismatch.status).toBe(400);
    const used = await visitor.post(resetPath, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(used.status).toBe(302);
    expect(await isSignedIn(visitor)).toBe(true);
    expect(await isSignedIn(memberElsewhere)).toBe(false);
    const again = await new Client(server.baseUrl).post(resetPath, {
      password: "yet another passphrase",
      passwordConfirm: "yet another passphrase",
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("already been used");
    expect((await fetch(`${server.baseUrl}${resetPath}`)).status).toBe(410);
    await new Client(server.baseUrl).login(member!.email, NEW_PASSWORD);
    // Only the hash of the token is stored.
    const token = resetPath.split("/").pop()!;
    expect(JSON.stringify(sqlite().prepare("select * from password_resets").all())).not.toContain(token);
  });

  it("a lead only for people on no other team and never for an admin; a member not at all; an admin for anyone", async () => {
    const { team, lead, members } = await makeTeamWithPeople(2);
    const [onlyHere, alsoElsewhere] = members;
    addMember(makeTeam().id, alsoElsewhere!.id, "member");
    const adminMember = await makeUser({ isAdmin: true });
    addMember(team.id, adminMember.id, "member");
    const leadClient = await signedIn(server, lead.email);
    const path = `/teams/${team.slug}/password-reset`;
    const refused = await leadClient.post(path, { intent: "reset", userId: alsoElsewhere!.id });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("also on a team you do not lead");
    const adminRefused = await leadClient.post(path, { intent: "reset", userId: adminMember.id });
    expect(adminRefused.status).toBe(403);
    expect(await adminRefused.text()).toContain("Only an administrator can reset an administrator");
    expect((await leadClient.post(path, { intent: "reset", userId: onlyHere!.id })).status).toBe(200);
    const outsider = await makeUser();
    expect((await leadClient.post(path, { intent: "reset", userId: outsider.id })).status).toBe(404);

    const memberClient = await signedIn(server, onlyHere!.email);
    expect((await memberClient.get(path)).status).toBe(403);
    expect((await memberClient.post(path, { intent: "reset", userId: lead.id })).status).toBe(403);

    const admin = await makeUser({ isAdmin: true });
    const adminClient = await signedIn(server, admin.email);
    expect((await adminClient.post(path, { intent: "reset", userId: lead.id })).status).toBe(200);
    expect((await adminClient.post(path, { intent: "reset", userId: alsoElsewhere!.id })).status).toBe(200);
  });

  it("an expired link is refused", async () => {
    const user = await makeUser();
    const token = issuePasswordReset(user.id, null, 60_000, new Date(Date.now() - 120_000));
    const res = await fetch(`${server.baseUrl}/reset/${token}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("This reset link has expired");
    const post = await new Client(server.baseUrl).post(`/reset/${token}`, {
      password: NEW_PASSWORD,
      passwordConfirm: NEW_PASSWORD,
    });
    expect(post.status).toBe(400);
    expect((await new Client(server.baseUrl).post("/login", { email: user.email, password: PASSWORD })).status).toBe(
      302,
    );
  });
});

describe('"Forgot password" by email', () => {
  const ask = (email: string, address: string) =>
    fetch(`${server.baseUrl}/forgot-password`, {
      method: "POST",
      body: new URLSearchParams({ email }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": address },
      redirect: "manual",
    });
  const withoutNonces = (html: string) => html.replace(/nonce="[^"]*"/g, "").replace(/'nonce-[^']*'/g, "");

  it("answers the same whether or not the address has an account, and emails a working link only to an account", async () => {
    const known = await makeUser();
    const second = await makeUser();
    expect(await (await fetch(`${server.baseUrl}/login`)).text()).toContain('href="/forgot-password"');
    const before = smtp.mails.length;
    const a = await ask(known.email, "192.0.2.10");
    const b = await ask("no-such-person@example.com", "192.0.2.11");
    const c = await ask(second.email, "192.0.2.12");
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    const [textA, textB] = [withoutNonces(await a.text()), withoutNonces(await b.text())];
    expect(textA).toContain("If an account uses that address");
    expect(textB).toBe(textA);
    expect([...a.headers.keys()].sort()).toEqual([...b.headers.keys()].sort());

    // The background sends finish in any order (two SMTP sessions at once): compare the set, and
    // follow the link in the mail to the first account.
    await smtp.waitFor(before + 2);
    const mails = smtp.mails.slice(before);
    expect(
      mails
        .map((m) => m.to)
        .flat()
        .sort(),
    ).toEqual([known.email, second.email].sort());
    const toKnown = mails.find((m) => [m.to].flat().includes(known.email))!;
    const link = /https?:\/\/[^\s"<>]+\/reset\/[A-Za-z0-9_-]+/.exec(toKnown.text)![0];
    const visitor = new Client(server.baseUrl);
    const reset = await visitor.post(new URL(link).pathname, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(reset.status).toBe(302);
    await new Client(server.baseUrl).login(known.email, NEW_PASSWORD);
  });
});
