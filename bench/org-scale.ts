/**
 * Scale 2: an organisation of 1,000 teams × 260 closed weeks × 10 members
 * (2.6 M weekly answers), plus the last quarters' surveys, recent incidents and
 * action items, and a pool of extra members for the HTTP load test.
 *
 *   node --import tsx bench/org-scale.ts seed      (DATABASE_PATH, BENCH_OUT, BENCH_PEOPLE_FILE)
 *   node --import tsx bench/org-scale.ts measure   (DATABASE_PATH, BENCH_OUT)
 *
 * How the rows are written (see docs/performance.md, "How the data is seeded"):
 * - teams and memberships through createTeam/addMember; users inserted with one
 *   precomputed scrypt hash (as the demo seeder does);
 * - team 0's five years of answers through submitCheckInAnswers, with the clock inside
 *   each week, exactly as a person's request would write them;
 * - the other 999 teams' cycles, participations and answers with prepared INSERTs
 *   of the same rows. Through submitCheckInAnswers they would take 240–380 µs each
 *   (10–16 minutes for 2.6 M on this machine), against the 2-minute budget. Team 1 gets
 *   the same answers as team 0 through this bulk path, and the seeder refuses to
 *   continue unless the two teams' rows are identical column for column;
 * - the last closed quarters' surveys through submitSurveyAnswers; incidents and
 *   action items through createIncidents/createActionItems.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { getDb } from "#db/client.server";
import { quarterlyCyclesBetween, weeklyCycleAt, weeklyCyclesBetween, type CycleWindow } from "~/domain/cycles";
import { AUDIT_QUESTIONS, type Severity } from "~/domain/incidents";
import { DEFAULT_SURVEY_BANK } from "~/domain/survey-bank";
import { createActionItems } from "~/models/action-items.server";
import { backfillAggregates } from "~/models/aggregates.server";
import { submitSurveyAnswers, submitCheckInAnswers } from "~/models/answers.server";
import { loadTeamDashboard } from "~/models/dashboard.server";
import { createIncidents } from "~/models/incidents.server";
import { loadOrgRollup } from "~/models/org.server";
import { addMember, createTeam, getTeamBySlug, type Team } from "~/models/teams.server";
import { hashPassword } from "~/utils/password.server";
import {
  APPRECIATION,
  cpuMedian,
  DAY_MS,
  envInt,
  hashUnit,
  HELP,
  log,
  summarise,
  timeCalls,
  WEEK_MS,
  WHY,
  writeResult,
} from "./lib";

const TEAMS = envInt("BENCH_ORG_TEAMS", 1000);
const WEEKS = envInt("BENCH_ORG_WEEKS", 260);
const MEMBERS = 10;
const SURVEY_QUARTERS = envInt("BENCH_ORG_QUARTERS", 2);
const LOAD_PEOPLE = envInt("BENCH_LOAD_PEOPLE", 90_000);
const ZONES = [
  "Europe/Berlin",
  "America/New_York",
  "Asia/Singapore",
  "UTC",
  "America/Los_Angeles",
  "Europe/London",
  "Asia/Kolkata",
  "Australia/Sydney",
];

export const orgSlug = (i: number) => `org-${String(i).padStart(4, "0")}`;
/** Teams 0 and 1 share a zone and a score stream: the model-written and bulk-written twins. */
const zoneOf = (i: number) => ZONES[Math.floor(i / 2) % ZONES.length]!;
const seedOf = (i: number) => (i === 0 ? 1 : i);

type Answer = { score: number; why: string | null; help: string | null; appreciation: string | null };

/** Deterministic answers: each team has its own level and slow drift, each person some noise. */
function answerFor(teamSeed: number, week: number, member: number): Answer {
  const level = 3.0 + 1.2 * hashUnit(teamSeed) + 0.5 * Math.sin(week / 17 + teamSeed);
  const score = Math.max(1, Math.min(5, Math.round(level + (hashUnit(teamSeed, week, member) - 0.5) * 2.2)));
  const u = hashUnit(teamSeed, week, member, 7);
  return {
    score,
    why: u < 0.3 ? WHY[Math.floor(u * 100) % WHY.length]! : null,
    help: u > 0.85 ? HELP[Math.floor(u * 100) % HELP.length]! : null,
    appreciation: u > 0.4 && u < 0.6 ? APPRECIATION[Math.floor(u * 100) % APPRECIATION.length]! : null,
  };
}

