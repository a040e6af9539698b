/**
 * Hostile content (issue 7, "Failure tests"): text people type — weekly and survey
 * answers, incident and action-item fields, pre-mortems, names — that contains HTML and
 * script is shown as text on every page it appears on, and CSV exports neutralise cells
 * that a spreadsheet would read as a formula.
 */
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { users } from "#db/schema";
import { eq } from "drizzle-orm";
import { quarterlyCycleAt, weeklyCycleAt } from "~/domain/cycles";
import { incidentInputSchema } from "~/domain/incident-input.server";
import { createActionItem } from "~/models/action-items.server";
import { createApiToken } from "~/models/api-tokens.server";
import { submitSurveyAnswers, submitCheckInAnswers } from "~/models/answers.server";
import { recordChecklistAnswers } from "~/models/checklist.server";
import { createIncident } from "~/models/incidents.server";
import { createPremortem } from "~/models/premortems.server";
import { enabledSurveyItems } from "~/models/survey-items.server";
import { Client, signedIn } from "../support/client";
import { makeTeamWithPeople, makeUser } from "../support/factories";
import { serverForFile } from "../support/server";

const server = serverForFile({ REMINDERS: "off" });

// ---------------------------------------------------------------------------
// The content: every text carries a live-looking payload and a marker to find it by
// ---------------------------------------------------------------------------

const SCRIPT = "<script>alert(1)</script>";
const IMG = "<img src=x onerror=alert(1)>";
const SVG = '"><svg onload=alert(1)>';

const T = {
  teamName: `=Team ${SCRIPT}`,
  memberName: `+Mallory ${SVG}`,
  incidentTitle: `=HYPERLINK("http://evil.example","${IMG}") #incident`,
  incidentSummary: `${SVG}\n${SCRIPT}\n+cmd|' /C calc'!A0 #summary`,
  actionTitle: `-2+3 ${SCRIPT} #action`,
  actionNotes: `@SUM(1+1) ${IMG} #notes`,
  followUpTitle: `=1+1 ${SVG} #follow-up`,
  premortemTitle: `${SCRIPT} #premortem`,
  imaginedFailure: `${IMG} #imagined`,
  causes: `${SVG} #causes`,
  why: `${SCRIPT} #why`,
  help: `${IMG} #help`,
  appreciation: `${SVG} #appreciation`,
  surveyComment: `${SCRIPT} #survey`,
};

/** The markup React writes for a text node or attribute value. */
function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#x27;");
}

/** The live forms that must never reach a page, whether in markup or in its inline data. */
const LIVE = [SCRIPT, IMG, "<svg onload", "onerror=alert(1)>", "<img src=x"];

