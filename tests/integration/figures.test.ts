/**
 * Issue #12, "Figures": what the pages and the API show, over HTTP, with
 * expectations worked out by hand. The domain rules behind them have dense unit
 * tests (incident-metrics, timeline, trust-interval, dips, figure-labels).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { calendarQuarter } from "~/domain/incident-metrics";
import { addCalendarDays, parseCalendarDate, formatCalendarDate } from "~/domain/wall-time";
import { calendarDayIn } from "~/domain/calendar-day";
import { createActionItem } from "~/models/action-items.server";
import { createApiToken } from "~/models/api-tokens.server";
import { createIncident } from "~/models/incidents.server";
import { signedIn } from "../support/client";
import { makeTeamWithPeople, makeUser } from "../support/factories";
import { serverForFile } from "../support/server";

type People = Awaited<ReturnType<typeof makeTeamWithPeople>>;
let history: People, fresh: People, incidentsTeam: People, seven: People;
let token: string;
let admin: Awaited<ReturnType<typeof makeUser>>;
const testStart = new Date();
const MIN = 60_000;

const incident = (teamId: number, title: string, severity: "SEV1" | "SEV2" | "SEV3", t: Record<string, Date | null>) =>
  createIncident(teamId, {
    title,
    severity,
    startedAt: t.startedAt!,
    detectedAt: null,
    resolvedAt: t.resolvedAt ?? null,
    summary: null,
    postmortemUrl: t.postmortemPublishedAt ? "https://wiki.example/pm" : null,
    postmortemPublishedAt: t.postmortemPublishedAt ?? null,
    audit: {},
  });

const item = (
  people: People,
  title: string,
  dueDate: string,
  extra: { status?: "open" | "done"; createdAt?: Date; completedAt?: Date | null } = {},
) =>
  createActionItem(people.team.id, {
    title,
    ownerId: people.lead.id,
    dueDate,
    status: extra.status ?? "open",
    source: "postmortem",
    incidentId: null,
    notes: null,
    createdAt: extra.createdAt ?? new Date("2025-01-01T00:00:00Z"),
    completedAt: extra.completedAt ?? null,
  });

/** Whatever day it is, the current quarter's last day is not over yet, so an item due then is not due. */
const quarterNow = calendarQuarter(testStart, "UTC");
const lastDayOfQuarter = formatCalendarDate(
  addCalendarDays(parseCalendarDate(calendarDayIn(quarterNow.to, "UTC"))!, -1),
);

beforeAll(async () => {
  getDb();
  admin = await makeUser({ isAdmin: true });

  history = await makeTeamWithPeople(3);
  token = createApiToken(history.team.id, "figures", history.lead.id).token;
  // Figures 1–2, current quarter: one open item due on the quarter's last day (not due yet),
  // one open item due long ago (overdue now).
  item(history, "Due at the end of this quarter", lastDayOfQuarter);
  item(history, "Long overdue", "2025-01-15");
  // Figure 3: a custom period starting on Wednesday 4 March 2026, in weekly buckets whose
  // first week starts on Monday 2 March. Tuesday's incident and item are outside the period.
  incident(history.team.id, "Before the period", "SEV3", {
    startedAt: new Date("2026-03-03T10:00:00Z"),
    resolvedAt: new Date("2026-03-03T11:00:00Z"),
  });
  incident(history.team.id, "Inside the period", "SEV2", {
    startedAt: new Date("2026-03-05T10:00:00Z"),
    resolvedAt: new Date("2026-03-05T12:00:00Z"),
  });
  item(history, "Due the day before the period", "2026-03-03", {
    status: "done",
    createdAt: new Date("2026-02-01T00:00:00Z"),
    completedAt: new Date("2026-03-03T09:00:00Z"),
  });
  item(history, "Due inside the period", "2026-03-05", {
    status: "done",
    createdAt: new Date("2026-02-01T00:00:00Z"),
    completedAt: new Date("2026-03-05T12:00:00Z"),
  });

  // Figure 6: a team created today, with nothing before it.
  fresh = await makeTeamWithPeople(3);

  // Figure 4: incidents of this quarter, minutes ago. In the first hours of a UTC quarter the
  // team lives at UTC+14, where the quarter began 14 hours earlier, so "minutes ago" is always inside it.
  const early = testStart.getTime() - quarterNow.from.getTime() < 2 * 3_600_000;
  incidentsTeam = await makeTeamWithPeople(3, { timeZone: early ? "Pacific/Kiritimati" : "UTC" });
  const ago = (minutes: number) => new Date(testStart.getTime() - minutes * MIN);
  // Postmortem 30 min after resolving; recovered in 10 min.
  incident(incidentsTeam.team.id, "Queue backlog", "SEV2", {
    startedAt: ago(50),
    resolvedAt: ago(40),
    postmortemPublishedAt: ago(10),
  });
  // Postmortem 40 min after resolving; recovered in 3 min.
  incident(incidentsTeam.team.id, "Cache stampede", "SEV3", {
    startedAt: ago(45),
    resolvedAt: ago(42),
    postmortemPublishedAt: ago(2),
  });
  // No postmortem: counts for recovery (10 min), not for time to postmortem.
  incident(incidentsTeam.team.id, "Flaky deploy", "SEV3", { startedAt: ago(30), resolvedAt: ago(20) });

  // Figure 10: seven people.
  seven = await makeTeamWithPeople(6);
});
const server = serverForFile();

