/**
 * Issue 11 over real HTTP: cross-site posts (8), body caps (10), HSTS (12), private
 * caching (7) and same-origin redirects (4). Each test failed on the code before the fix.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { createActionItem } from "~/models/action-items.server";
import { createApiToken } from "~/models/api-tokens.server";
import { Client, signedIn } from "../support/client";
import { makeTeamWithPeople, makeUser, PASSWORD } from "../support/factories";
import { serverForFile } from "../support/server";

const server = serverForFile({ LOG_REQUESTS: "0", REMINDERS: "off" });
const sqlite = () => getDb().$client;
const EVIL = "https://evil.example";

function prefsRow(userId: number) {
  return sqlite().prepare("select kind, enabled from reminder_prefs where user_id = ? order by kind").all(userId);
}

describe("cross-site requests are refused before Remix runs (finding 8)", () => {
  it("a form post, a ?_data post and Sec-Fetch-Site: cross-site get a clear 403 and change nothing", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const tokensBefore = sqlite().prepare("select count(*) as n from api_tokens").get();
    const attempts: Array<[string, Record<string, string>, Record<string, string>]> = [
      ["/me", { intent: "prefs", enabled: "weekly_open" }, { Origin: EVIL }],
      ["/me?_data=routes%2Fme", { intent: "prefs", enabled: "weekly_open" }, { Origin: EVIL }],
      ["/me", { intent: "prefs", enabled: "weekly_open" }, { Origin: "null" }],
      ["/me", { intent: "prefs", enabled: "weekly_open" }, { "Sec-Fetch-Site": "cross-site" }],
      [
        `/teams/${team.slug}/tokens?_data=routes%2Fteams.%24slug.tokens`,
        { intent: "create", name: "x" },
        { Origin: EVIL },
      ],
      [`/teams/${team.slug}/tokens`, { intent: "create", name: "x" }, { Origin: `http://127.0.0.1.evil.example` }],
    ];
    for (const [path, fields, headers] of attempts) {
      const res = await client.post(path, fields, headers);
      expect(res.status, path).toBe(403);
      const body = await res.text();
      expect(body, path).toMatch(/another site/);
      expect(body, path).toMatch(/Nothing was changed/);
    }
    expect(prefsRow(lead.id)).toEqual([]);
    expect(sqlite().prepare("select count(*) as n from api_tokens").get()).toEqual(tokensBefore);
  });

  it("login CSRF: a cross-site /login?_data sets no session", async () => {
    const user = await makeUser();
    const res = await fetch(`${server.baseUrl}/login?_data=routes%2Flogin`, {
      method: "POST",
      body: new URLSearchParams({ email: user.email, password: PASSWORD, redirectTo: "/teams" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: EVIL },
      redirect: "manual",
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await res.json()).toMatchObject({ error: "cross_site_request" });
  });

  it("same-origin posts, posts without Origin (curl) and bearer-token API calls still work", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const same = await client.post("/me", { intent: "prefs", enabled: "weekly_open" }, { Origin: server.baseUrl });
    expect(same.status).toBe(302);
    const sameSite = await client.post(
      "/me",
      { intent: "prefs", enabled: "weekly_open" },
      { Origin: server.baseUrl, "Sec-Fetch-Site": "same-origin" },
    );
    expect(sameSite.status).toBe(302);
    expect((await client.post("/me", { intent: "prefs", enabled: "weekly_open" })).status).toBe(302);
    const { token } = createApiToken(team.id, "ci", lead.id);
    const api = await fetch(`${server.baseUrl}/api/v1/teams/${team.slug}/incidents`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "From the pager", severity: "SEV2", startedAt: "2026-11-20T10:00:00Z" }),
    });
    expect(api.status).toBe(201);
  });
});

describe("request bodies are capped (finding 10)", () => {
  it("a 2 MB form and a 20 MB form get a clear 413; nothing is saved", async () => {
    const { lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    for (const size of [2 * 1024 * 1024, 20 * 1024 * 1024]) {
      const body = `intent=prefs&enabled=weekly_open&pad=${"a".repeat(size)}`;
      const res = await client.request("/me", {
        method: "POST",
        body,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
      expect(res.status, `${size} bytes`).toBe(413);
      expect(await res.text()).toMatch(/too large: this page accepts at most 1 MB/);
    }
    expect(prefsRow(lead.id)).toEqual([]);
  });

  it("a body without a length (chunked) is counted too", async () => {
    const { lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("intent=prefs&enabled=weekly_open&pad="));
      },
      pull(controller) {
        if (sent >= 3 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await client.request("/me", {
      method: "POST",
      body: stream,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(prefsRow(lead.id)).toEqual([]);
    // A small chunked body still goes through.
    const small = await client.request("/me", {
      method: "POST",
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode("intent=prefs&enabled=weekly_open"));
          c.close();
        },
      }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      duplex: "half",
    } as RequestInit);
    expect(small.status).toBe(302);
    expect(prefsRow(lead.id).length).toBeGreaterThan(0);
  });

  it("the import page takes a few MB, not more", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const post = (size: number) =>
      client.request(`/teams/${team.slug}/import`, {
        method: "POST",
        body: `intent=preview&kind=incidents&csvText=${"a".repeat(size)}`,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
    const two = await post(1.5 * 1024 * 1024);
    expect(two.status).not.toBe(413);
    await two.arrayBuffer();
    const six = await post(6 * 1024 * 1024);
    expect(six.status).toBe(413);
    expect(await six.text()).toContain("The upload is larger than 2 MB");
  });
});

describe("HSTS behind the trusted proxy (finding 12)", () => {
  it("sends Strict-Transport-Security when the request came over https, not over plain http", async () => {
    const https = await fetch(`${server.baseUrl}/login`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toMatch(/^max-age=31536000/);
    const plain = await fetch(`${server.baseUrl}/login`);
    expect(plain.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("signed-in answers are never cached (finding 7)", () => {
  it("documents, ?_data answers and CSV carry Cache-Control: private, no-store and Vary: Cookie", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const admin = await makeUser({ isAdmin: true });
    const leadClient = await signedIn(server, lead.email);
    const adminClient = await signedIn(server, admin.email);
    const pages: Array<[Client, string]> = [
      [leadClient, `/teams/${team.slug}/dashboard`],
      [leadClient, `/teams/${team.slug}/dashboard?_data=routes%2Fteams.%24slug.dashboard`],
      [leadClient, `/teams/${team.slug}/retro`],
      [leadClient, `/teams/${team.slug}/retro?_data=routes%2Fteams.%24slug.retro`],
      [leadClient, `/teams/${team.slug}/settings`],
      [leadClient, `/teams/${team.slug}/settings?_data=routes%2Fteams.%24slug.settings`],
      [leadClient, "/me"],
      [leadClient, "/me?_data=routes%2Fme"],
      [leadClient, "/me?_data=root"],
      [leadClient, `/teams/${team.slug}/dashboard.csv?series=weekly`],
      [adminClient, "/org"],
      [adminClient, "/org?_data=routes%2Forg"],
    ];
    for (const [client, path] of pages) {
      const res = await client.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("private, no-store");
      expect(res.headers.get("vary") ?? "", path).toMatch(/\bCookie\b/i);
      await res.arrayBuffer();
    }
    // The sign-in answer that sets the cookie is not cacheable either.
    const login = await new Client(server.baseUrl).post("/login", { email: lead.email, password: PASSWORD });
    expect(login.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("redirects stay on this site (finding 4)", () => {
  const HOSTILE = [
    "/\t/evil.example",
    "/\t\t/evil.example/x",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/teams\r\nSet-Cookie: planted=1",
    " //evil.example",
  ];
  /** Where a browser goes: it strips tab, CR and LF and reads backslashes as slashes. */
  const browserTarget = (location: string) =>
    new URL(location.replace(/[\t\r\n]/g, "").replace(/\\/g, "/"), server.baseUrl);

  it("sign-in (form field and query) never sends the browser to another origin, and CR/LF is never a 500", async () => {
    const user = await makeUser();
    for (const target of HOSTILE) {
      const client = new Client(server.baseUrl);
      const res = await client.post("/login", { email: user.email, password: PASSWORD, redirectTo: target });
      expect(res.status, JSON.stringify(target)).toBe(302);
      const location = res.headers.get("location")!;
      expect(browserTarget(location).origin, JSON.stringify(target)).toBe(server.baseUrl);
      expect(res.headers.getSetCookie().some((c) => c.startsWith("planted"))).toBe(false);
      // Signed in, /login?redirectTo= redirects at once: same rule.
      const again = await client.get(`/login?redirectTo=${encodeURIComponent(target)}`);
      expect(again.status, JSON.stringify(target)).toBe(302);
      expect(browserTarget(again.headers.get("location")!).origin).toBe(server.baseUrl);
      // Signed out, the page puts it in the form's hidden field: only a same-site path goes there.
      const page = await (await fetch(`${server.baseUrl}/login?redirectTo=${encodeURIComponent(target)}`)).text();
      const hidden = /name="redirectTo" value="([^"]*)"/.exec(page)![1]!.replace(/&amp;/g, "&");
      expect(browserTarget(hidden).origin).toBe(server.baseUrl);
    }
    const ok = await new Client(server.baseUrl).post("/login", {
      email: user.email,
      password: PASSWORD,
      redirectTo: "/me?x=1#y",
    });
    expect(ok.headers.get("location")).toBe("/me?x=1#y");
  });

  it("the action item's `back` field follows the same rule", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const item = createActionItem(team.id, {
      title: "Rotate keys",
      ownerId: lead.id,
      dueDate: "2026-12-01",
      status: "open",
      source: "retro",
      incidentId: null,
      notes: null,
    });
    const client = await signedIn(server, lead.email);
    for (const back of HOSTILE) {
      const res = await client.post(`/teams/${team.slug}/action-items/${item.id}`, {
        intent: "status",
        status: "in_progress",
        back,
      });
      expect(res.status, JSON.stringify(back)).toBe(302);
      expect(browserTarget(res.headers.get("location")!).origin).toBe(server.baseUrl);
    }
  });
});