/** Random keys as answers.server.ts makes them (16 random bytes, hex), from a pool. */
function keyMaker() {
  let pool = crypto.randomBytes(16 * 8192);
  let at = 0;
  return () => {
    if (at === pool.length) {
      pool = crypto.randomBytes(pool.length);
      at = 0;
    }
    const key = pool.toString("hex", at, at + 16);
    at += 16;
    return key;
  };
}

async function seed() {
  const started = performance.now();
  const now = new Date();
  const db = getDb();
  const sqlite = db.$client;
  // Seeding only; the measuring process and the server reopen with production settings.
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -1000000");
  const passwordHash = await hashPassword("bench-password-not-used");

  // The closed weeks of each zone: the WEEKS weeks before the zone's current week.
  const weeksByZone = new Map<string, CycleWindow[]>();
  for (const zone of ZONES) {
    const current = weeklyCycleAt(now, zone);
    const windows = weeklyCyclesBetween(
      new Date(current.opensAt.getTime() - WEEKS * WEEK_MS),
      new Date(current.opensAt.getTime() - 1),
      zone,
    ).filter((w) => w.closesAt.getTime() <= current.opensAt.getTime());
    weeksByZone.set(zone, windows.slice(-WEEKS));
  }
  const earliest = Math.min(...[...weeksByZone.values()].map((w) => w[0]!.opensAt.getTime()));
  const joinedAt = new Date(earliest - 30 * DAY_MS);

  // Teams, people and memberships.
  let t = performance.now();
  const teams: Team[] = [];
  const members: number[][] = [];
  const insertUser = sqlite.prepare("insert into users (email, display_name, password_hash) values (?, ?, ?)");
  sqlite.transaction(() => {
    for (let i = 0; i < TEAMS; i++) {
      const team = createTeam({ name: `Team ${String(i).padStart(4, "0")}`, slug: orgSlug(i), timeZone: zoneOf(i) });
      teams.push(team);
      const ids: number[] = [];
      for (let m = 0; m < MEMBERS; m++) {
        const id = Number(
          insertUser.run(`m${m}.t${i}@bench.test`, `Member ${m} of team ${i}`, passwordHash).lastInsertRowid,
        );
        addMember(team.id, id, m === 0 ? "lead" : "member", joinedAt);
        ids.push(id);
      }
      members.push(ids);
    }
  })();
  const peopleMs = performance.now() - t;

  // Team 0: every answer through submitCheckInAnswers, the clock inside its week.
  t = performance.now();
  let modelAnswers = 0;
  sqlite.transaction(() => {
    const windows = weeksByZone.get(teams[0]!.timeZone)!;
    windows.forEach((w, wi) => {
      const at = new Date(w.opensAt.getTime() + 2 * DAY_MS);
      members[0]!.forEach((userId, mi) => {
        const result = submitCheckInAnswers(teams[0]!, userId, w.periodKey, answerFor(seedOf(0), wi, mi), at);
        if (!result.ok) throw new Error(`team 0 answer refused: ${result.reason}`);
        modelAnswers++;
      });
    });
  })();
  const modelMs = performance.now() - t;

  // Teams 1…: the same rows, written with prepared statements in batches of teams.
  t = performance.now();
  const insertCycle = sqlite.prepare(
    "insert into cycles (team_id, kind, period_key, opens_at, closes_at, survey_items, member_count_at_close) values (?, 'weekly', ?, ?, ?, null, null)",
  );
  const insertParticipation = sqlite.prepare("insert into participations (cycle_id, user_id) values (?, ?)");
  const insertResponse = sqlite.prepare(
    "insert into check_in_responses (id, cycle_id, score, why, help, appreciation) values (?, ?, ?, ?, ?, ?)",
  );
  const nextKey = keyMaker();
  let bulkAnswers = 0;
  const BATCH = 50;
  for (let first = 1; first < TEAMS; first += BATCH) {
    sqlite.transaction(() => {
      for (let i = first; i < Math.min(TEAMS, first + BATCH); i++) {
        const team = teams[i]!;
        const windows = weeksByZone.get(team.timeZone)!;
        windows.forEach((w, wi) => {
          const cycleId = Number(
            insertCycle.run(team.id, w.periodKey, w.opensAt.getTime(), w.closesAt.getTime()).lastInsertRowid,
          );
          members[i]!.forEach((userId, mi) => {
            const a = answerFor(seedOf(i), wi, mi);
            insertParticipation.run(cycleId, userId);
            insertResponse.run(nextKey(), cycleId, a.score, a.why, a.help, a.appreciation);
            bulkAnswers++;
          });
        });
      }
    })();
  }
  const bulkMs = performance.now() - t;

  // The twin check: team 1 (bulk) must hold exactly what team 0 (model) holds.
  const twin = twinCheck(teams[0]!.id, teams[1]!.id);
  if (!twin.identical) throw new Error(`bulk seeding differs from submitCheckInAnswers: ${twin.detail}`);

  // Surveys of the last closed quarters, through submitSurveyAnswers.
  t = performance.now();
  let surveys = 0;
  sqlite.transaction(() => {
    teams.forEach((team, i) => {
      const quarters = quarterlyCyclesBetween(
        new Date(now.getTime() - 400 * DAY_MS),
        now,
        team.timeZone,
        team.surveyWindowDays,
      )
        .filter((q) => q.closesAt.getTime() <= now.getTime())
        .slice(-SURVEY_QUARTERS);
      quarters.forEach((q, qi) => {
        const at = new Date(q.opensAt.getTime() + 3 * DAY_MS);
        members[i]!.forEach((userId, mi) => {
          const answers: Record<string, number> = {};
          DEFAULT_SURVEY_BANK.forEach((item, k) => {
            answers[item.id] = 1 + Math.floor(hashUnit(seedOf(i), qi, mi, k) * 5);
          });
          const result = submitSurveyAnswers(team, userId, q.periodKey, { answers, comment: null }, at);
          if (!result.ok) throw new Error(`survey refused: ${result.reason}`);
          surveys++;
        });
      });
    });
  })();
  const surveyMs = performance.now() - t;

  // The last 90 days' incidents (2 per team) and action items (5 per team).
  t = performance.now();
  const SEVERITIES: Severity[] = ["SEV2", "SEV3", "SEV4"];
  const audit = Object.fromEntries(AUDIT_QUESTIONS.map((q) => [q.key, "yes"]));
  sqlite.transaction(() => {
    teams.forEach((team, i) => {
      const incidents = [0, 1].map((k) => {
        const startedAt = now.getTime() - (5 + hashUnit(i, k) * 80) * DAY_MS;
        return {
          title: `Incident ${k + 1} of team ${i}`,
          severity: SEVERITIES[(i + k) % SEVERITIES.length]!,
          startedAt: new Date(startedAt),
          detectedAt: new Date(startedAt + 5 * 60_000),
          resolvedAt: new Date(startedAt + (30 + hashUnit(i, k, 1) * 300) * 60_000),
          summary: null,
          postmortemUrl: null,
          postmortemPublishedAt: null,
          audit,
        };
      });
      createIncidents(team.id, incidents as Parameters<typeof createIncidents>[1], now);
      const items = [0, 1, 2, 3, 4].map((k) => {
        const created = now.getTime() - (10 + hashUnit(i, k, 2) * 80) * DAY_MS;
        const due = created + (7 + hashUnit(i, k, 3) * 30) * DAY_MS;
        const done = due < now.getTime() && k % 3 !== 0;
        return {
          title: `Follow-up ${k + 1} of team ${i}`,
          ownerId: members[i]![k % MEMBERS]!,
          dueDate: new Date(due).toISOString().slice(0, 10),
          status: done ? "done" : "open",
          source: "postmortem",
          incidentId: null,
          notes: null,
          createdAt: new Date(created),
          completedAt: done ? new Date(due - DAY_MS) : null,
        };
      });
      createActionItems(team.id, items as Parameters<typeof createActionItems>[1], now);
    });
  })();
  const activityMs = performance.now() - t;
  const seedMs = performance.now() - started;

  // Not part of the seeding figure: extra members for the HTTP load test (joined now,
  // so no closed cycle's member count changes), spread over the teams.
  t = performance.now();
  const load: number[][] = [];
  sqlite.transaction(() => {
    for (let k = 0; k < LOAD_PEOPLE; k++) {
      const i = k % TEAMS;
      const id = Number(insertUser.run(`load${k}@bench.test`, `Load person ${k}`, passwordHash).lastInsertRowid);
      addMember(teams[i]!.id, id, "member", now);
      load.push([id, i]);
    }
  })();
  const adminId = Number(insertUser.run("admin@bench.test", "Bench Admin", passwordHash).lastInsertRowid);
  sqlite.prepare("update users set is_admin = 1 where id = ?").run(adminId);
  // Everyone who can answer this week, interleaved so consecutive requests hit different teams.
  const people: number[][] = [];
  for (let m = 0; m < MEMBERS; m++) for (let i = 0; i < TEAMS; i++) people.push([members[i]![m]!, i]);
  people.push(...load);
  fs.writeFileSync(
    process.env.BENCH_PEOPLE_FILE!,
    JSON.stringify({ teams: teams.map((tm) => ({ slug: tm.slug, timeZone: tm.timeZone })), people, adminId }),
  );
  const loadPeopleMs = performance.now() - t;

  // What the scheduler's ticks would have written as each week closed: member counts and
  // weekly aggregates (the server's start-up does the same for weeks closed while it was down).
  t = performance.now();
  const closing = backfillAggregates(now);
  const closingMs = performance.now() - t;
  log(
    `  closed weeks aggregated in ${(closingMs / 1000).toFixed(1)} s (${closing.aggregated} weekly aggregates, ${closing.counted} member counts)`,
  );

  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  const totals = sqlite
    .prepare(
      "select (select count(*) from teams) as teams, (select count(*) from users) as users, (select count(*) from cycles) as cycles, (select count(*) from check_in_responses) as checkInResponses, (select count(*) from participations) as participations, (select count(*) from survey_responses) as surveyResponses, (select count(*) from incidents) as incidents, (select count(*) from action_items) as actionItems",
    )
    .get();
  const dbBytes = fs.statSync(process.env.DATABASE_PATH!).size;
  log(
    `  org scale seeded in ${(seedMs / 1000).toFixed(1)} s (people ${(peopleMs / 1000).toFixed(1)} s, team 0 through the model ${(modelMs / 1000).toFixed(1)} s for ${modelAnswers} answers = ${((modelMs / modelAnswers) * 1000).toFixed(0)} µs each, bulk ${(bulkMs / 1000).toFixed(1)} s for ${bulkAnswers} = ${((bulkMs / bulkAnswers) * 1000).toFixed(1)} µs each, surveys ${(surveyMs / 1000).toFixed(1)} s, incidents/action-items ${(activityMs / 1000).toFixed(1)} s); ${LOAD_PEOPLE} load-test people in ${(loadPeopleMs / 1000).toFixed(1)} s`,
  );
  log(`  ${JSON.stringify(totals)}; database ${(dbBytes / 1e6).toFixed(0)} MB`);
  writeResult({
    seedMs,
    phases: {
      peopleMs,
      modelMs,
      modelAnswers,
      modelUsPerAnswer: (modelMs / modelAnswers) * 1000,
      bulkMs,
      bulkAnswers,
      bulkUsPerAnswer: (bulkMs / bulkAnswers) * 1000,
      surveyMs,
      surveys,
      activityMs,
      loadPeopleMs,
    },
    twin,
    totals,
    dbBytes,
    closingMs,
    loadPeople: LOAD_PEOPLE,
  });
}

