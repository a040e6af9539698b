import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { createActionItem } from "~/models/action-items.server";
import { submitCheckInAnswers } from "~/models/answers.server";
import { loadTeamDashboard, teamWeeklyTallyQuery } from "~/models/dashboard.server";
import { createIncident } from "~/models/incidents.server";
import { Client, signedIn } from "../support/client";
import { makeTeamWithPeople, makeUser } from "../support/factories";
import { serverForFile } from "../support/server";
import { weeksAgo } from "../support/weeks";

const sqlite = () => getDb().$client;
const WEEK = 7 * 86_400_000;

type Setup = Awaited<ReturnType<typeof makeTeamWithPeople>>;
let setup: Setup;
const now = new Date();
/** The week `k` weeks before the current one, and an instant inside it. */
const week = (k: number) => {
  const w = weeksAgo(k, "UTC", now);
  return { ...w, during: new Date(w.opensAt.getTime() + 3_600_000) };
};

beforeAll(async () => {
  getDb();
  setup = await makeTeamWithPeople(5);
  const { team, lead, members } = setup;
  const people = [lead, ...members];
  const answer = (k: number, scores: number[], text: { why?: string; help?: string; appreciation?: string } = {}) =>
    scores.forEach((score, i) =>
      expect(
        submitCheckInAnswers(
          team,
          people[i]!.id,
          week(k).periodKey,
          {
            score,
            why: i === 0 ? (text.why ?? null) : null,
            help: i === 0 ? (text.help ?? null) : null,
            appreciation: i === 0 ? (text.appreciation ?? null) : null,
          },
          week(k).during,
        ),
      ).toEqual({ ok: true }),
    );
  // Nine steady weeks, then a clear dip, then a week below the threshold, then last week.
  for (let k = 12; k >= 4; k--) answer(k, [4, 4, 5, 4]);
  answer(3, [1, 2, 2, 1], { why: "The outage shook us" });
  answer(2, [1, 1], { why: "below threshold secret", help: "hidden help request" });
  answer(1, [3, 4, 4, 3, 4], {
    why: "Better handovers",
    help: "Please pair with me on the runbook",
    appreciation: "Thanks for the calm incident call",
  });
  // The week in progress: answered, but not released until it closes.
  for (const [i, p] of people.slice(0, 4).entries())
    submitCheckInAnswers(
      team,
      p.id,
      week(0).periodKey,
      { score: 5, why: i === 0 ? "open week secret" : null, help: null, appreciation: null },
      now,
    );

  const started = new Date(week(3).opensAt.getTime() + 86_400_000);
  createIncident(team.id, {
    title: "Database failover",
    severity: "SEV1",
    startedAt: started,
    detectedAt: null,
    resolvedAt: new Date(started.getTime() + 3 * 3_600_000),
    summary: null,
    postmortemUrl: null,
    postmortemPublishedAt: null,
    audit: {},
  });
  const minor = new Date(week(2).opensAt.getTime() + 86_400_000);
  createIncident(team.id, {
    title: "Slow search",
    severity: "SEV3",
    startedAt: minor,
    detectedAt: null,
    resolvedAt: new Date(minor.getTime() + 40 * 60_000),
    summary: null,
    postmortemUrl: null,
    postmortemPublishedAt: null,
    audit: {},
  });
  const due = week(5).opensAt.toISOString().slice(0, 10);
  createActionItem(team.id, {
    title: "Write the failover runbook",
    ownerId: lead.id,
    dueDate: due,
    status: "open",
    source: "postmortem",
    incidentId: null,
    notes: null,
    createdAt: week(8).during,
  });
});
const server = serverForFile(); // after the seeding, so the server starts on a seeded database