const csvRows = async (client: Awaited<ReturnType<typeof signedIn>>, path: string) =>
  (await (await client.get(path)).text())
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n")
    .map((line) =>
      [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, "").replace(/""/g, '"')),
    );

const tile = (html: string, label: string) => {
  const at = html.indexOf(`<div class="tile-label">${label}</div>`);
  expect(at, label).toBeGreaterThan(-1);
  const chunk = html.slice(at, html.indexOf('<div class="tile"', at + 1) >>> 0 || at + 2000);
  return {
    value: chunk.match(/<div class="tile-value">([^<]*)<\/div>/)![1],
    note: chunk
      .match(/<div class="small muted">([\s\S]*?)<\/div>/)![1]!
      .replace(/<!-- -->/g, "")
      .replace(/<[^>]+>/g, ""),
  };
};

describe("figures 1 and 2: action items in the API's quarter figures", () => {
  const metrics = async (query = "") => {
    const res = await fetch(`${server.baseUrl}/api/v1/teams/${history.team.slug}/metrics${query}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { actionItems: Record<string, unknown> };
  };

  it("counts only items whose due day has passed, and measures overdue now in the current quarter", async () => {
    const { actionItems } = await metrics();
    // The item due on the quarter's last day is neither due nor overdue yet; the old one is overdue now.
    expect(actionItems).toMatchObject({ due: 0, doneOnTime: 0, completionRate: null, overdue: 1 });
    expect(actionItems).not.toHaveProperty("overdueAtEnd");
    const asOf = Date.parse(actionItems.asOf as string);
    expect(asOf).toBeGreaterThanOrEqual(testStart.getTime() - 1000);
    expect(asOf).toBeLessThanOrEqual(Date.now());
    // The same count as the overdue filter of the action-item list.
    const list = await fetch(`${server.baseUrl}/api/v1/teams/${history.team.slug}/action-items?overdue=true`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const body = (await list.json()) as { data: unknown[] };
    expect(body.data).toHaveLength(1);
  });

  it("measures a past quarter at its end", async () => {
    const { actionItems } = await metrics("?quarter=2025-Q1");
    // Due 15 Jan 2025 and never done: due, late, and overdue when the quarter ended.
    expect(actionItems).toMatchObject({ due: 1, doneOnTime: 0, completionRate: 0, overdue: 1 });
    expect(actionItems.asOf).toBe("2025-04-01T00:00:00.000Z");
  });
});

describe("figure 3: headline cards and charts count one set over one period", () => {
  it("agree on incidents and action items when the period starts mid-week", async () => {
    const client = await signedIn(server, history.lead.email);
    const query = "period=custom&from=2026-03-04&to=2026-08-31";
    const html = await (await client.get(`/teams/${history.team.slug}/dashboard?${query}`)).text();
    const incidents = tile(html, "Incidents");
    expect(incidents.value).toBe("1");
    const bars = await csvRows(client, `/teams/${history.team.slug}/dashboard.csv?series=incidents&${query}`);
    const total = bars[0]!.indexOf("Total");
    expect(bars.slice(1).reduce((a, r) => a + Number(r[total]), 0)).toBe(1);
    expect(bars[1]![1]).toBe("2026-03-04"); // the first bar starts with the period, not on Monday
    const markers = await csvRows(client, `/teams/${history.team.slug}/dashboard.csv?series=incident-list&${query}`);
    expect(markers.slice(1).map((r) => r[2])).toEqual(["Inside the period"]);

    expect(tile(html, "Action items done on time").note).toMatch(/^1 of 1 due were done on time/);
    const actions = await csvRows(client, `/teams/${history.team.slug}/dashboard.csv?series=actions&${query}`);
    const due = actions[0]!.indexOf("Due");
    expect(actions.slice(1).reduce((a, r) => a + Number(r[due]), 0)).toBe(1);
  });
});

describe("figure 4: time to postmortem on the incidents page", () => {
  it("shows its median beside time to recover", async () => {
    const client = await signedIn(server, incidentsTeam.lead.email);
    const html = (await (await client.get(`/teams/${incidentsTeam.team.slug}/incidents`)).text()).replace(
      /<!-- -->/g,
      "",
    );
    // Recovery 10, 3 and 10 min: median 10 min. Postmortems 30 and 40 min after resolving: median 35 min.
    expect(html).toMatch(/<dt>Median time to recover<\/dt><dd>10 min /);
    const postmortem = html.slice(html.indexOf('data-testid="median-postmortem"'));
    expect(postmortem).toMatch(
      /^[^>]*><dt>Median time to postmortem<\/dt><dd>35 min <span[^>]*>\(resolved → published, 2 postmortems\)/,
    );
  });
});

describe("figure 6: weeks before the team existed", () => {
  it("are not on the axis", async () => {
    const client = await signedIn(server, fresh.lead.email);
    const html = await (await client.get(`/teams/${fresh.team.slug}/dashboard?period=12w`)).text();
    expect(html).toContain("(from the team&#x27;s first week)");
    // Only this week, still open: no week "with fewer than 3 answers".
    expect(tile(html, "Weeks").note).toBe("released · 0 with fewer than 3 answers · 1 open");
    const weekly = await csvRows(client, `/teams/${fresh.team.slug}/dashboard.csv?series=weekly&period=12w`);
    expect(weekly.slice(1).map((r) => r[2])).toEqual(["open (shown after it closes)"]);
  });
});

describe("figure 9: the org page names weeks by their dates", () => {
  it("on the trend's axis, and says which week 'Last week' is", async () => {
    const client = await signedIn(server, admin.email);
    const html = (await (await client.get("/org?weeks=12")).text()).replace(/<!-- -->/g, "");
    const chart = html.slice(
      html.indexOf('id="org-trend-line"'),
      html.indexOf("</svg>", html.indexOf('id="org-trend-line"')),
    );
    const axis = chart.slice(chart.indexOf('class="x-axis"'));
    const ticks = [...axis.matchAll(/<text[^>]*text-anchor="middle"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(ticks.length).toBeGreaterThan(2);
    for (const t of ticks) expect(t).toMatch(/^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$/);
    expect(html).not.toMatch(/>W\d\d</);
    expect(html).toMatch(/data-testid="last-week-note">Last week is \d{1,2}[– ]/);
    // The trend's table names each week by its days too.
    const trend = await csvRows(client, "/org.csv?series=trend&weeks=12");
    expect(trend[0]!.slice(0, 2)).toEqual(["Week", "Days"]);
    for (const row of trend.slice(1))
      expect(row[1]).toMatch(/^\d{1,2}(–\d{1,2})? \w{3}( \d{4})?( – \d{1,2} \w{3})? \d{4}$/);
  });
});

describe("figure 10: a threshold above the team's size", () => {
  it("is saved with a warning that no week can be released", async () => {
    const client = await signedIn(server, seven.lead.email);
    const page = `/teams/${seven.team.slug}/settings`;
    expect(await (await client.get(page)).text()).not.toContain('data-testid="threshold-warning"');
    const res = await client.post(page, {
      intent: "settings",
      name: seven.team.name,
      timeZone: "UTC",
      threshold: 8,
      surveyWindowDays: 14,
    });
    expect(res.status).toBe(302);
    const html = await (await client.get(page)).text();
    const warning = "No week can be released with this setting: it needs 8 answers and the team has 7 people.";
    expect(html).toContain(`Settings saved. ${warning}`); // the flash
    expect(html).toMatch(new RegExp(`data-testid="threshold-warning">${warning}</div>`));
    expect(html).toContain('aria-describedby="field-threshold-hint threshold-warning"');
    // Seven is enough: the warning goes.
    await client.post(page, {
      intent: "settings",
      name: seven.team.name,
      timeZone: "UTC",
      threshold: 7,
      surveyWindowDays: 14,
    });
    expect(await (await client.get(page)).text()).not.toContain('data-testid="threshold-warning"');
  });
});