function expectNoLiveMarkup(html: string, page: string) {
  for (const live of LIVE) expect(html.includes(live), `${page} contains the live markup ${live}`).toBe(false);
  // Every <script> element is the app's own, carrying the request's nonce.
  const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1]!);
  for (const attrs of scripts)
    expect(attrs, `${page}: a <script> without the request's nonce`).toMatch(/nonce="[^"]+"/);
  // No element has an event-handler attribute (React quotes every attribute value, so this parse holds).
  const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  for (const tag of markup.matchAll(
    /<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*\/?>/g,
  )) {
    for (const attr of tag[2]!.matchAll(/\s([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?/g)) {
      expect(attr[1]!.toLowerCase().startsWith("on"), `${page}: <${tag[1]}> has the attribute ${attr[1]}`).toBe(false);
    }
  }
}

type World = Awaited<ReturnType<typeof makeWorld>>;

async function makeWorld() {
  const { team, lead, members } = await makeTeamWithPeople(3, { name: T.teamName, timeZone: "UTC" });
  const [mallory, second, third] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0]];
  getDb().update(users).set({ displayName: T.memberName }).where(eq(users.id, mallory.id)).run();

  const now = Date.now();
  const day = 86_400_000;
  // Inside the dashboard's and the retro's default periods.
  const incident = createIncident(
    team.id,
    incidentInputSchema.parse({
      title: T.incidentTitle,
      severity: "SEV2",
      startedAt: new Date(now - 10 * day).toISOString(),
      resolvedAt: new Date(now - 10 * day + 3_600_000).toISOString(),
      summary: T.incidentSummary,
      postmortemUrl: "https://wiki.example.com/pm/1",
    }),
  );
  const dueSoon = new Date(now + 14 * day).toISOString().slice(0, 10);
  const item = createActionItem(team.id, {
    title: T.actionTitle,
    ownerId: mallory.id,
    dueDate: dueSoon,
    status: "open",
    source: "retro",
    incidentId: null,
    notes: T.actionNotes,
  });
  const followUp = createActionItem(team.id, {
    title: T.followUpTitle,
    ownerId: second.id,
    dueDate: dueSoon,
    status: "in_progress",
    source: "postmortem",
    incidentId: incident.id,
    notes: null,
  });
  const premortem = createPremortem(
    team.id,
    { title: T.premortemTitle, imaginedFailure: T.imaginedFailure, causes: T.causes },
    [],
    lead.id,
  );
  recordChecklistAnswers(team.id, { blamelessPostmortem: true }, mallory.id);

  // Last week's check, answered by four people with the clock inside that week: released.
  const lastWeek = weeklyCycleAt(new Date(now - 7 * day), team.timeZone);
  const during = new Date(lastWeek.opensAt.getTime() + 3_600_000);
  for (const [i, person] of [lead, mallory, second, third].entries()) {
    const result = submitCheckInAnswers(
      team,
      person.id,
      lastWeek.periodKey,
      { score: 2 + (i % 3), why: T.why, help: T.help, appreciation: T.appreciation },
      during,
    );
    expect(result).toEqual({ ok: true });
  }
  // A closed survey, answered by four people: released, comments included.
  const pastQuarter = quarterlyCycleAt(new Date(now - 120 * day), team.timeZone, team.surveyWindowDays);
  const inWindow = new Date(pastQuarter.opensAt.getTime() + 3_600_000);
  const answers = Object.fromEntries(enabledSurveyItems(team.id).map((i) => [i.id, 4]));
  for (const person of [lead, mallory, second, third]) {
    expect(
      submitSurveyAnswers(team, person.id, pastQuarter.periodKey, { answers, comment: T.surveyComment }, inWindow),
    ).toEqual({ ok: true });
  }

  const admin = await makeUser({ isAdmin: true });
  const [leadClient, memberClient, adminClient] = await Promise.all([
    signedIn(server, lead.email),
    signedIn(server, mallory.email),
    signedIn(server, admin.email),
  ]);
  return { team, lead, mallory, incident, item, followUp, premortem, leadClient, memberClient, adminClient };
}

