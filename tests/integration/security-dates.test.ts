/**
 * Issue 11 over real HTTP: unbounded dates (finding 3) and bad retro queries (finding 11).
 * Before the fix, year 1 and year 10000 were stored, "All history" then walked two
 * thousand years of weeks, and `until=0001-W01` threw a RangeError (500).
 */
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { MAX_PERIOD_YEARS, SANE_DATE_RANGE } from "~/domain/date-range";
import { createApiToken } from "~/models/api-tokens.server";
import { signedIn } from "../support/client";
import { makeTeamWithPeople } from "../support/factories";
import { serverForFile } from "../support/server";

const server = serverForFile({ LOG_REQUESTS: "0", REMINDERS: "off" });
const sqlite = () => getDb().$client;
const RANGE = new RegExp(`Enter a date between ${SANE_DATE_RANGE.earliest} and \\d{4}-\\d{2}-\\d{2}`);

async function apiTeam() {
  const world = await makeTeamWithPeople(1);
  const { token } = createApiToken(world.team.id, "test", world.lead.id);
  const call = (path: string, body?: unknown) =>
    fetch(`${server.baseUrl}/api/v1/teams/${world.team.slug}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { ...world, call };
}

const incidentCount = (teamId: number) =>
  (sqlite().prepare("select count(*) as n from incidents where team_id = ?").get(teamId) as { n: number }).n;

describe("every date input is inside the sane range", () => {
  it("the JSON API refuses year 1, year 10000 and 1999 with a 400 naming the field", async () => {
    const { team, lead, call } = await apiTeam();
    const base = { title: "Checkout down", severity: "SEV2", startedAt: "2026-11-20T10:00:00Z" };
    for (const [field, value] of [
      ["startedAt", "0001-01-01T00:00:00Z"],
      ["startedAt", "9999-12-31T23:59:59-23:59"],
      ["startedAt", "1999-12-31T23:59:59Z"],
      ["resolvedAt", "9999-01-01T00:00:00Z"],
      ["detectedAt", "1970-01-01T00:00:00Z"],
    ] as const) {
      const res = await call("/incidents", { ...base, [field]: value });
      expect(res.status, `${field}=${value}`).toBe(400);
      const body = (await res.json()) as { fields: Record<string, string> };
      expect(body.fields[field], `${field}=${value}`).toMatch(RANGE);
    }
    expect(incidentCount(team.id)).toBe(0);
    expect((await call("/incidents", base)).status).toBe(201);

    const item = { title: "Fix alerts", ownerId: lead.id, status: "open", source: "retro" };
    for (const dueDate of ["0001-01-01", "9999-12-31", "1999-12-31"]) {
      const res = await call("/action-items", { ...item, dueDate });
      expect(res.status, dueDate).toBe(400);
      expect(((await res.json()) as { fields: Record<string, string> }).fields.dueDate).toMatch(RANGE);
    }
    expect((await call("/action-items", { ...item, dueDate: "2026-12-01" })).status).toBe(201);
  });

  it("the incident and action-item forms show the message beside the field and keep what was typed", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const res = await client.post(`/teams/${team.slug}/incidents/new`, {
      title: "Old outage",
      severity: "SEV3",
      startedAt: "1999-12-31T23:00",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(RANGE);
    expect(html).toContain('value="Old outage"');
    expect(incidentCount(team.id)).toBe(0);

    const item = await client.post(`/teams/${team.slug}/action-items/new`, {
      title: "Far away",
      ownerId: String(lead.id),
      dueDate: "2999-01-01",
      status: "open",
      source: "retro",
    });
    expect(item.status).toBe(400);
    expect(await item.text()).toMatch(RANGE);
  });

  it("CSV import names the column and the line", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const csv = "title,severity,started_at\nAncient,SEV3,0001-01-01T00:00\nFine,SEV3,2026-01-10T10:00\n";
    const res = await client.post(`/teams/${team.slug}/import`, { intent: "preview", kind: "incidents", csvText: csv });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("started_at");
    expect(html).toMatch(RANGE);
    const items = "title,owner_email,due_date,status,source,created_at\nX,,2026-12-01,open,retro,0001-01-01T00:00\n";
    const res2 = await client.post(`/teams/${team.slug}/import`, {
      intent: "preview",
      kind: "action-items",
      csvText: items.replace(",,", `,${lead.email},`),
    });
    expect(res2.status).toBe(400);
    expect(await res2.text()).toMatch(RANGE);
  });

  it("dashboard custom dates and the API's quarter are refused outside the range, naming the field", async () => {
    const { team, lead, call } = await apiTeam();
    const client = await signedIn(server, lead.email);
    const res = await client.get(`/teams/${team.slug}/dashboard?period=custom&from=0001-01-01&to=0001-02-01`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(RANGE);
    const csv = await client.get(
      `/teams/${team.slug}/dashboard.csv?series=weekly&period=custom&from=1900-01-01&to=1900-12-31`,
    );
    expect(csv.status).toBe(400);
    const metrics = await call("/metrics?quarter=0001-Q1");
    expect(metrics.status).toBe(400);
    expect(((await metrics.json()) as { fields: Record<string, string> }).fields.quarter).toMatch(/between 2000-01-01/);
  });
});

describe("every computed period is bounded by the data and a hard cap", () => {
  it("rows stored before the fix (year 1, year 10000) cannot make All history walk millennia", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const insert = sqlite().prepare(
      "insert into incidents (team_id, title, severity, started_at, resolved_at, audit, created_at) values (?, ?, 'SEV2', ?, ?, '{}', ?)",
    );
    insert.run(team.id, "Year one", Date.parse("0001-01-01T00:00:00Z"), null, Date.now());
    insert.run(
      team.id,
      "Year ten thousand",
      Date.parse("2026-01-05T10:00:00Z"),
      253402300799000 + 86_400_000,
      Date.now(),
    );
    sqlite()
      .prepare(
        "insert into action_items (team_id, title, owner_id, due_date, status, source, created_at) values (?, 'Old', ?, '0001-01-01', 'open', 'retro', ?), (?, 'Late', ?, '9999-12-31', 'open', 'retro', ?)",
      )
      .run(team.id, lead.id, Date.now(), team.id, lead.id, Date.now());
    const client = await signedIn(server, lead.email);

    const csv = await client.get(`/teams/${team.slug}/dashboard.csv?series=weekly&period=all`);
    expect(csv.status).toBe(200);
    const rows = (await csv.text()).trim().split("\n").length - 1;
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(MAX_PERIOD_YEARS * 53 + 1);

    const page = await client.get(`/teams/${team.slug}/dashboard?period=all`);
    expect(page.status).toBe(200);
    expect((await page.arrayBuffer()).byteLength).toBeLessThan(5 * 1024 * 1024);
    for (const path of [
      `/teams/${team.slug}/retro`,
      `/teams/${team.slug}/incidents`,
      `/teams/${team.slug}/action-items`,
    ]) {
      const res = await client.get(path);
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
    }
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe("bad retro queries are a 400 with a message (finding 11)", () => {
  it("until=0001-W01 and other bad values", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    for (const [query, message] of [
      ["until=0001-W01", "Choose a week from 2000-W01 on"],
      ["until=1999-W52", "Choose a week from 2000-W01 on"],
      ["until=garbage", "Choose a week like 2026-W47"],
      ["until=9999-W01", "Choose a week that has ended"],
      ["weeks=0", "Choose 1 to 13 weeks"],
      ["weeks=abc", "Choose 1 to 13 weeks"],
    ] as const) {
      const res = await client.get(`/teams/${team.slug}/retro?${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.text(), query).toContain(message);
      const data = await client.get(`/teams/${team.slug}/retro?${query}&_data=routes%2Fteams.%24slug.retro`);
      expect(data.status, query).toBe(400);
      await data.arrayBuffer();
    }
  });
});
