/**
 * Scale 1: one team with five years of weekly history (10 members, quarterly surveys,
 * 200 incidents, 500 action items), every row written through the model functions
 * a real request uses.
 *
 *   node --import tsx bench/team-scale.ts seed      (DATABASE_PATH, BENCH_OUT)
 *   node --import tsx bench/team-scale.ts measure   (DATABASE_PATH, BENCH_OUT)
 *
 * "measure" runs in a fresh process so the database is opened exactly as the server
 * opens it (getDb(): WAL, synchronous=FULL, default page cache), not with the seeding
 * connection's settings.
 */
import { getDb } from "#db/client.server";
import { users } from "#db/schema";
import { quarterlyCyclesBetween, weeklyCyclesBetween } from "~/domain/cycles";
import { ACTION_SOURCES, AUDIT_QUESTIONS, type ActionStatus, type Severity } from "~/domain/incidents";
import { seededRandom } from "~/domain/random";
import { DEFAULT_SURVEY_BANK } from "~/domain/survey-bank";
import { createActionItem } from "~/models/action-items.server";
import { backfillAggregates } from "~/models/aggregates.server";
import { submitSurveyAnswers, submitCheckInAnswers } from "~/models/answers.server";
import { loadTeamDashboard } from "~/models/dashboard.server";
import { createIncident } from "~/models/incidents.server";
import { addMember, createTeam, getTeamBySlug } from "~/models/teams.server";
import { hashPassword } from "~/utils/password.server";
import { APPRECIATION, cpuMedian, DAY_MS, envInt, HELP, log, summarise, timeCalls, WHY, writeResult } from "./lib";

export const TEAM_SLUG = "big-team";
const TIME_ZONE = "Europe/Berlin";
const YEARS = 5;
const MEMBERS = 10;
const INCIDENTS = 200;
const ACTION_ITEMS = 500;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const clampScore = (x: number) => Math.max(1, Math.min(5, Math.round(x)));

