import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { cycleStatus, quarterlyCycleAt, quarterlyCycleByKey, weekDays, type CycleWindow } from "~/domain/cycles";
import { DEFAULT_SURVEY_BANK } from "~/domain/survey-bank";
import { submitSurveyAnswers, submitCheckInAnswers } from "~/models/answers.server";
import { loadOrgRollup } from "~/models/org.server";
import {
  orgActionItemQuery,
  orgIncidentQuery,
  orgQuarterlyCountQuery,
  orgWeeklyTallyQuery,
} from "~/models/org-queries.server";
import { signedIn } from "../support/client";
import { makeTeamWithPeople, makeUser } from "../support/factories";
import { serverForFile } from "../support/server";
import { weeksAgo } from "../support/weeks";

const sqlite = () => getDb().$client;
const WEEK = 7 * 86_400_000;
const now = new Date();
const week = (k: number) => {
  const w = weeksAgo(k, "UTC", now);
  return { ...w, during: new Date(w.opensAt.getTime() + 3_600_000) };
};
/** The most recent quarterly survey window that has closed. */
function lastClosedQuarter(): CycleWindow {
  const current = quarterlyCycleAt(now, "UTC", 14);
  if (cycleStatus(current, now) === "closed") return current;
  const [y, q] = current.periodKey.split("-Q").map(Number) as [number, number];
  return quarterlyCycleByKey(q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`, "UTC", 14)!;
}

type Team = Awaited<ReturnType<typeof makeTeamWithPeople>>;
let alpha: Team, beta: Team, small: Team, strict: Team;
let admin: Awaited<ReturnType<typeof makeUser>>;

function answerWeek(t: Team, k: number, scores: number[]) {
  const people = [t.lead, ...t.members];
  scores.forEach((score, i) =>
    expect(
      submitCheckInAnswers(
        t.team,
        people[i]!.id,
        week(k).periodKey,
        { score, why: null, help: null, appreciation: null },
        week(k).during,
      ),
    ).toEqual({ ok: true }),
  );
}

function answerSurvey(t: Team, count: number, value: number) {
  const q = lastClosedQuarter();
  const people = [t.lead, ...t.members];
  for (let i = 0; i < count; i++) {
    const answers = Object.fromEntries(DEFAULT_SURVEY_BANK.map((item) => [item.id, value]));
    expect(
      submitSurveyAnswers(
        t.team,
        people[i]!.id,
        q.periodKey,
        { answers, comment: null },
        new Date(q.opensAt.getTime() + 3_600_000),
      ),
    ).toEqual({ ok: true });
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

beforeAll(async () => {
  getDb();
  admin = await makeUser({ isAdmin: true, displayName: "Org Admin" });
  alpha = await makeTeamWithPeople(4, { name: "Alpha" });
  beta = await makeTeamWithPeople(5, { name: "Beta" });
  small = await makeTeamWithPeople(2, { name: "Small" });
  strict = await makeTeamWithPeople(5, { name: "Strict", threshold: 5 });
  // Last week: Alpha and Beta are released; Small (2 answers) and Strict (4 < its threshold 5) are hidden.
  answerWeek(alpha, 1, [4, 4, 5, 3]);
  answerWeek(beta, 1, [2, 3, 3, 2, 3]);
  answerWeek(small, 1, [1, 1]);
  answerWeek(strict, 1, [5, 5, 5, 5]);
  // The week before: only Small is hidden.
  answerWeek(alpha, 2, [3, 3, 4]);
  answerWeek(beta, 2, [4, 4, 4]);
  answerWeek(small, 2, [1, 2]);
  answerWeek(strict, 2, [2, 3, 3, 2, 3]);
  answerSurvey(alpha, 4, 4);
  answerSurvey(small, 2, 1);
});
const server = serverForFile(); // after the seeding, so the server starts on a seeded database

describe("org rollup access", () => {
  it("is for admins only", async () => {
    const lead = await signedIn(server, alpha.lead.email);
    expect((await lead.get("/org")).status).toBe(403);
    expect((await lead.get("/org.csv?series=teams")).status).toBe(403);
    const adminClient = await signedIn(server, admin.email);
    const res = await adminClient.get("/org");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data-testid="chart-org-trend"');
  });

  it("answers a bad trend length with 400 and a message", async () => {
    const client = await signedIn(server, admin.email);
    const res = await client.get("/org?weeks=13");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Choose 12, 26, 52 weeks");
  });
});

describe("org rollup: hidden teams stay hidden", () => {
  it("shows every team side by side, hidden teams as hidden", async () => {
    const html = await (await (await signedIn(server, admin.email)).get("/org")).text();
    const row = (t: Team) => html.match(new RegExp(`<tr data-team="${t.team.slug}">([\\s\\S]*?)</tr>`))![1]!;
    expect(row(alpha)).toContain("4.00");
    expect(row(beta)).toContain("2.60");
    expect(row(small)).toContain(">hidden<");
    expect(row(small)).not.toContain("1.00");
    expect(row(strict)).toContain(">hidden<");
    expect(row(strict)).not.toContain("5.00");
    // Quarterly: Alpha released with 4 answers; Small hidden with 2.
    expect(row(alpha)).toContain(lastClosedQuarter().periodKey);
    expect(row(alpha)).toMatch(/n = (<!-- -->)?4/);
    expect(row(small).match(/>hidden</g)).toHaveLength(2);
  });

  it("the org-wide weekly figure minus the visible teams leaves exactly nothing", async () => {
    const rollup = loadOrgRollup(now);
    const last = rollup.trend.find((p) => p.periodKey === week(1).periodKey)!;
    const visible = [
      [4, 4, 5, 3],
      [2, 3, 3, 2, 3],
    ];
    expect(last.teamsIncluded).toBe(2);
    expect(last.teamsHidden).toBe(2);
    expect(last.n).toBe(9);
    expect(last.n - sum(visible.map((v) => v.length))).toBe(0);
    expect(last.mean! * last.n - sum(visible.flat())).toBeCloseTo(0, 9);

    // Exactly one team hidden: the figure is the three visible teams, not a byte of Small.
    const before = rollup.trend.find((p) => p.periodKey === week(2).periodKey)!;
    expect(before.teamsHidden).toBe(1);
    const visibleBefore = [
      [3, 3, 4],
      [4, 4, 4],
      [2, 3, 3, 2, 3],
    ];
    expect(before.n).toBe(11);
    expect(before.mean! * before.n - sum(visibleBefore.flat())).toBeCloseTo(0, 9);

    // The CSV says the same.
    const csv = await (await (await signedIn(server, admin.email)).get("/org.csv?series=trend")).text();
    expect(csv).toContain(
      `${week(1).periodKey},${weekDays(week(1).periodKey)!.range},${Number(last.mean!.toFixed(2))},`,
    );
    expect(csv).toMatch(new RegExp(`${week(1).periodKey},[^\\r]*,9,2,2\\r`));
  });

  it("no figure changes, whatever the hidden teams answered", async () => {
    const adminClient = await signedIn(server, admin.email);
    const snapshot = async () => ({
      rollup: loadOrgRollup(now),
      teams: await (await adminClient.get("/org.csv?series=teams")).text(),
      trend: await (await adminClient.get("/org.csv?series=trend")).text(),
    });
    const before = await snapshot();
    // Rewrite the hidden teams' stored answers (as if they had answered differently).
    const hiddenCycles = sqlite()
      .prepare("select id from cycles where team_id in (?, ?) and kind = 'weekly' and period_key in (?, ?)")
      .all(small.team.id, strict.team.id, week(1).periodKey, week(2).periodKey) as { id: number }[];
    const strictWeek2 = sqlite()
      .prepare("select id from cycles where team_id = ? and period_key = ?")
      .get(strict.team.id, week(2).periodKey) as { id: number };
    for (const c of hiddenCycles)
      if (c.id !== strictWeek2.id)
        sqlite().prepare("update check_in_responses set score = 5 where cycle_id = ?").run(c.id);
    const smallQuarter = sqlite()
      .prepare("select id from cycles where team_id = ? and kind = 'quarterly'")
      .get(small.team.id) as { id: number };
    sqlite()
      .prepare("update survey_responses set answers = ? where cycle_id = ?")
      .run(JSON.stringify(Object.fromEntries(DEFAULT_SURVEY_BANK.map((i) => [i.id, 5]))), smallQuarter.id);
    const after = await snapshot();
    expect(after.rollup).toEqual(before.rollup);
    expect(after.teams).toBe(before.teams);
    expect(after.trend).toBe(before.trend);

    // A released team's answers do move the figure, so the comparison above could fail.
    const alphaWeek = sqlite()
      .prepare("select id from cycles where team_id = ? and period_key = ?")
      .get(alpha.team.id, week(1).periodKey) as { id: number };
    sqlite().prepare("update check_in_responses set score = 1 where cycle_id = ?").run(alphaWeek.id);
    expect(loadOrgRollup(now).trend).not.toEqual(before.rollup.trend);
  });
});

describe("speed: the org rollup reads every team in one indexed query per figure", () => {
  const plan = (q: { toSQL(): { sql: string; params: unknown[] } }) => {
    const { sql, params } = q.toSQL();
    return (
      sqlite()
        .prepare(`explain query plan ${sql}`)
        .all(...params.map((p) => (p instanceof Date ? p.getTime() : p))) as { detail: string }[]
    ).map((r) => r.detail);
  };

  it("weekly: teams ⨝ cycles on cycles_team_kind_opens ⨝ the covering (cycle_id, score) index", () => {
    const details = plan(orgWeeklyTallyQuery(new Date(now.getTime() - 12 * WEEK), now, now));
    expect(
      details.some((d) =>
        /SEARCH cycles USING INDEX cycles_team_kind_opens \(team_id=\? AND kind=\? AND opens_at>\? AND opens_at<\?\)/.test(
          d,
        ),
      ),
    ).toBe(true);
    expect(
      details.some((d) =>
        /SEARCH check_in_responses USING COVERING INDEX check_in_responses_cycle_score \(cycle_id=\?\)/.test(d),
      ),
    ).toBe(true);
    expect(details.some((d) => /^SCAN (cycles|check_in_responses)\b/.test(d))).toBe(false);
  });

  it("quarterly, incidents and action items use their team indexes too", () => {
    const quarterly = plan(orgQuarterlyCountQuery(new Date(now.getTime() - 200 * 86_400_000), now));
    expect(quarterly.some((d) => d.includes("SEARCH cycles USING INDEX cycles_team_kind_opens"))).toBe(true);
    expect(quarterly.some((d) => d.includes("USING COVERING INDEX survey_responses_cycle"))).toBe(true);
    expect(
      plan(orgIncidentQuery(new Date(now.getTime() - 90 * 86_400_000), now)).some((d) =>
        d.includes("SEARCH incidents USING INDEX incidents_team_started"),
      ),
    ).toBe(true);
    expect(
      plan(orgActionItemQuery("2026-01-01", "2026-03-31")).some((d) =>
        d.includes("SEARCH action_items USING INDEX action_items_team_due"),
      ),
    ).toBe(true);
    for (const details of [quarterly]) expect(details.some((d) => /^SCAN cycles\b/.test(d))).toBe(false);
  });
});