/** Every page that shows typed text, who looks at it, and which texts it must show. */
function pages(w: World): Array<{ path: string; as: "lead" | "member" | "admin"; shows: string[] }> {
  const s = `/teams/${w.team.slug}`;
  return [
    { path: "/teams", as: "member", shows: [T.teamName] },
    { path: s, as: "lead", shows: [T.teamName, T.memberName] },
    { path: s, as: "member", shows: [T.teamName, T.memberName] },
    { path: `${s}/incidents`, as: "member", shows: [T.incidentTitle] },
    { path: `${s}/incidents/${w.incident.id}`, as: "lead", shows: [T.incidentTitle, T.followUpTitle] },
    { path: `${s}/incidents/${w.incident.id}`, as: "member", shows: [T.incidentTitle] },
    { path: `${s}/incidents/${w.incident.id}/edit`, as: "lead", shows: [T.incidentTitle] },
    { path: `${s}/action-items`, as: "member", shows: [T.actionTitle, T.followUpTitle, T.memberName] },
    { path: `${s}/action-items?status=all&owner=me`, as: "member", shows: [T.actionTitle] },
    { path: `${s}/action-items/${w.item.id}`, as: "lead", shows: [T.actionTitle, T.actionNotes, T.memberName] },
    { path: `${s}/action-items/${w.item.id}`, as: "member", shows: [T.actionTitle, T.actionNotes] },
    { path: `${s}/action-items/${w.followUp.id}`, as: "member", shows: [T.followUpTitle, T.incidentTitle] },
    { path: `${s}/action-items/new`, as: "lead", shows: [T.memberName] },
    { path: `${s}/premortem`, as: "member", shows: [T.premortemTitle] },
    { path: `${s}/premortem/${w.premortem.id}`, as: "lead", shows: [T.premortemTitle, T.imaginedFailure, T.causes] },
    { path: `${s}/recovery`, as: "member", shows: [T.memberName] },
    { path: `${s}/retro`, as: "lead", shows: [T.why, T.help, T.appreciation] },
    { path: `${s}/retro`, as: "member", shows: [T.why, T.help, T.appreciation] },
    { path: `${s}/retro?weeks=13`, as: "member", shows: [T.why, T.help, T.appreciation] },
    { path: `${s}/dashboard`, as: "member", shows: [T.incidentTitle] },
    { path: `${s}/settings`, as: "lead", shows: [T.memberName, T.teamName] },
    { path: `${s}/survey`, as: "member", shows: [] },
    { path: `${s}/check-in`, as: "member", shows: [] },
    { path: "/org", as: "admin", shows: [T.teamName] },
  ];
}

const clientFor = (w: World, as: "lead" | "member" | "admin") =>
  as === "lead" ? w.leadClient : as === "admin" ? w.adminClient : w.memberClient;

// ---------------------------------------------------------------------------
// Pages: the raw HTML
// ---------------------------------------------------------------------------

