import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { cycleStatus, quarterlyCycleAt, quarterlyCycleByKey, weeklyCycleAt, type CycleWindow } from "~/domain/cycles";
import { DEFAULT_SURVEY_BANK } from "~/domain/survey-bank";
import { effectiveThreshold, MIN_THRESHOLD } from "~/domain/threshold";
import { closeFinishedCycles } from "~/models/aggregates.server";
import { submitCheckInAnswers, submitSurveyAnswers } from "~/models/answers.server";
import { loadTeamDashboard } from "~/models/dashboard.server";
import { loadOrgRollup } from "~/models/org.server";
import { signedIn } from "../support/client";
import { makeTeamWithPeople } from "../support/factories";
import { serverForFile } from "../support/server";
import { answerCheckIn } from "../support/answers";

/**
 * Released weeks are counted once, when they close, into weekly_aggregates; the figures
 * read from there are the figures counted from the answers, and no GET writes anything.
 */

const sqlite = () => getDb().$client;
const now = new Date();
/** The k-th calendar week before this one on the zone's clock (7 × 24 h back can land in the same week across a DST change). */
const week = (k: number, zone = "UTC"): CycleWindow => {
  let w = weeklyCycleAt(now, zone);
  for (let i = 0; i < k; i++) w = weeklyCycleAt(new Date(w.opensAt.getTime() - 1), zone);
  return w;
};

type Team = Awaited<ReturnType<typeof makeTeamWithPeople>>;
let a: Team, b: Team, strict: Team;
let before: { dashboard: unknown; org12: unknown; org52: unknown };

function answer(t: Team, k: number, scores: number[]) {
  answerCheckIn(t, week(k, t.team.timeZone), scores);
}

const aggregates = () => sqlite().prepare("select * from weekly_aggregates order by cycle_id").all();
const counts = () => sqlite().prepare("select id, member_count_at_close from cycles order by id").all();

beforeAll(async () => {
  getDb();
  a = await makeTeamWithPeople(4, { name: "Alpha", timeZone: "Europe/Berlin" });
  b = await makeTeamWithPeople(5, { name: "Beta", timeZone: "America/Los_Angeles" });
  strict = await makeTeamWithPeople(5, { name: "Strict", threshold: 5, timeZone: "Asia/Kolkata" });
  for (let k = 1; k <= 14; k++) {
    answer(a, k, [1 + (k % 5), 3, 4, 5].slice(0, 3 + (k % 2)));
    answer(b, k, [2, 2, 3, 5, 4].slice(0, 2 + (k % 4)));
    answer(strict, k, [5, 4, 4, 3, 5].slice(0, 4 + (k % 2)));
  }
  // Nothing is aggregated yet: every figure below is counted from the answers, in memory.
  expect(aggregates()).toHaveLength(0);
  before = {
    dashboard: loadTeamDashboard(a.team.id, { preset: "12w" }, now),
    org12: loadOrgRollup(now, 12),
    org52: loadOrgRollup(now, 52),
  };
  expect(aggregates()).toHaveLength(0);
  expect(counts().every((c) => (c as { member_count_at_close: number | null }).member_count_at_close === null)).toBe(
    true,
  );
});
// Starts after the seeding: its start-up pass aggregates the closed weeks.
// No tick during the file: the GET test below must see only what the GETs do.
const server = serverForFile({ CLOSE_CYCLES_EVERY_SECONDS: "86400" });