describe("team dashboard", () => {
  it("is for team members only", async () => {
    const outsider = await makeUser();
    const res = await (await signedIn(server, outsider.email)).get(`/teams/${setup.team.slug}/dashboard`);
    expect(res.status).toBe(404);
    const anonymous = await new Client(server.baseUrl).get(`/teams/${setup.team.slug}/dashboard`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("draws the charts on the server, each with a table and a CSV link", async () => {
    const client = await signedIn(server, setup.members[0]!.email);
    const res = await client.get(`/teams/${setup.team.slug}/dashboard`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const id of ["weekly", "distribution", "incidents", "actions", "quarterly"]) {
      expect(html).toContain(`data-testid="chart-${id}"`);
    }
    // Real SVG before any JavaScript runs, each chart named and summarised for screen readers (axe: svg-img-alt).
    const svgs =
      html.match(/<svg[^>]*class="chart-svg"[^>]*>\s*<title[^>]*>[^<]+<\/title>\s*<desc[^>]*>[^<]+<\/desc>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(6);
    for (const svg of svgs) {
      expect(svg).toContain('role="img"');
      const [, titleId, descId] = svg.match(/aria-labelledby="([^" ]+) ([^"]+)"/)!;
      expect(svg).toContain(`<title id="${titleId}">`);
      expect(svg).toContain(`<desc id="${descId}">`);
    }
    expect(html).toMatch(/<desc[^>]*>\d+ of 1[23] weeks released\. Latest, Week \d+/);
    expect((html.match(/<summary>Show as table<\/summary>/g) ?? []).length).toBeGreaterThanOrEqual(5);
    expect(html).toContain(`/teams/${setup.team.slug}/dashboard.csv?series=weekly&amp;period=12w`);
    // An incident marker on the line for each incident, with its severity; the one in the hidden week is drawn off the line.
    expect(html).toContain('data-severity="SEV1"');
    expect(html).toContain('data-severity="SEV3"');
    expect(html).toContain("Database failover");
  });

  it("shows unreleased and below-threshold weeks as gaps, never zeros, and never their words", async () => {
    const client = await signedIn(server, setup.members[0]!.email);
    const html = await (await client.get(`/teams/${setup.team.slug}/dashboard`)).text();
    expect(html).not.toContain("below threshold secret");
    expect(html).not.toContain("open week secret");
    // The trust line is broken into separate pieces around the gap.
    const weekly = html.slice(html.indexOf('id="trust-line"'), html.indexOf("</svg>", html.indexOf('id="trust-line"')));
    expect((weekly.match(/class="mean-line"/g) ?? []).length).toBeGreaterThanOrEqual(2);

    const csv = await client.get(`/teams/${setup.team.slug}/dashboard.csv?series=weekly&period=12w`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="team-.*-weekly-.*\.csv"/);
    const rows = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n")
      .map((r) => r.split(","));
    expect(rows[0]).toEqual(["Week", "Starts", "Status", "Mean", "95 % low", "95 % high", "n", "Participation %"]);
    const byWeek = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byWeek.get(week(2).periodKey)!.slice(2)).toEqual([
      "not enough responses (fewer than 3)",
      "",
      "",
      "",
      "",
      "",
    ]);
    expect(byWeek.get(week(0).periodKey)!.slice(2)).toEqual(["open (shown after it closes)", "", "", "", "", ""]);
    expect(byWeek.get(week(3).periodKey)!.slice(2, 4)).toEqual(["released", "1.5"]);
    expect(byWeek.get(week(3).periodKey)![6]).toBe("4");
    expect(byWeek.get(week(3).periodKey)![7]).toBe("67"); // 4 of 6 people

    const dist = await (await client.get(`/teams/${setup.team.slug}/dashboard.csv?series=distribution`)).text();
    expect(dist).toContain(`${week(3).periodKey},released,2,2,0,0,0,4`);
    expect(dist).toContain(`${week(2).periodKey},not enough responses (fewer than 3),,,,,,`);
  });

  it("the CSV carries the same numbers as the loader", async () => {
    const d = loadTeamDashboard(setup.team.id, { preset: "12w" }, new Date());
    const client = await signedIn(server, setup.lead.email);
    const csv = await (await client.get(`/teams/${setup.team.slug}/dashboard.csv?series=weekly&period=12w`)).text();
    for (const w of d.weeks.filter((x) => x.status === "released")) {
      expect(csv).toContain(`${w.periodKey},`);
      expect(csv).toContain(`,released,${Number(w.mean!.toFixed(2))},`);
    }
  });

  it("raises a dip alert and says what it is based on", async () => {
    const html = await (
      await (await signedIn(server, setup.lead.email)).get(`/teams/${setup.team.slug}/dashboard`)
    ).text();
    expect(html).toContain('data-testid="dip-alerts"');
    // Plain words first (issue #12, figure 7); the method one click away in a <details>.
    expect(html).toContain(`Week ${week(3).periodKey} averaged 1.5, clearly lower than the previous 8 released weeks`);
    const alerts = html.slice(
      html.indexOf('data-testid="dip-alerts"'),
      html.indexOf("</ul>", html.indexOf('data-testid="dip-alerts"')),
    );
    expect(alerts).toMatch(/<details[^>]*><summary>How this was decided<\/summary>[^<]*Flagged because 1\.5 is below/);
    expect(alerts.replace(/<details[\s\S]*?<\/details>/g, "")).not.toMatch(/control band|interval/);
    // Week 1 (mean 3.6) is inside the band widened by the dip, so it is not an alert.
    expect(html).not.toContain(`Week ${week(1).periodKey} averaged`);
  });

  it("answers a bad period with 400 and a message beside the field", async () => {
    const client = await signedIn(server, setup.lead.email);
    const bad = await client.get(`/teams/${setup.team.slug}/dashboard?period=forever`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Choose last 12 weeks, last 6 months, last year, all history or custom dates");
    const badDate = await client.get(`/teams/${setup.team.slug}/dashboard?period=custom&from=2026-02-30&to=2026-03-31`);
    expect(badDate.status).toBe(400);
    const text = await badDate.text();
    expect(text).toContain("Enter a date like 2026-01-31");
    expect(text).toContain('value="2026-02-30"'); // what was typed is kept
    expect(text).toContain('value="2026-03-31"');
    const noEnd = await client.get(`/teams/${setup.team.slug}/dashboard?period=custom&from=2026-02-01`);
    expect(noEnd.status).toBe(400);
    expect(await noEnd.text()).toContain("Enter the last day of the period");
    const future = await client.get(`/teams/${setup.team.slug}/dashboard?period=custom&from=2099-01-01&to=2099-02-01`);
    expect(future.status).toBe(400);
    expect(await future.text()).toContain("The period cannot start in the future");
    const csvBad = await client.get(`/teams/${setup.team.slug}/dashboard.csv?series=everything`);
    expect(csvBad.status).toBe(400);
    expect(await csvBad.text()).toContain("Choose a series: weekly, distribution");
  });

  it("custom dates and every preset render", async () => {
    const client = await signedIn(server, setup.lead.email);
    for (const q of [
      "period=6m",
      "period=1y",
      "period=all",
      `period=custom&from=${week(6).opensAt.toISOString().slice(0, 10)}&to=${week(1).opensAt.toISOString().slice(0, 10)}`,
    ]) {
      const res = await client.get(`/teams/${setup.team.slug}/dashboard?${q}`);
      expect(res.status, q).toBe(200);
      expect(await res.text()).toContain('data-testid="chart-weekly"');
    }
  });
});

describe("retro view", () => {
  it("shows what changed, the charts, released comments only, items and the checklist, in large type", async () => {
    const client = await signedIn(server, setup.members[1]!.email);
    const res = await client.get(`/teams/${setup.team.slug}/retro?weeks=2&until=${week(1).periodKey}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('class="retro-view');
    expect(html).toContain('data-testid="retro-trust-change"');
    expect(html).toContain("released week"); // the basis of the comparison is spelled out
    expect(html).toContain("Please pair with me on the runbook");
    expect(html).toContain("Thanks for the calm incident call");
    expect(html).toContain("Better handovers");
    expect(html).not.toContain("hidden help request");
    expect(html).not.toContain("below threshold secret");
    expect(html).not.toContain("open week secret");
    expect(html).toContain("Write the failover runbook");
    expect(html).toContain("overdue");
    expect(html).toContain("Trust-recovery checklist");
    expect(html).toContain("Blameless postmortem held with all stakeholders");
    expect(html).toContain('data-testid="chart-retro-weekly"');
    // Members read; only leads get the form.
    expect(html).not.toContain("Make this an action item");
  });

  it("compares the period with the one before, with the intervals in mind", async () => {
    const client = await signedIn(server, setup.lead.email);
    // Week 3 (1.5) against week 4 (4.25): the intervals separate.
    const html = await (await client.get(`/teams/${setup.team.slug}/retro?weeks=1&until=${week(3).periodKey}`)).text();
    expect(html).toContain("clearly lower");
    // Weeks 2–1 (only week 1 released, 3.6) against weeks 4–3 (2.9 pooled, wide): overlapping intervals, so no claim.
    const later = await (await client.get(`/teams/${setup.team.slug}/retro?weeks=2&until=${week(1).periodKey}`)).text();
    expect(later).toContain("no clear change");
  });

  it("rejects a week that has not ended with 400 and a message", async () => {
    const client = await signedIn(server, setup.lead.email);
    const res = await client.get(`/teams/${setup.team.slug}/retro?until=${week(0).periodKey}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Choose a week that has ended");
    const weeks = await client.get(`/teams/${setup.team.slug}/retro?weeks=40`);
    expect(weeks.status).toBe(400);
    expect(await weeks.text()).toContain("Choose 1 to 13 weeks");
  });

  it("lets a lead turn a help request into an action item without learning who wrote it", async () => {
    const { team, lead, members } = setup;
    const leadClient = await signedIn(server, lead.email);
    const url = `/teams/${team.slug}/retro?weeks=2&until=${week(1).periodKey}`;
    const html = await (await leadClient.get(url)).text();
    expect(html).toContain("Make this an action item");
    // The form carries the words and a derived comment key only: no response key, no cycle, no person.
    const helpSection = html.slice(html.indexOf('data-testid="help-comments"'));
    const form = helpSection.slice(
      helpSection.indexOf("Make this an action item"),
      helpSection.indexOf("Create action item"),
    );
    expect([...form.matchAll(/name="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual([
      "commentKey",
      "dueDate",
      "intent",
      "ownerId",
      "title",
    ]);
    const commentKey = /name="commentKey" value="([0-9a-f]{32})"/.exec(form)![1]!;
    const responseIds = (sqlite().prepare("select id from check_in_responses").all() as { id: string }[]).map(
      (r) => r.id,
    );
    expect(responseIds).not.toContain(commentKey);
    for (const id of responseIds) expect(html).not.toContain(id);

    const memberClient = await signedIn(server, members[0]!.email);
    const forbidden = await memberClient.post(url, {
      intent: "action-from-comment",
      commentKey,
      title: "Please pair with me on the runbook",
      ownerId: lead.id,
      dueDate: "2030-01-10",
    });
    expect(forbidden.status).toBe(403);

    const wrongIntent = await leadClient.post(url, { intent: "delete-everything", title: "x" });
    expect(wrongIntent.status).toBe(400);
    expect(await wrongIntent.text()).toContain("This form could not be read. Reload the page and try again.");

    const missingOwner = await leadClient.post(url, {
      intent: "action-from-comment",
      commentKey,
      title: "Please pair with me on the runbook",
      ownerId: "",
      dueDate: "2030-01-10",
    });
    expect(missingOwner.status).toBe(400);
    const failed = await missingOwner.text();
    expect(failed).toContain("Choose an owner");
    expect(failed).toContain('value="Please pair with me on the runbook"');

    const created = await leadClient.post(url, {
      intent: "action-from-comment",
      commentKey,
      title: "Please pair with me on the runbook",
      ownerId: members[2]!.id,
      dueDate: "2030-01-10",
    });
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe(url);
    const row = sqlite()
      .prepare(
        "select title, owner_id, due_date, status, source, incident_id, notes from action_items where team_id = ? and source = 'trust_check'",
      )
      .get(team.id);
    expect(row).toEqual({
      title: "Please pair with me on the runbook",
      owner_id: members[2]!.id,
      due_date: "2030-01-10",
      status: "open",
      source: "trust_check",
      incident_id: null,
      notes: "From a help request in a weekly trust check (anonymous).",
    });
    const flash = await (await leadClient.get(url)).text();
    expect(flash).toContain("Action item created from a help request.");
  });
});

describe("speed: the dashboard queries use the indexes", () => {
  it("reads weekly tallies through cycles_team_kind_opens and the covering (cycle_id, score) index", () => {
    const { sql, params } = teamWeeklyTallyQuery(setup.team.id, new Date(now.getTime() - 260 * WEEK), now).toSQL();
    const plan = (
      sqlite()
        .prepare(`explain query plan ${sql}`)
        .all(...params.map((p) => (p instanceof Date ? p.getTime() : p))) as { detail: string }[]
    ).map((r) => r.detail);
    expect(
      plan.some((d) =>
        /SEARCH cycles USING INDEX cycles_team_kind_opens \(team_id=\? AND kind=\? AND opens_at>\? AND opens_at<\?\)/.test(
          d,
        ),
      ),
    ).toBe(true);
    expect(
      plan.some((d) =>
        /SEARCH check_in_responses USING COVERING INDEX check_in_responses_cycle_score \(cycle_id=\?\)/.test(d),
      ),
    ).toBe(true);
    expect(plan.some((d) => /^SCAN (cycles|check_in_responses)\b/.test(d))).toBe(false);
  });
});

describe("page JavaScript", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const buildDir = path.join(root, "public/build");
  const manifestFile = fs.readdirSync(buildDir).find((f) => /^manifest-.*\.js$/.test(f))!;
  const manifest = JSON.parse(
    fs
      .readFileSync(path.join(buildDir, manifestFile), "utf8")
      .replace(/^window.__remixManifest=/, "")
      .replace(/;\s*$/, ""),
  ) as {
    entry: { module: string; imports: string[] };
    routes: Record<string, { module: string; imports?: string[] }>;
  };
  const read = (file: string) => fs.readFileSync(path.join(root, "public", file));
  /** Every file a page with these routes loads, as bench/run.ts counts them (static imports followed). */
  const pageFiles = (ids: string[]) => {
    const queue = [manifest.entry.module, ...manifest.entry.imports];
    for (const id of ids) queue.push(manifest.routes[id]!.module, ...(manifest.routes[id]!.imports ?? []));
    const seen = new Set(queue);
    for (let i = 0; i < queue.length; i++) {
      for (const [, spec] of read(queue[i]!)
        .toString("utf8")
        .matchAll(/(?:\bfrom\s*|\bimport\s*)["']([^"']+\.js)["']/g)) {
        const next = spec!.startsWith("/") ? spec! : path.posix.join(path.posix.dirname(queue[i]!), spec!);
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return queue;
  };

  // Issue #16: 315.7 KB gzip with recharts (and zod, pulled in by shared domain modules).
  it("of the dashboard is at most 120 KB gzip, with neither recharts nor zod", () => {
    const files = pageFiles(["root", "routes/teams.$slug", "routes/teams.$slug.dashboard"]);
    const gzip = files.reduce((a, f) => a + zlib.gzipSync(read(f)).length, 0);
    expect(gzip).toBeLessThanOrEqual(120_000);
    for (const f of files) {
      expect(read(f).toString("utf8"), f).not.toMatch(/recharts|ZodError/);
    }
  });

  it("of no page carries recharts", () => {
    for (const id of Object.keys(manifest.routes)) {
      for (const f of pageFiles([id])) expect(read(f).toString("utf8"), `${id}: ${f}`).not.toMatch(/recharts/);
    }
  });

  // Issue #13 item 6, docs/decisions/0010: schemas live in .server modules. forms.test.ts checks the pages with a form;
  // this checks every page: the org page (no action) was the last to ship the 93 KB gzip zod chunk, through its list query.
  it("of no page carries zod", () => {
    for (const id of Object.keys(manifest.routes)) {
      for (const f of pageFiles([id])) expect(read(f).toString("utf8"), `${id}: ${f}`).not.toMatch(/ZodError/);
    }
  });
});
