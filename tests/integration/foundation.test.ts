import { describe, expect, it } from "vitest";
import { createInvite } from "~/models/invites.server";
import { addMember } from "~/models/teams.server";
import { Client, signedIn } from "../support/client";
import { makeTeamWithPeople, makeUser, PASSWORD } from "../support/factories";
import { serverForFile } from "../support/server";

const server = serverForFile();

describe("first run", () => {
  it("sends every page to /setup on an empty installation and creates the first admin", async () => {
    const visitor = new Client(server.baseUrl);
    for (const path of ["/", "/login", "/teams"]) {
      const res = await visitor.get(path);
      // "/" and "/teams" first bounce to /login, which bounces to /setup
      const location = res.headers.get("location") ?? "";
      if (location.startsWith("/login")) {
        const next = await visitor.get(location);
        expect(next.headers.get("location")).toBe("/setup");
      } else {
        expect(location).toBe("/setup");
      }
    }
    const form = await visitor.get("/setup");
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("Create administrator");

    const bad = await visitor.post("/setup", {
      displayName: "Ada",
      email: "not-an-email",
      password: "short",
      passwordConfirm: "short",
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Enter a valid email address");
    expect(badHtml).toContain("Use at least 10 characters");
    expect(badHtml).toContain('value="Ada"'); // what was typed is kept

    const ok = await visitor.post("/setup", {
      displayName: "Ada Admin",
      email: "ADA@example.com",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/teams");
    expect(visitor.hasSession()).toBe(true);
    const teams = await visitor.get("/teams");
    expect(teams.status).toBe(200);
    expect(await teams.text()).toContain("Create a team");

    // /setup is gone once a user exists
    expect((await new Client(server.baseUrl).get("/setup")).status).toBe(404);
    expect(
      (
        await new Client(server.baseUrl).post("/setup", {
          displayName: "Eve",
          email: "eve@example.com",
          password: PASSWORD,
          passwordConfirm: PASSWORD,
        })
      ).status,
    ).toBe(404);
  });
});

describe("sign-in", () => {
  it("sets a signed, http-only, SameSite=Lax cookie and signs out by POST", async () => {
    const user = await makeUser();
    const client = new Client(server.baseUrl);
    const res = await client.login(user.email, PASSWORD);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http on loopback
    expect((await client.get("/teams")).status).toBe(200);
    const out = await client.post("/logout", {});
    expect(out.status).toBe(302);
    expect((await client.get("/teams")).headers.get("location")).toBe("/login?redirectTo=%2Fteams");
  });

  it("marks the cookie Secure when served over https (behind a proxy)", async () => {
    const user = await makeUser();
    const client = new Client(server.baseUrl);
    const res = await client.post(
      "/login",
      { email: user.email, password: PASSWORD },
      { "X-Forwarded-Proto": "https" },
    );
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().find((c) => c.startsWith("__session="))).toMatch(/Secure/);
  });

  it("rejects a tampered cookie", async () => {
    const client = new Client(server.baseUrl);
    const res = await client.get("/teams").then(() =>
      fetch(`${server.baseUrl}/teams`, {
        headers: { Cookie: "__session=eyJ1c2VySWQiOjF9.forged" },
        redirect: "manual",
      }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/login");
  });

  it("says plainly when the password is wrong, keeps the email, and rate-limits after 5 failures", async () => {
    const user = await makeUser();
    const client = new Client(server.baseUrl);
    for (let i = 0; i < 5; i++) {
      const res = await client.post(
        "/login",
        { email: user.email, password: "wrong password!" },
        { "X-Forwarded-For": `10.0.0.${i}` },
      );
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain("do not match an account");
      expect(html).toContain(`value="${user.email}"`);
    }
    // even the right password is refused now, with a clear message
    const blocked = await client.post("/login", { email: user.email, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toMatch(/Too many failed sign-in attempts. Try again in \d+ minutes?/);
  });

  it("rejects malformed sign-in input with a 400 naming the field", async () => {
    const client = new Client(server.baseUrl);
    const res = await client.post("/login", { email: "nope" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Enter a valid email address");
    expect(html).toContain("Enter your password");
  });

  it("only redirects to same-site paths after sign-in", async () => {
    const user = await makeUser();
    const client = new Client(server.baseUrl);
    const res = await client.post("/login", {
      email: user.email,
      password: PASSWORD,
      redirectTo: "//evil.example.com/",
    });
    expect(res.headers.get("location")).toBe("/teams");
  });
});

describe("access rules", () => {
  it("sends a signed-out visitor to /login with redirectTo", async () => {
    const { team } = await makeTeamWithPeople(1);
    const res = await new Client(server.baseUrl).get(`/teams/${team.slug}/settings`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/teams/${team.slug}/settings`)}`);
  });

  it("gives a member of team A 404 on team B, and a member 403 on a lead's work", async () => {
    const a = await makeTeamWithPeople(1);
    const b = await makeTeamWithPeople(1);
    const member = await signedIn(server, a.members[0]!.email);
    expect((await member.get(`/teams/${a.team.slug}`)).status).toBe(200);
    for (const path of [`/teams/${b.team.slug}`, `/teams/${b.team.slug}/settings`, `/teams/${b.team.slug}/invite`]) {
      const res = await member.get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain(b.team.name);
    }
    expect((await member.get("/teams/no-such-team")).status).toBe(404);
    expect((await member.get(`/teams/${a.team.slug}/settings`)).status).toBe(403);
    expect((await member.get(`/teams/${a.team.slug}/invite`)).status).toBe(403);
    const post = await member.post(`/teams/${a.team.slug}/settings`, {
      intent: "settings",
      name: "Hijacked",
      timeZone: "UTC",
      threshold: 3,
      surveyWindowDays: 14,
    });
    expect(post.status).toBe(403);
    const forbidden = await post.text();
    expect(forbidden).toContain("Only a team lead can do this.");
    expect(forbidden).not.toMatch(/at .*\.js:\d+/); // no stack trace
    const post2 = await member.post(`/teams/${a.team.slug}/invite`, { email: "x@example.com", role: "lead" });
    expect(post2.status).toBe(403);
  });

  it("does not make an admin a member of every team, but lets them invite", async () => {
    const admin = await makeUser({ isAdmin: true });
    const { team } = await makeTeamWithPeople(1);
    const client = await signedIn(server, admin.email);
    expect((await client.get(`/teams/${team.slug}`)).status).toBe(404);
    expect((await client.get(`/teams/${team.slug}/invite`)).status).toBe(200);
    const teams = await (await client.get("/teams")).text();
    expect(teams).toContain(team.name);
  });

  it("keeps team creation for admins", async () => {
    const { lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const res = await client.post("/teams?index", { name: "Rogue", timeZone: "UTC", threshold: 3 });
    expect(res.status).toBe(403);
  });
});

describe("teams and settings", () => {
  it("validates a new team and keeps what was typed", async () => {
    const admin = await makeUser({ isAdmin: true });
    const client = await signedIn(server, admin.email);
    const ok = await client.post("/teams?index", {
      name: "Platform",
      slug: "platform",
      timeZone: "Europe/Berlin",
      threshold: 4,
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/teams/platform/invite");

    const dup = await client.post("/teams?index", {
      name: "Platform two",
      slug: "platform",
      timeZone: "Mars/Olympus",
      threshold: 2,
    });
    expect(dup.status).toBe(400);
    const html = await dup.text();
    expect(html).toContain("Choose a time zone from the list");
    expect(html).toContain("never be below 3");
    expect(html).toContain('value="Platform two"');

    const dupSlug = await client.post("/teams?index", {
      name: "Platform two",
      slug: "platform",
      timeZone: "UTC",
      threshold: 3,
    });
    expect(dupSlug.status).toBe(400);
    expect(await dupSlug.text()).toContain("is taken by another team");
  });

  it("lets a lead change settings, roles and remove members — never the last lead", async () => {
    const { team, lead, members } = await makeTeamWithPeople(2);
    const client = await signedIn(server, lead.email);
    const path = `/teams/${team.slug}/settings`;
    const saved = await client.post(path, {
      intent: "settings",
      name: "Renamed",
      timeZone: "America/New_York",
      threshold: 5,
      surveyWindowDays: 10,
    });
    expect(saved.status).toBe(302);
    const page = await (await client.get(saved.headers.get("location")!)).text();
    expect(page).toContain("Settings saved.");
    expect(page).toContain('value="Renamed"');

    const low = await client.post(path, {
      intent: "settings",
      name: "Renamed",
      timeZone: "UTC",
      threshold: 1,
      surveyWindowDays: 10,
    });
    expect(low.status).toBe(400);
    expect(await low.text()).toContain("never be below 3");

    const demoteSelf = await client.post(path, { intent: "role", userId: lead.id, role: "member" });
    expect(demoteSelf.status).toBe(400);
    expect(await demoteSelf.text()).toContain("at least one lead");

    expect((await client.post(path, { intent: "role", userId: members[0]!.id, role: "lead" })).status).toBe(302);
    expect((await client.post(path, { intent: "remove", userId: members[1]!.id })).status).toBe(302);
    const removed = await signedIn(server, members[1]!.email);
    expect((await removed.get(`/teams/${team.slug}`)).status).toBe(404);
  });
});

describe("invites", () => {
  it("creates a one-time link; the invitee sets a password and lands on the team", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const created = await client.post(`/teams/${team.slug}/invite`, {
      email: "new.person@example.com",
      role: "member",
    });
    expect(created.status).toBe(200);
    const link = (await created.text()).match(/\/invite\/([A-Za-z0-9_-]+)/)![0];

    const invitee = new Client(server.baseUrl);
    expect((await invitee.get(link)).status).toBe(200);
    const short = await invitee.post(link, { displayName: "New Person", password: "short", passwordConfirm: "short" });
    expect(short.status).toBe(400);
    const shortHtml = await short.text();
    expect(shortHtml).toContain("Use at least 10 characters");
    expect(shortHtml).toContain('value="New Person"');
    expect(shortHtml).not.toContain('value="short"'); // a password is never sent back

    const ok = await invitee.post(link, { displayName: "New Person", password: PASSWORD, passwordConfirm: PASSWORD });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe(`/teams/${team.slug}`);
    expect(await (await invitee.get(`/teams/${team.slug}`)).text()).toContain("New Person");

    const reuse = await new Client(server.baseUrl).post(link, {
      displayName: "Mallory",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    expect(reuse.status).toBe(400);
    expect(await reuse.text()).toContain("already been used");
  });

  it("refuses an expired invite", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const token = createInvite(
      { teamId: team.id, email: "late@example.com", role: "member", invitedBy: lead.id },
      new Date(Date.now() - 8 * 24 * 3600 * 1000),
    );
    const res = await new Client(server.baseUrl).post(`/invite/${token}`, {
      displayName: "Late",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("expired");
    expect((await new Client(server.baseUrl).get(`/invite/${token}`)).status).toBe(410);
  });

  it("lets a person who already has an account join by signing in", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const other = await makeTeamWithPeople(0);
    const existing = await makeUser();
    addMember(other.team.id, existing.id, "member");
    const token = createInvite({ teamId: team.id, email: existing.email, role: "member", invitedBy: lead.id });
    const client = new Client(server.baseUrl);
    const anon = await client.post(`/invite/${token}`, {});
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toContain("/login");
    await client.login(existing.email, PASSWORD);
    const joined = await client.post(`/invite/${token}`, {});
    expect(joined.status).toBe(302);
    expect((await client.get(`/teams/${team.slug}`)).status).toBe(200);
    expect((await client.get(`/teams/${other.team.slug}`)).status).toBe(200);
  });
});

describe("health and errors", () => {
  it("answers /healthz with JSON", async () => {
    const res = await fetch(`${server.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("shows a friendly 404 page without a stack trace", async () => {
    const user = await makeUser();
    const client = await signedIn(server, user.email);
    const res = await client.get("/no/such/page");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Page not found");
    expect(html).not.toMatch(/node_modules|at [A-Za-z]+ \(/);
  });
});