describe("weekly aggregates", () => {
  it("are written at server start for every closed week, with the member count at close", () => {
    const rows = aggregates() as { team_id: number; member_count: number; d1: number }[];
    expect(rows).toHaveLength(3 * 14);
    expect(rows.filter((r) => r.team_id === a.team.id).every((r) => r.member_count === 5)).toBe(true);
    // The open week has none.
    const open = sqlite()
      .prepare("select count(*) as n from weekly_aggregates w join cycles c on c.id = w.cycle_id where c.closes_at > ?")
      .get(Date.now()) as { n: number };
    expect(open.n).toBe(0);
  });

  it("give exactly the figures counted from the answers (dashboard, org 12 and 52 weeks)", () => {
    expect(loadTeamDashboard(a.team.id, { preset: "12w" }, now)).toEqual(before.dashboard);
    expect(loadOrgRollup(now, 12)).toEqual(before.org12);
    expect(loadOrgRollup(now, 52)).toEqual(before.org52);
  });

  it("follow a stored answer that changes after close (triggers recount the cycle)", () => {
    const cycle = sqlite()
      .prepare("select id from cycles where team_id = ? and period_key = ?")
      .get(a.team.id, week(1, a.team.timeZone).periodKey) as { id: number };
    const was = loadTeamDashboard(a.team.id, { preset: "12w" }, now).weeks.at(-2)!;
    expect(was.status).toBe("released");
    sqlite().prepare("update check_in_responses set score = 1 where cycle_id = ?").run(cycle.id);
    const row = sqlite().prepare("select d1, d2, d3, d4, d5 from weekly_aggregates where cycle_id = ?").get(cycle.id);
    expect(Object.values(row as object).reduce((x: number, y) => x + (y as number), 0)).toBe(was.n);
    expect(row).toMatchObject({ d1: was.n });
    expect(loadTeamDashboard(a.team.id, { preset: "12w" }, now).weeks.at(-2)!.mean).toBe(1);
  });

  it("follow an answer stored into a week that already has its aggregate (a backdated write)", () => {
    // Week 2 of Beta: 4 of its 6 people answered (2, 2, 3, 5); its aggregate was written at start.
    const cycle = sqlite()
      .prepare("select id from cycles where team_id = ? and period_key = ?")
      .get(b.team.id, week(2, b.team.timeZone).periodKey) as { id: number };
    const row = () =>
      sqlite().prepare("select d1, d2, d3, d4, d5 from weekly_aggregates where cycle_id = ?").get(cycle.id);
    expect(row()).toEqual({ d1: 0, d2: 2, d3: 1, d4: 0, d5: 1 });
    const during = new Date(week(2, b.team.timeZone).opensAt.getTime() + 3_600_000);
    const person = b.members[3]!;
    const answer = { score: 1, why: null, help: null, appreciation: null };
    expect(submitCheckInAnswers(b.team, person.id, week(2, b.team.timeZone).periodKey, answer, during)).toEqual({
      ok: true,
    });
    expect(row()).toEqual({ d1: 1, d2: 2, d3: 1, d4: 0, d5: 1 });
  });

  it("are not recounted once per row of a week being rewritten: only the update trigger is left", () => {
    // Migration 0009: the answer path recounts once per answer instead (decision 0025).
    const triggers = sqlite()
      .prepare("select name from sqlite_master where type = 'trigger' and tbl_name = 'check_in_responses'")
      .pluck()
      .all();
    expect(triggers).toEqual(["weekly_aggregates_after_update"]);
  });

  it("are written by the scheduler's tick for weeks that close later, once", () => {
    answer(a, 0, [4, 4, 5]);
    expect(closeFinishedCycles(now)).toEqual({ aggregated: 0, counted: 0 });
    const later = new Date(week(0, a.team.timeZone).closesAt.getTime() + 3_600_000);
    expect(closeFinishedCycles(later)).toEqual({ aggregated: 1, counted: 1 });
    const row = sqlite()
      .prepare(
        "select w.d4, w.d5, w.member_count from weekly_aggregates w join cycles c on c.id = w.cycle_id where c.team_id = ? and c.period_key = ?",
      )
      .get(a.team.id, week(0, a.team.timeZone).periodKey);
    expect(row).toEqual({ d4: 2, d5: 1, member_count: 5 });
    expect(closeFinishedCycles(later)).toEqual({ aggregated: 0, counted: 0 });
  });

  it("the SQL gate applies the same threshold as the domain", () => {
    for (const t of [3, 4, 5, 7, 12]) {
      const sqlThreshold = (sqlite().prepare("select max(?, ?) as k").get(MIN_THRESHOLD, t) as { k: number }).k;
      expect(sqlThreshold).toBe(effectiveThreshold(t));
    }
  });
});

/** The most recent quarterly survey window that has closed. */
function lastClosedQuarter(zone: string): CycleWindow {
  const current = quarterlyCycleAt(now, zone, 14);
  if (cycleStatus(current, now) === "closed") return current;
  const [y, q] = current.periodKey.split("-Q").map(Number) as [number, number];
  return quarterlyCycleByKey(q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`, zone, 14)!;
}

describe("closed quarters' results kept in memory", () => {
  it("are dropped as soon as any survey answer changes, in any process", () => {
    const q = lastClosedQuarter(strict.team.timeZone);
    const people = [strict.lead, ...strict.members];
    for (const person of people) {
      const answers = Object.fromEntries(DEFAULT_SURVEY_BANK.map((item) => [item.id, 4]));
      expect(
        submitSurveyAnswers(
          strict.team,
          person.id,
          q.periodKey,
          { answers, comment: null },
          new Date(q.opensAt.getTime() + 3_600_000),
        ),
      ).toEqual({ ok: true });
    }
    const row = () => loadOrgRollup(now).teams.find((t) => t.id === strict.team.id)!.quarter!;
    const first = row();
    expect(first.status).toBe("released");
    expect(row()).toEqual(first); // from memory the second time
    const dash = () =>
      loadTeamDashboard(strict.team.id, { preset: "12w" }, now).quarters.find((x) => x.periodKey === q.periodKey)!;
    const firstDash = dash();
    expect(firstDash.status).toBe("released");
    // Rewrite the stored answers behind the app's back (as another process might).
    sqlite()
      .prepare(
        "update survey_responses set answers = ? where cycle_id = (select id from cycles where team_id = ? and kind = 'quarterly')",
      )
      .run(JSON.stringify(Object.fromEntries(DEFAULT_SURVEY_BANK.map((i) => [i.id, 2]))), strict.team.id);
    expect(row().components).not.toEqual(first.components);
    expect(dash().components).not.toEqual(firstDash.components);
  });
});

describe("a GET writes nothing", () => {
  it("the dashboard and team home leave member counts and aggregates as they were", async () => {
    // A week closed but not yet counted: the old dashboard GET would have written its count.
    sqlite().prepare("update cycles set member_count_at_close = null where team_id = ?").run(b.team.id);
    const cyclesBefore = counts();
    const aggregatesBefore = aggregates();
    const client = await signedIn(server, b.lead.email);
    for (const path of [
      `/teams/${b.team.slug}/dashboard`,
      `/teams/${b.team.slug}/dashboard?preset=all`,
      `/teams/${b.team.slug}`,
    ]) {
      expect((await client.get(path)).status).toBe(200);
    }
    expect(counts()).toEqual(cyclesBefore);
    expect(aggregates()).toEqual(aggregatesBefore);
  });
});