describe("typed text with HTML and script is shown as text", () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
  });

  it("keeps the stored text exactly as typed (escaping happens on output, not on input)", () => {
    const sqlite = getDb().$client;
    expect(sqlite.prepare("select title, summary from incidents where id = ?").get(w.incident.id)).toEqual({
      title: T.incidentTitle,
      summary: T.incidentSummary,
    });
    expect(
      sqlite
        .prepare("select count(*) n from check_in_responses where why = ? and help = ? and appreciation = ?")
        .get(T.why, T.help, T.appreciation),
    ).toEqual({ n: 4 });
  });

  it("escapes it on every page that shows it: home, incidents, action items, pre-mortems, retro, dashboard, settings, org", async () => {
    const checked: string[] = [];
    for (const page of pages(w)) {
      const res = await clientFor(w, page.as).get(page.path);
      const html = (await res.text()).replaceAll("<!-- -->", "");
      const where = `${page.path} as ${page.as}`;
      expect(res.status, where).toBe(200);
      expectNoLiveMarkup(html, where);
      for (const text of page.shows) {
        // Multi-line texts are one text node; every line must be there, escaped.
        for (const line of text.split("\n"))
          expect(html, `${where} should show ${JSON.stringify(line)} as text`).toContain(escapeHtml(line));
      }
      checked.push(where);
    }
    expect(checked.length).toBe(pages(w).length);
  });

  it("puts the text in form fields as values, not markup (edit forms, retro's help-to-action form)", async () => {
    const edit = (
      await (await w.leadClient.get(`/teams/${w.team.slug}/incidents/${w.incident.id}/edit`)).text()
    ).replaceAll("<!-- -->", "");
    expect(edit).toContain(`value="${escapeHtml(T.incidentTitle)}"`);
    // A textarea's content is text: the summary's lines appear escaped inside it.
    const textarea = /<textarea[^>]*name="summary"[^>]*>([\s\S]*?)<\/textarea>/.exec(edit)?.[1] ?? "";
    expect(textarea).toContain(escapeHtml(SCRIPT));
    const item = (await (await w.leadClient.get(`/teams/${w.team.slug}/action-items/${w.item.id}`)).text()).replaceAll(
      "<!-- -->",
      "",
    );
    expect(item).toContain(`value="${escapeHtml(T.actionTitle)}"`);
    const retro = (await (await w.leadClient.get(`/teams/${w.team.slug}/retro`)).text()).replaceAll("<!-- -->", "");
    expect(retro).toContain(`value="${escapeHtml(T.help)}"`);
  });

  it("echoes a refused form's hostile values back as text", async () => {
    const res = await w.leadClient.post(`/teams/${w.team.slug}/incidents/new`, {
      title: T.incidentTitle,
      severity: `SEV9${SVG}`,
      startedAt: SCRIPT,
      summary: T.incidentSummary,
    });
    expect(res.status).toBe(400);
    const html = (await res.text()).replaceAll("<!-- -->", "");
    expectNoLiveMarkup(html, "refused incident form");
    expect(html).toContain(`value="${escapeHtml(T.incidentTitle)}"`);
    const login = await new Client(server.baseUrl).post("/login", {
      email: `${SVG}@example.com`,
      password: "x",
      redirectTo: SCRIPT,
    });
    expect(login.status).toBe(400);
    expectNoLiveMarkup((await login.text()).replaceAll("<!-- -->", ""), "refused sign-in");
  });

  it("answers the JSON API with the text as data (JSON, never HTML)", async () => {
    const { token } = createApiToken(w.team.id, "content", w.lead.id);
    const res = await fetch(`${server.baseUrl}/api/v1/teams/${w.team.slug}/incidents/${w.incident.id}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await res.json()).title).toBe(T.incidentTitle);
  });
});

// ---------------------------------------------------------------------------
// Pages: a real browser, with the CSP switched off so that only escaping protects
// ---------------------------------------------------------------------------

describe("in Chromium", () => {
  it("fires no dialog and creates no injected element on any page, even with the CSP bypassed", async () => {
    const w = await makeWorld();
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu"],
    });
    try {
      const dialogs: string[] = [];
      const contexts = new Map<string, Awaited<ReturnType<typeof browser.newContext>>>();
      for (const as of ["lead", "member", "admin"] as const) {
        // bypassCSP: the nonce-only CSP would block inline scripts anyway; this checks the escaping itself.
        const context = await browser.newContext({ bypassCSP: true });
        const cookie = sessionCookie(clientFor(w, as))!;
        await context.addCookies([{ name: "__session", value: cookie, url: server.baseUrl }]);
        contexts.set(as, context);
      }
      const visit = async (page: ReturnType<typeof pages>[number]) => {
        const tab = await contexts.get(page.as)!.newPage();
        tab.on("dialog", async (dialog) => {
          dialogs.push(`${page.path}: ${dialog.type()} ${dialog.message()}`);
          await dialog.dismiss();
        });
        // networkidle: the page has hydrated, so React's client render is checked too.
        const res = await tab.goto(server.baseUrl + page.path, { waitUntil: "networkidle" });
        expect(res?.status(), page.path).toBe(200);
        const found = await tab.evaluate(() => ({
          images: document.querySelectorAll('img[src="x"], img[onerror]').length,
          svgs: document.querySelectorAll("svg[onload]").length,
          handlers: [...document.querySelectorAll("*")].filter((el) =>
            [...el.attributes].some((a) => a.name.startsWith("on")),
          ).length,
          // The app's scripts carry the nonce (its inline data may hold the text as a JSON string).
          scripts: [...document.scripts].filter((s) => !s.nonce || s.textContent?.trim() === "alert(1)").length,
          text: document.body.textContent ?? "",
        }));
        const { text, ...injected } = found;
        expect(injected, page.path).toEqual({ images: 0, svgs: 0, handlers: 0, scripts: 0 });
        for (const shown of page.shows)
          expect(text, `${page.path} shows ${JSON.stringify(shown)} as text`).toContain(shown.split("\n")[0]!);
        await tab.close();
      };
      const all = pages(w);
      for (let i = 0; i < all.length; i += 6) await Promise.all(all.slice(i, i + 6).map(visit));
      expect(dialogs).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

/** The signed-in session cookie of a test client, for the browser. */
function sessionCookie(client: Client): string | undefined {
  return (client as unknown as { cookies: Map<string, string> }).cookies.get("__session");
}

// ---------------------------------------------------------------------------
// CSV exports: cells a spreadsheet would run as a formula are neutralised
// ---------------------------------------------------------------------------

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Parses a CSV download and checks every cell: no formula start unless it is a plain number. */
async function readCsv(res: Response, where: string): Promise<string[][]> {
  expect(res.status, where).toBe(200);
  expect(res.headers.get("content-type"), where).toMatch(/^text\/csv/);
  expect(res.headers.get("content-disposition"), where).toMatch(/^attachment;/);
  const rows = parse(await res.text(), { bom: true, relax_column_count: false }) as string[][];
  for (const [r, row] of rows.entries()) {
    for (const [c, cell] of row.entries()) {
      if (FORMULA_START.test(cell) && !NUMBER.test(cell))
        throw new Error(`${where}: row ${r + 1}, column ${c + 1} starts a formula: ${JSON.stringify(cell)}`);
    }
  }
  return rows;
}

function column(rows: string[][], name: string): string[] {
  const index = rows[0]!.indexOf(name);
  expect(index, `column ${name} in ${rows[0]!.join(",")}`).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((r) => r[index]!);
}

describe("CSV exports neutralise formula cells", () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
  });

  it("incidents.csv: a title or summary starting with = + - @ gets a leading quote, the rest unchanged", async () => {
    const rows = await readCsv(await w.memberClient.get(`/teams/${w.team.slug}/incidents.csv`), "incidents.csv");
    expect(column(rows, "title")).toContain(`'${T.incidentTitle}`);
    expect(column(rows, "summary")).toContain(T.incidentSummary); // starts with a quote character: not a formula
  });

  it("actions.csv: titles, notes, owner names and linked incident titles", async () => {
    const rows = await readCsv(await w.memberClient.get(`/teams/${w.team.slug}/action-items.csv`), "actions.csv");
    expect(column(rows, "title")).toEqual(expect.arrayContaining([`'${T.actionTitle}`, `'${T.followUpTitle}`]));
    expect(column(rows, "notes")).toContain(`'${T.actionNotes}`);
    expect(column(rows, "owner_name")).toContain(`'${T.memberName}`);
    expect(column(rows, "incident_title")).toContain(`'${T.incidentTitle}`);
  });

  it("dashboard.csv: every series, including the incident list with titles", async () => {
    const { DASHBOARD_SERIES } = await import("~/domain/dashboard");
    for (const series of DASHBOARD_SERIES) {
      const rows = await readCsv(
        await w.memberClient.get(`/teams/${w.team.slug}/dashboard.csv?series=${series}`),
        `dashboard.csv?series=${series}`,
      );
      if (series === "incident-list") expect(column(rows, "Title")).toContain(`'${T.incidentTitle}`);
    }
  });

  it("org.csv: team names in the side-by-side table", async () => {
    const { ORG_SERIES } = await import("~/domain/org");
    for (const series of ORG_SERIES) {
      const rows = await readCsv(await w.adminClient.get(`/org.csv?series=${series}`), `org.csv?series=${series}`);
      if (series === "teams") expect(column(rows, "Team")).toContain(`'${T.teamName}`);
    }
  });

  it("neutralises every formula start, including tab and carriage return, and quotes already in front", async () => {
    const starts = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "'=1+1", "''+cmd"];
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    for (const title of starts) {
      // Stored through the model as typed (forms trim; an import or older data may not).
      createActionItem(team.id, {
        title,
        ownerId: lead.id,
        dueDate: "2026-12-01",
        status: "open",
        source: "retro",
        incidentId: null,
        notes: title,
      });
    }
    const rows = await readCsv(
      await client.get(`/teams/${team.slug}/action-items.csv`),
      "actions.csv (formula starts)",
    );
    const titles = column(rows, "title");
    for (const title of starts) expect(titles, JSON.stringify(title)).toContain(`'${title}`);
  });
});