async function seed() {
  const started = performance.now();
  const now = new Date();
  const db = getDb();
  // Seeding only: a crash here loses nothing of value, and the measuring process
  // reopens the file with the production settings.
  db.$client.pragma("synchronous = OFF");
  const r = seededRandom(20261122);
  const from = new Date(now.getTime() - YEARS * 365 * DAY_MS);
  const joinedAt = new Date(from.getTime() - 60 * DAY_MS);
  const passwordHash = await hashPassword("bench-password-not-used");

  const counts = { weekly: 0, weeklyRejected: 0, survey: 0, incidents: 0, actionItems: 0 };
  // Dips after the biggest incidents, so the dashboard has dips to find.
  const majorAt: number[] = [];

  db.$client.transaction(() => {
    const team = createTeam({ name: "Big Team", slug: TEAM_SLUG, timeZone: TIME_ZONE });
    const memberIds: number[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      const id = db
        .insert(users)
        .values({ email: `big-${i}@bench.test`, displayName: `Big Member ${i}`, passwordHash })
        .returning({ id: users.id })
        .get().id;
      addMember(team.id, id, i === 0 ? "lead" : "member", joinedAt);
      memberIds.push(id);
    }

    // Incidents: 200 over five years, a few of them major.
    const incidentIds: { id: number; startedAt: number }[] = [];
    for (let i = 0; i < INCIDENTS; i++) {
      const startedAt =
        Math.round((from.getTime() + r() * (now.getTime() - from.getTime() - 2 * HOUR)) / MINUTE) * MINUTE;
      const roll = r();
      const severity: Severity = roll < 0.04 ? "SEV1" : roll < 0.2 ? "SEV2" : roll < 0.6 ? "SEV3" : "SEV4";
      if (severity === "SEV1") majorAt.push(startedAt);
      const detectedAt = startedAt + (2 + r() * 28) * MINUTE;
      const resolvedAt = detectedAt + (20 + r() * (severity === "SEV1" ? 600 : 240)) * MINUTE;
      const ongoing = resolvedAt > now.getTime();
      const published =
        !ongoing && (severity === "SEV1" || severity === "SEV2" || r() < 0.3)
          ? resolvedAt + (1 + r() * 6) * DAY_MS
          : null;
      const postmortemPublishedAt = published !== null && published < now.getTime() ? new Date(published) : null;
      const audit = Object.fromEntries(
        AUDIT_QUESTIONS.map((q) => [q.key, r() < 0.7 ? "yes" : r() < 0.5 ? "no" : "na"]),
      );
      const incident = createIncident(
        team.id,
        {
          title: `Incident ${i + 1}: ${severity === "SEV1" ? "full outage" : "degraded service"}`,
          severity,
          startedAt: new Date(startedAt),
          detectedAt: new Date(detectedAt),
          resolvedAt: ongoing ? null : new Date(resolvedAt),
          summary: "Synthetic incident written by the benchmark.",
          postmortemUrl: postmortemPublishedAt ? `https://wiki.example.com/pm/${i}` : null,
          postmortemPublishedAt,
          audit,
        } as Parameters<typeof createIncident>[1],
        new Date(Math.min(now.getTime(), detectedAt + 10 * MINUTE)),
      );
      incidentIds.push({ id: incident.id, startedAt });
      counts.incidents++;
    }

    // Action items: 500, most from postmortems, due 1–12 weeks after they were made.
    for (let i = 0; i < ACTION_ITEMS; i++) {
      const linked = r() < 0.6 ? incidentIds[Math.floor(r() * incidentIds.length)]! : null;
      const createdAt = linked
        ? linked.startedAt + (1 + r() * 5) * DAY_MS
        : from.getTime() + r() * (now.getTime() - from.getTime());
      const created = Math.min(createdAt, now.getTime() - HOUR);
      const due = created + (7 + r() * 77) * DAY_MS;
      let status: ActionStatus;
      let completedAt: Date | null = null;
      const roll = r();
      if (due < now.getTime()) {
        if (roll < 0.72) {
          status = "done";
          completedAt = new Date(Math.min(now.getTime() - MINUTE, due + (r() - 0.7) * 14 * DAY_MS));
          if (completedAt.getTime() < created) completedAt = new Date(created + HOUR);
        } else if (roll < 0.82) status = "dropped";
        else status = r() < 0.5 ? "open" : "in_progress";
      } else if (roll < 0.2) {
        status = "done";
        completedAt = new Date(created + r() * (now.getTime() - created));
      } else status = r() < 0.5 ? "open" : "in_progress";
      createActionItem(
        team.id,
        {
          title: `Follow-up ${i + 1}`,
          ownerId: memberIds[i % memberIds.length]!,
          dueDate: isoDay(due),
          status,
          source: linked ? "postmortem" : ACTION_SOURCES[Math.floor(r() * ACTION_SOURCES.length)]!,
          incidentId: linked?.id ?? null,
          notes: null,
          createdAt: new Date(created),
          completedAt,
        } as Parameters<typeof createActionItem>[1],
        new Date(created),
      );
      counts.actionItems++;
    }

    // Weekly checks: five years, each answer written with the clock inside its week.
    const level = (at: number) => {
      let l = 3.9;
      for (const m of majorAt) {
        const days = (at - m) / DAY_MS;
        if (days >= 0 && days < 120) l -= days < 21 ? 1.4 * (days / 21) : 1.4 * (1 - (days - 21) / 99);
      }
      return Math.max(1.5, l);
    };
    for (const week of weeklyCyclesBetween(from, now, TIME_ZONE)) {
      const answerAt = Math.min(week.opensAt.getTime() + (1 + r() * 3) * DAY_MS, now.getTime() - 1000);
      if (answerAt < week.opensAt.getTime()) continue;
      const l = level(answerAt);
      for (const userId of memberIds) {
        if (r() > 0.6 + 0.08 * l) continue;
        const result = submitCheckInAnswers(
          team,
          userId,
          week.periodKey,
          {
            score: clampScore(l + (r() - 0.5) * 1.8),
            why: r() < 0.35 ? WHY[Math.floor(r() * WHY.length)]! : null,
            help: r() < 0.2 ? HELP[Math.floor(r() * HELP.length)]! : null,
            appreciation: r() < 0.3 ? APPRECIATION[Math.floor(r() * APPRECIATION.length)]! : null,
          },
          new Date(answerAt),
        );
        if (result.ok) counts.weekly++;
        else counts.weeklyRejected++;
      }
    }

    // Quarterly surveys: every quarter of the five years.
    for (const quarter of quarterlyCyclesBetween(from, now, TIME_ZONE, team.surveyWindowDays)) {
      if (quarter.opensAt.getTime() > now.getTime()) continue;
      const answerAt = new Date(Math.min(quarter.opensAt.getTime() + 3 * DAY_MS, now.getTime() - 1000));
      const l = level(answerAt.getTime());
      for (const userId of memberIds) {
        if (r() > 0.85) continue;
        const answers: Record<string, number> = {};
        for (const item of DEFAULT_SURVEY_BANK) {
          const base = item.component === "S" ? 6 - l + 0.3 : l;
          const scored = clampScore(base + (r() - 0.5) * 1.6);
          answers[item.id] = item.reversed ? 6 - scored : scored;
        }
        const result = submitSurveyAnswers(
          team,
          userId,
          quarter.periodKey,
          { answers, comment: r() < 0.3 ? WHY[Math.floor(r() * WHY.length)]! : null },
          answerAt,
        );
        if (result.ok) counts.survey++;
      }
    }
  })();
  // What the scheduler's ticks would have written as each week closed.
  backfillAggregates(now);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  const seedMs = performance.now() - started;
  log(
    `  team scale seeded in ${(seedMs / 1000).toFixed(1)} s: ${counts.weekly} weekly answers, ${counts.survey} survey answers, ${counts.incidents} incidents, ${counts.actionItems} action items`,
  );
  writeResult({ seedMs, counts });
}

