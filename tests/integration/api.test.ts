import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { apiTokens } from "#db/schema";
import { createApiToken, revokeApiToken } from "~/models/api-tokens.server";
import { getActionItem, listActionItems } from "~/models/action-items.server";
import { getIncident, listIncidents } from "~/models/incidents.server";
import { addMember, removeMember } from "~/models/teams.server";
import { makeTeamWithPeople, makeUser } from "../support/factories";
import { serverForFile } from "../support/server";
import { at } from "../support/elements";

const server = serverForFile();

async function teamWithToken(members = 1, timeZone = "UTC") {
  const people = await makeTeamWithPeople(members, { timeZone });
  const { token } = createApiToken(people.team.id, "test", people.lead.id);
  return { ...people, token };
}

function call(
  token: string | null,
  method: string,
  pathname: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return fetch(server.baseUrl + pathname, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

const incident = {
  title: "Checkout errors",
  severity: "SEV2",
  startedAt: "2026-03-10T09:00:00+01:00",
  resolvedAt: "2026-03-10T11:30:00+01:00",
  audit: { investigatingWithin5m: "yes" },
};

describe("authentication", () => {
  it("refuses a missing, malformed, unknown or revoked token with 401, another team's with 403", async () => {
    const a = await teamWithToken();
    const b = await teamWithToken();
    const url = `/api/v1/teams/${a.team.slug}/incidents`;

    const missing = await call(null, "GET", url);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await missing.json()).toMatchObject({ error: "unauthorized" });

    expect((await call(null, "GET", url, undefined, { Authorization: `Basic ${a.token}` })).status).toBe(401);
    expect((await call("th_not-a-real-token", "GET", url)).status).toBe(401);

    const other = await call(b.token, "GET", url);
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: "forbidden", message: "This token belongs to another team." });
    // The same 403 for a team that does not exist, so tokens cannot probe team names.
    expect((await call(b.token, "GET", "/api/v1/teams/no-such-team/incidents")).status).toBe(403);
    // Writes with the wrong token store nothing.
    expect((await call(b.token, "POST", url, incident)).status).toBe(403);
    expect(listIncidents(a.team.id)).toHaveLength(0);

    expect((await call(a.token, "GET", url)).status).toBe(200);
    const row = at(getDb().select().from(apiTokens).where(eq(apiTokens.teamId, a.team.id)).all(), 0);
    expect(row.lastUsedAt).not.toBeNull();
    revokeApiToken(a.team.id, row.id);
    const revoked = await call(a.token, "POST", url, incident);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({
      error: "unauthorized",
      message: "The API token is unknown or has been revoked.",
    });
    expect(listIncidents(a.team.id)).toHaveLength(0);
  });

  it("answers unknown API paths and methods in JSON", async () => {
    const { team, token } = await teamWithToken();
    const unknown = await call(token, "GET", `/api/v1/teams/${team.slug}/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "not_found" });
    const del = await call(token, "DELETE", `/api/v1/teams/${team.slug}/incidents`);
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("GET, POST");
  });
});

describe("incidents", () => {
  it("creates, reads, lists and patches incidents with offsets kept exact", async () => {
    const { team, token } = await teamWithToken();
    const base = `/api/v1/teams/${team.slug}/incidents`;
    const created = await call(token, "POST", base, { ...incident, id: 999, createdAt: "ignored" });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({
      title: "Checkout errors",
      severity: "SEV2",
      startedAt: "2026-03-10T08:00:00.000Z",
      resolvedAt: "2026-03-10T10:30:00.000Z",
      detectedAt: null,
      audit: { investigatingWithin5m: "yes" },
    });
    expect(body.id).not.toBe(999);
    expect(created.headers.get("location")).toBe(`${base}/${body.id}`);

    const read = await call(token, "GET", `${base}/${body.id}`);
    expect(await read.json()).toEqual(body);

    const patched = await call(token, "PATCH", `${base}/${body.id}`, {
      summary: "Provider timeouts",
      audit: { creditsOffered: "na", investigatingWithin5m: null },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      summary: "Provider timeouts",
      severity: "SEV2",
      audit: { creditsOffered: "na" },
    });
    expect(getIncident(team.id, body.id)?.audit).toEqual({ creditsOffered: "na" });

    const list = await (
      await call(token, "GET", `${base}?status=resolved&from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z`)
    ).json();
    expect(list.total).toBe(1);
    expect(list.data[0].id).toBe(body.id);
    expect((await (await call(token, "GET", `${base}?status=open`)).json()).total).toBe(0);
    const badQuery = await call(token, "GET", `${base}?severity=SEV9&limit=0&from=yesterday`);
    expect(badQuery.status).toBe(400);
    expect((await badQuery.json()).fields).toEqual({
      severity: "Choose SEV1, SEV2, SEV3 or SEV4",
      limit: "Use a whole number from 1 to 1000",
      from: "from must be a date and time with an offset, like 2026-11-20T14:05:00+01:00",
    });
  });

  it("refuses bad input with field messages and stores nothing, changes nothing", async () => {
    const { team, token } = await teamWithToken();
    const base = `/api/v1/teams/${team.slug}/incidents`;

    const bad = await call(token, "POST", base, {
      title: "",
      severity: "sev9",
      startedAt: "2026-03-10T09:00",
      severty: "SEV1",
      audit: { bogus: "yes" },
    });
    expect(bad.status).toBe(400);
    const { error, fields } = await bad.json();
    expect(error).toBe("validation_failed");
    expect(fields).toMatchObject({
      title: "Give the incident a title",
      severity: "Choose SEV1, SEV2, SEV3 or SEV4",
      startedAt: "Enter a date and time with an offset, like 2026-11-20T14:05:00+01:00",
      severty: expect.stringContaining("Unknown field"),
      audit: "Unknown audit question: bogus",
    });

    const published = await call(token, "POST", base, {
      ...incident,
      postmortemPublishedAt: "2026-03-10T09:30:00+01:00",
    });
    expect(published.status).toBe(400);
    expect((await published.json()).fields).toEqual({ postmortemPublishedAt: "Publication is before resolution" });

    expect((await call(token, "POST", base, "{not json")).status).toBe(400);
    expect(await (await call(token, "POST", base, "[1,2]")).json()).toMatchObject({
      error: "invalid_json",
      message: "The body must be a JSON object.",
    });
    expect((await call(token, "POST", base, "title=x", { "Content-Type": "text/plain" })).status).toBe(415);

    const huge = await call(token, "POST", base, JSON.stringify({ ...incident, summary: "x".repeat(1024 * 1024 + 1) }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: "payload_too_large" });
    expect(listIncidents(team.id)).toHaveLength(0);

    const ok = await (await call(token, "POST", base, incident)).json();
    // PATCH that would make it resolve before it started: caught across fields, nothing changes.
    const backwards = await call(token, "PATCH", `${base}/${ok.id}`, { startedAt: "2026-03-10T12:00:00+01:00" });
    expect(backwards.status).toBe(400);
    expect((await backwards.json()).fields).toEqual({ resolvedAt: "Resolved time is before the start" });
    expect(getIncident(team.id, ok.id)?.startedAt.toISOString()).toBe("2026-03-10T08:00:00.000Z");

    const other = await teamWithToken();
    expect(
      (await call(other.token, "PATCH", `/api/v1/teams/${other.team.slug}/incidents/${ok.id}`, { title: "Mine now" }))
        .status,
    ).toBe(404);
    expect(getIncident(team.id, ok.id)?.title).toBe("Checkout errors");
  });
});

describe("action items", () => {
  it("creates items for team members only and keeps completedAt in step with the status", async () => {
    const { team, token, members } = await teamWithToken(1);
    const outsider = await makeUser();
    const base = `/api/v1/teams/${team.slug}/action-items`;
    const item = {
      title: "Add latency alert",
      ownerId: at(members, 0).id,
      dueDate: "2026-04-30",
      status: "open",
      source: "postmortem",
    };

    const bad = await call(token, "POST", base, {
      ...item,
      ownerId: outsider.id,
      dueDate: "30/04/2026",
      status: "finished",
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).fields).toEqual({
      dueDate: "Due date must be a date like 2026-11-30",
      status: "Choose open, in progress, done or dropped",
    });
    const notMember = await call(token, "POST", base, { ...item, ownerId: outsider.id, incidentId: 987654 });
    expect((await notMember.json()).fields).toEqual({
      ownerId: "Choose an owner who is on this team",
      incidentId: "Choose an incident of this team",
    });
    const byEmail = await call(token, "POST", base, { ...item, ownerId: undefined, ownerEmail: outsider.email });
    expect((await byEmail.json()).fields).toEqual({ ownerEmail: "No one on this team has this email address" });
    expect(listActionItems(team.id)).toHaveLength(0);

    const created = await call(token, "POST", base, {
      ...item,
      ownerId: undefined,
      ownerEmail: at(members, 0).email.toUpperCase(),
    });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({ ownerId: at(members, 0).id, status: "open", completedAt: null });

    const done = await (await call(token, "PATCH", `${base}/${body.id}`, { status: "done" })).json();
    expect(done.completedAt).not.toBeNull();
    expect(done.title).toBe("Add latency alert");
    const stillDone = await (await call(token, "PATCH", `${base}/${body.id}`, { notes: "Dashboard too" })).json();
    expect(stillDone.completedAt).toBe(done.completedAt);
    const reopened = await (await call(token, "PATCH", `${base}/${body.id}`, { status: "in_progress" })).json();
    expect(reopened.completedAt).toBeNull();
    expect(getActionItem(team.id, body.id)?.completedAt).toBeNull();

    // The owner leaves; the item can still be updated without reassigning it.
    removeMember(team.id, at(members, 0).id);
    const edited = await call(token, "PATCH", `${base}/${body.id}`, { dueDate: "2026-05-15" });
    expect(edited.status).toBe(200);
    expect((await call(token, "PATCH", `${base}/${body.id}`, { ownerId: outsider.id })).status).toBe(400);
    const list = await (await call(token, "GET", `${base}?status=active&ownerId=${at(members, 0).id}`)).json();
    expect(list.total).toBe(1);
    const overdue = await (await call(token, "GET", `${base}?overdue=true`)).json();
    expect(overdue.data.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    expect((await call(token, "GET", `${base}?status=late`)).status).toBe(400);
  });
});

// ---------------------------------------------------------------------------
// docs/api.md: every curl example is run as written, and its documented answer checked.
// ---------------------------------------------------------------------------

type Example = { title: string; curl: string; status: number; body: unknown };

function readExamples(): Example[] {
  const doc = fs.readFileSync(path.resolve("docs/api.md"), "utf8");
  const examples: Example[] = [];
  const pattern = /### (.+)\n+```sh\n([\s\S]*?)```\n+```http\nHTTP\/1\.1 (\d{3})[^\n]*\n\n([\s\S]*?)```/g;
  for (const m of doc.matchAll(pattern)) {
    examples.push({ title: at(m, 1), curl: at(m, 2), status: Number(at(m, 3)), body: JSON.parse(at(m, 4)) });
  }
  return examples;
}

const ESCAPED_DOLLAR = "\u{E000}"; // a private-use character stands in for \$ until expansion is done

/** Splits a shell command the way sh would for the quoting curl examples use. */
function shellWords(command: string, vars: Record<string, string>): string[] {
  const words: string[] = [];
  let word: string | null = null;
  const expand = (s: string) =>
    s.replace(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g, (_, name: string) => {
      const value = vars[name];
      if (value === undefined) throw new Error(`docs/api.md uses $${name}, which the test does not set`);
      return value;
    });
  const src = command.replace(/\\\n/g, " ");
  for (let i = 0; i < src.length; i++) {
    const c = src.charAt(i);
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      word = (word ?? "") + src.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let chunk = "";
      while (src.charAt(j) !== '"') {
        if (src.charAt(j) === "\\" && ['"', "\\", "$"].includes(src.charAt(j + 1))) {
          chunk += src.charAt(j + 1) === "$" ? ESCAPED_DOLLAR : src.charAt(j + 1);
          j += 2;
        } else chunk += src.charAt(j++);
      }
      word = (word ?? "") + expand(chunk).replaceAll(ESCAPED_DOLLAR, "$");
      i = j;
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      let j = i;
      while (j < src.length && !/[\s'"]/.test(src.charAt(j))) j++;
      word = (word ?? "") + expand(src.slice(i, j));
      i = j - 1;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

function curlToFetch(words: string[]) {
  expect(words[0]).toBe("curl");
  let method: string | undefined;
  let url = "";
  let body: string | undefined;
  const headers: Record<string, string> = {};
  for (let i = 1; i < words.length; i++) {
    const w = at(words, i);
    if (w === "-X" || w === "--request") method = words[++i];
    else if (w === "-H" || w === "--header") {
      const h = at(words, ++i);
      const colon = h.indexOf(":");
      headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
    } else if (w === "-d" || w === "--data" || w === "--data-raw") body = words[++i];
    else if (w.startsWith("-"))
      continue; // -sS and friends change nothing on the wire
    else url = w;
  }
  // curl -d without a Content-Type header sends application/x-www-form-urlencoded.
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  }
  return { url, init: { method: method ?? (body !== undefined ? "POST" : "GET"), headers, body } };
}

// Values that differ from run to run are compared by type only.
const VOLATILE = new Set(["id", "ownerId", "incidentId", "createdAt", "updatedAt", "completedAt", "overdue"]);

function expectDocumented(actual: unknown, documented: unknown, where: string): void {
  if (Array.isArray(documented)) {
    expect(Array.isArray(actual), where).toBe(true);
    const list = actual as unknown[];
    if (documented.length === 0) expect(list, where).toEqual([]);
    else {
      expect(list.length, where).toBeGreaterThan(0);
      expectDocumented(list[0], documented[0], `${where}[0]`);
    }
    return;
  }
  if (documented && typeof documented === "object") {
    expect(actual && typeof actual === "object", where).toBeTruthy();
    for (const [key, value] of Object.entries(documented)) {
      const actualValue = (actual as Record<string, unknown>)[key];
      expect(key in (actual as object), `${where}.${key} is documented but missing`).toBe(true);
      if (VOLATILE.has(key)) {
        const kind = (v: unknown) => (v === null ? "null" : typeof v);
        if (key !== "completedAt" && key !== "updatedAt")
          expect(kind(actualValue), `${where}.${key}`).toBe(kind(value));
        else expect(actualValue === null, `${where}.${key}`).toBe(value === null);
      } else expectDocumented(actualValue, value, `${where}.${key}`);
    }
    return;
  }
  expect(actual, where).toEqual(documented);
}

describe("docs/api.md", () => {
  it("documents examples that work exactly as written", async () => {
    const examples = readExamples();
    expect(examples.length).toBeGreaterThanOrEqual(12);

    const { team, lead } = await makeTeamWithPeople(0, { timeZone: "Europe/Berlin" });
    const dana = await makeUser({ email: "dana@example.com", displayName: "Dana" });
    addMember(team.id, dana.id, "member");
    const { token } = createApiToken(team.id, "docs", lead.id);
    const other = await teamWithToken();
    const vars: Record<string, string> = {
      BASE: server.baseUrl,
      TEAM: team.slug,
      TOKEN: token,
      OTHER_TEAM_TOKEN: other.token,
      INCIDENT_ID: "",
      ACTION_ITEM_ID: "",
    };

    for (const example of examples) {
      const { url, init } = curlToFetch(shellWords(example.curl, vars));
      const res = await fetch(url, init);
      const body = await res.json();
      expect(res.status, `${example.title}: ${JSON.stringify(body)}`).toBe(example.status);
      expectDocumented(body, example.body, example.title);
      if (init.method === "POST" && res.status === 201) {
        if (url.endsWith("/incidents")) vars.INCIDENT_ID = String(body.id);
        if (url.endsWith("/action-items")) vars.ACTION_ITEM_ID = String(body.id);
      }
    }
    expect(vars.INCIDENT_ID).not.toBe("");
    expect(vars.ACTION_ITEM_ID).not.toBe("");
  });
});