/** Compares two teams' weekly rows column by column (keys only by shape: they are random). */
function twinCheck(a: number, b: number) {
  const rows = (teamId: number) =>
    getDb()
      .$client.prepare(
        `select c.kind, c.period_key, c.opens_at, c.closes_at, c.survey_items, c.member_count_at_close,
                r.score, r.why, r.help, r.appreciation, length(r.id) as key_length, r.id glob '*[^0-9a-f]*' as key_not_hex,
                (select count(*) from participations p where p.cycle_id = c.id) as participations
           from cycles c join check_in_responses r on r.cycle_id = c.id
          where c.team_id = ? and c.kind = 'weekly'
          order by c.period_key, r.score, r.why, r.help, r.appreciation`,
      )
      .all(teamId);
  const left = rows(a);
  const right = rows(b);
  const identical = left.length > 0 && JSON.stringify(left) === JSON.stringify(right);
  return {
    identical,
    rows: left.length,
    detail: identical
      ? ""
      : `${left.length} vs ${right.length} rows; first: ${JSON.stringify(left[0])} vs ${JSON.stringify(right[0])}`,
  };
}

function measure() {
  const now = new Date();
  const maxMs = envInt("BENCH_ROLLUP_MS", 12_000);
  const maxRuns = envInt("BENCH_ROLLUP_RUNS", 100);
  let t = performance.now();
  const first = loadOrgRollup(now);
  const coldMs = performance.now() - t;
  const samples = timeCalls(() => loadOrgRollup(now), { warmup: 3, minRuns: 20, maxRuns, maxMs });
  const s = summarise(samples);
  log(
    `  org rollup (12 weeks): median ${s.median.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms over ${samples.length} calls; cold ${coldMs.toFixed(0)} ms`,
  );
  const samples52 = timeCalls(() => loadOrgRollup(now, 52), { warmup: 2, minRuns: 10, maxRuns: 40, maxMs: maxMs / 2 });
  const s52 = summarise(samples52);
  log(
    `  org rollup (52 weeks): median ${s52.median.toFixed(1)} ms, p99 ${s52.p99.toFixed(1)} ms over ${samples52.length} calls`,
  );
  const cpu12 = cpuMedian(() => loadOrgRollup(now), Math.min(21, maxRuns));
  const cpu52 = cpuMedian(() => loadOrgRollup(now, 52), Math.min(11, maxRuns));
  log(`  org rollup CPU time per call: 12 weeks ${cpu12.toFixed(1)} ms, 52 weeks ${cpu52.toFixed(1)} ms`);
  const released = first.teams.filter((r) => r.week.status === "released").length;
  // One ordinary team's dashboard inside the 2.6 M-answer database, for comparison with the big team.
  const team = getTeamBySlug(orgSlug(1))!;
  loadTeamDashboard(team.id, { preset: "12w" }, now);
  const dash = summarise(
    timeCalls(() => loadTeamDashboard(team.id, { preset: "12w" }, now), { maxMs: 3_000, maxRuns: 300 }),
  );
  const dashAll = summarise(
    timeCalls(() => loadTeamDashboard(team.id, { preset: "all" }, now), { maxMs: 3_000, maxRuns: 300 }),
  );
  log(`  org team dashboard: 12w median ${dash.median.toFixed(2)} ms, all median ${dashAll.median.toFixed(2)} ms`);
  t = performance.now();
  const json = JSON.stringify(first);
  writeResult({
    coldMs,
    rollup: {
      ...s,
      cpuMedian: cpu12,
      teams: first.teams.length,
      releasedTeams: released,
      trendPoints: first.trend.length,
      jsonBytes: json.length,
      stringifyMs: performance.now() - t,
    },
    rollup52: { ...s52, cpuMedian: cpu52 },
    orgTeamDashboard: { "12w": dash, all: dashAll },
  });
}

const mode = process.argv[2];
if (mode === "seed") await seed();
else if (mode === "measure") measure();
else throw new Error("usage: org-scale.ts seed|measure");