function measure() {
  const team = getTeamBySlug(TEAM_SLUG);
  if (!team) throw new Error("seed the team scale first");
  const now = new Date();
  const maxMs = envInt("BENCH_LOADER_MS", 4_000);
  const maxRuns = envInt("BENCH_LOADER_RUNS", 400);
  // The first call of a process (prepares statements; no writes: the seeder closed the weeks as the scheduler does).
  let t = performance.now();
  const first = loadTeamDashboard(team.id, { preset: "12w" }, now);
  const coldMs = performance.now() - t;
  const out: Record<string, unknown> = { coldMs, teamId: team.id };
  for (const preset of ["12w", "1y", "all"] as const) {
    const samples = timeCalls(() => loadTeamDashboard(team.id, { preset }, now), { maxMs, maxRuns });
    const sample = loadTeamDashboard(team.id, { preset }, now);
    t = performance.now();
    const json = JSON.stringify(sample);
    const stringifyMs = performance.now() - t;
    out[preset] = {
      ...summarise(samples),
      cpuMedian: cpuMedian(() => loadTeamDashboard(team.id, { preset }, now), Math.min(100, maxRuns)),
      weeks: sample.weeks.length,
      incidents: sample.incidents.length,
      jsonBytes: json.length,
      stringifyMs,
    };
    log(
      `  dashboard ${preset}: median ${summarise(samples).median.toFixed(2)} ms over ${samples.length} calls (${sample.weeks.length} weeks)`,
    );
  }
  void first;
  writeResult(out);
}

const mode = process.argv[2];
if (mode === "seed") await seed();
else if (mode === "measure") measure();
else throw new Error("usage: team-scale.ts seed|measure");
