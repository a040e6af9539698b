import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { ORG_PAGE_SIZE } from "~/domain/org-list";
import { signedIn } from "../support/client";
import { makeTeam, makeTeamWithPeople, makeUser } from "../support/factories";
import { serverForFile } from "../support/server";
import { weeksAgo } from "../support/weeks";
import { answerCheckIn } from "../support/answers";

/**
 * The org page at scale: one page of teams per view, searched and sorted on the server
 * with plain links and a GET form (no JavaScript), and hidden teams hidden in every order.
 */

const now = new Date();
const lastWeek = weeksAgo(1, "UTC", now);
const FILLER = 120;

type Team = Awaited<ReturnType<typeof makeTeamWithPeople>>;
let admin: Awaited<ReturnType<typeof makeUser>>;
let high: Team, low: Team, secret: Team;

function answer(t: Team, scores: number[]) {
  answerCheckIn(t, lastWeek, scores);
}

beforeAll(async () => {
  getDb();
  admin = await makeUser({ isAdmin: true });
  // Names sort high and low among the fillers ("Team 000" … "Team 119").
  high = await makeTeamWithPeople(3, { name: "Aardvarks", timeZone: "UTC" });
  low = await makeTeamWithPeople(3, { name: "Zebras", timeZone: "UTC" });
  // Hidden: only two answers (threshold 3), all of them 5s — the highest of any team.
  secret = await makeTeamWithPeople(3, { name: "Mongooses", timeZone: "UTC" });
  answer(high, [5, 4, 5]);
  answer(low, [1, 2, 1]);
  answer(secret, [5, 5]);
  for (let i = 0; i < FILLER; i++) makeTeam({ name: `Team ${String(i).padStart(3, "0")}`, timeZone: "UTC" });
});
const server = serverForFile();

/** The page's text as read: React's <!-- --> between adjacent text parts removed. */
const plain = (html: string) => html.replace(/<!-- -->/g, "");
const rowsOf = (html: string) => [...html.matchAll(/<tr data-team="([^"]+)">/g)].map((m) => m[1]!);

describe("org page: paged, sorted and searchable without JavaScript", () => {
  it("sends one page of teams, a pager with plain links, and a small page", async () => {
    const client = await signedIn(server, admin.email);
    const res = await client.get("/org");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(rowsOf(html)).toHaveLength(ORG_PAGE_SIZE);
    expect(plain(html)).toContain(`Teams (${FILLER + 3})`);
    expect(plain(html)).toContain(`Teams 1–50 of ${FILLER + 3}`);
    expect(html).toContain('href="/org?page=2"');
    // The whole document, loader data included, is a fraction of the 123 teams' worth.
    expect(html.length).toBeLessThan(150_000);
    const data = await client.get("/org?_data=routes%2Forg");
    const json = (await data.json()) as { view: { rollup: { teams: unknown[] }; teamCount: number } };
    expect(json.view.rollup.teams).toHaveLength(ORG_PAGE_SIZE);
    expect(json.view.teamCount).toBe(FILLER + 3);

    const last = await (await client.get("/org?page=3")).text();
    expect(rowsOf(last)).toHaveLength(FILLER + 3 - 2 * ORG_PAGE_SIZE);
    expect(last).toContain('href="/org?page=2"');
    expect(last).not.toContain('rel="next"');
    // A page past the end shows the last page rather than nothing.
    expect(rowsOf(await (await client.get("/org?page=99")).text())).toEqual(rowsOf(last));
  });

  it("searches by name with a GET form and keeps the search in every link", async () => {
    const client = await signedIn(server, admin.email);
    const html = await (await client.get("/org?q=zebr")).text();
    expect(rowsOf(html)).toEqual([low.team.slug]);
    expect(html).toContain('name="q"');
    expect(html).toContain('value="zebr"');
    expect(html).toContain('href="/org?q=zebr&amp;sort=week"');
    const none = await (await client.get("/org?q=nothing-like-this")).text();
    expect(rowsOf(none)).toEqual([]);
    expect(plain(none)).toContain("Teams 0–0 of 0");
  });

  it("sorts by a column both ways; ties and missing values by name", async () => {
    const client = await signedIn(server, admin.email);
    const byName = rowsOf(await (await client.get("/org")).text());
    expect(byName[0]).toBe(high.team.slug);
    const byNameDesc = rowsOf(await (await client.get("/org?dir=desc")).text());
    expect(byNameDesc[0]).toBe(low.team.slug);
    const byWeek = rowsOf(await (await client.get("/org?sort=week")).text());
    expect(byWeek.slice(0, 2)).toEqual([low.team.slug, high.team.slug]);
    const byWeekDesc = rowsOf(await (await client.get("/org?sort=week&dir=desc")).text());
    expect(byWeekDesc.slice(0, 2)).toEqual([high.team.slug, low.team.slug]);
  });

  it("keeps a hidden team hidden in every order: never placed by its answers", async () => {
    const client = await signedIn(server, admin.email);
    for (const dir of ["asc", "desc"]) {
      const html = await (await client.get(`/org?sort=week&dir=${dir}&q=o`)).text();
      const rows = rowsOf(html);
      // "o" matches Mongooses and no filler; the hidden team comes after the shown ones, both ways.
      expect(rows).toContain(secret.team.slug);
      expect(rows.indexOf(secret.team.slug)).toBeGreaterThan(rows.indexOf(high.team.slug));
      const row = html.match(new RegExp(`<tr data-team="${secret.team.slug}">([\\s\\S]*?)</tr>`))![1]!;
      expect(row).toContain(">hidden<");
      expect(row).not.toContain("5.00");
    }
    const json = await (await client.get("/org?q=mongoose&_data=routes%2Forg")).text();
    expect(json).toContain(secret.team.slug);
    expect(json).not.toMatch(/"mean":5[,}]/);
    expect(json).not.toMatch(/"n":2[,}]/);
  });

  it("answers bad list parameters with 400 and a message, keeping the search typed", async () => {
    const client = await signedIn(server, admin.email);
    for (const [q, message] of [
      ["sort=colour&q=zeb", "Sort by one of"],
      ["dir=up&q=zeb", "Order is asc or desc"],
      ["page=0&q=zeb", "Page is a whole number from 1"],
      ["page=two&q=zeb", "Page is a whole number from 1"],
      [`q=${"x".repeat(101)}`, "Search for at most 100 characters"],
    ] as const) {
      const res = await client.get(`/org?${q}`);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('aria-invalid="true"');
      if (q.includes("q=zeb")) expect(html).toContain('value="zeb"');
    }
  });
});
