import crypto from "node:crypto";
import { and, eq, sql, TransactionRollbackError } from "drizzle-orm";
import { getDb, prepared } from "#db/client.server";
import { participations, surveyResponses, checkInResponses } from "#db/schema";
import { cycleStatus, quarterlyCycleByKey, weeklyCycleByKey, type CycleWindow } from "~/domain/cycles";
import { inKeyOrder, writeAnonymously } from "./anonymous-store.server";
import { ensureCycle, itemsForCycle } from "./cycles.server";
import type { Team } from "./teams.server";

/**
 * Writing an answer is the heart of the anonymity promise (PRODUCT.md, Anonymity 1–2, 8):
 * one transaction records "this person took part in this cycle" and, separately,
 * the answers under a random key with no person, no time and no request detail.
 * Each write rewrites the whole cycle's participations and answers in key order and scrubs
 * the WAL afterwards (anonymous-store.server.ts), so the file's bytes carry no arrival order.
 */

export type CheckInAnswers = { score: number; why: string | null; help: string | null; appreciation: string | null };
export type SurveyAnswers = { answers: Record<string, number>; comment: string | null };

export type SubmitResult =
  | { ok: true }
  | { ok: false; reason: "already-answered" | "closed" | "not-open-yet" | "unknown-cycle" | "wrong-items" };

function randomKey() {
  return crypto.randomBytes(16).toString("hex");
}

export function hasParticipated(cycleId: number, userId: number): boolean {
  return Boolean(
    getDb()
      .select({ one: participations.cycleId })
      .from(participations)
      .where(and(eq(participations.cycleId, cycleId), eq(participations.userId, userId)))
      .get(),
  );
}

function isUniqueViolation(error: unknown) {
  return (
    error instanceof Error &&
    "code" in error &&
    String((error as { code: unknown }).code).startsWith("SQLITE_CONSTRAINT")
  );
}

const cycleParam = sql.placeholder("cycleId");

/**
 * The statements of the answer path, each compiled once per database handle. Building and
 * preparing the SQL anew for every row cost five times what SQLite spends running it
 * (docs/performance.md, session 4); one-row inserts run in key order lay the rows out exactly
 * as one multi-row insert of the same sorted list does.
 */
const statements = {
  tookPart: () =>
    prepared("answers.tookPart", (db) =>
      db
        .select({ userId: participations.userId })
        .from(participations)
        .where(eq(participations.cycleId, cycleParam))
        .prepare(),
    ),
  dropParticipations: () =>
    prepared("answers.dropParticipations", (db) =>
      db.delete(participations).where(eq(participations.cycleId, cycleParam)).prepare(),
    ),
  addParticipation: () =>
    prepared("answers.addParticipation", (db) =>
      db
        .insert(participations)
        .values({ cycleId: cycleParam, userId: sql.placeholder("userId") })
        .prepare(),
    ),
  checkIns: () =>
    prepared("answers.checkIns", (db) =>
      db.select().from(checkInResponses).where(eq(checkInResponses.cycleId, cycleParam)).prepare(),
    ),
  dropCheckIns: () =>
    prepared("answers.dropCheckIns", (db) =>
      db.delete(checkInResponses).where(eq(checkInResponses.cycleId, cycleParam)).prepare(),
    ),
  addCheckIn: () =>
    prepared("answers.addCheckIn", (db) =>
      db
        .insert(checkInResponses)
        .values({
          id: sql.placeholder("id"),
          cycleId: cycleParam,
          score: sql.placeholder("score"),
          why: sql.placeholder("why"),
          help: sql.placeholder("help"),
          appreciation: sql.placeholder("appreciation"),
        })
        .prepare(),
    ),
  surveys: () =>
    prepared("answers.surveys", (db) =>
      db.select().from(surveyResponses).where(eq(surveyResponses.cycleId, cycleParam)).prepare(),
    ),
  dropSurveys: () =>
    prepared("answers.dropSurveys", (db) =>
      db.delete(surveyResponses).where(eq(surveyResponses.cycleId, cycleParam)).prepare(),
    ),
  addSurvey: () =>
    prepared("answers.addSurvey", (db) =>
      db
        .insert(surveyResponses)
        .values({
          id: sql.placeholder("id"),
          cycleId: cycleParam,
          answers: sql.placeholder("answers"),
          comment: sql.placeholder("comment"),
        })
        .prepare(),
    ),
};

/**
 * Writes a cycle's participations back in key order (user id), after the new one is added.
 * Together with the response rewrite this makes the pages a function of who took part and
 * what was answered, never of the order (anonymous-store.server.ts, rule 1).
 */
function rewriteParticipations(cycleId: number, userIds: number[]) {
  statements.dropParticipations().run({ cycleId });
  const add = statements.addParticipation();
  for (const userId of inKeyOrder(userIds, (id) => id)) add.run({ cycleId, userId });
}

function submit(
  team: Pick<Team, "id">,
  window: CycleWindow | null,
  userId: number,
  now: Date,
  rewriteResponses: (cycle: ReturnType<typeof ensureCycle>) => SubmitResult | void,
): SubmitResult {
  if (!window) return { ok: false, reason: "unknown-cycle" };
  const status = cycleStatus(window, now);
  if (status === "closed") return { ok: false, reason: "closed" };
  if (status === "upcoming") return { ok: false, reason: "not-open-yet" };
  try {
    // IMMEDIATE takes the write lock up front, so a second process waits (busy_timeout)
    // instead of failing with SQLITE_BUSY when it upgrades from a read.
    return writeAnonymously((tx) => {
      const cycle = ensureCycle(team, window, now, tx);
      const tookPart = statements
        .tookPart()
        .all({ cycleId: cycle.id })
        .map((p) => p.userId);
      if (tookPart.includes(userId)) return { ok: false as const, reason: "already-answered" as const };
      rewriteParticipations(cycle.id, [...tookPart, userId]);
      const result = rewriteResponses(cycle);
      if (result && !result.ok) tx.rollback();
      return result ?? { ok: true as const };
    });
  } catch (error) {
    if (error instanceof TransactionRollbackError) return { ok: false, reason: "wrong-items" };
    // Another process won the race for the same (cycle, person).
    if (isUniqueViolation(error)) return { ok: false, reason: "already-answered" };
    throw error;
  }
}

export function submitCheckInAnswers(
  team: Pick<Team, "id" | "timeZone">,
  userId: number,
  periodKey: string,
  answers: CheckInAnswers,
  now = new Date(),
): SubmitResult {
  return submit(team, weeklyCycleByKey(periodKey, team.timeZone), userId, now, (cycle) => {
    const rows = statements.checkIns().all({ cycleId: cycle.id });
    rows.push({ id: randomKey(), cycleId: cycle.id, ...answers });
    statements.dropCheckIns().run({ cycleId: cycle.id });
    const add = statements.addCheckIn();
    for (const row of inKeyOrder(rows, (r) => r.id)) add.run(row);
  });
}

export function submitSurveyAnswers(
  team: Pick<Team, "id" | "timeZone" | "surveyWindowDays">,
  userId: number,
  periodKey: string,
  survey: SurveyAnswers,
  now = new Date(),
): SubmitResult {
  const window = quarterlyCycleByKey(periodKey, team.timeZone, team.surveyWindowDays);
  return submit(team, window, userId, now, (cycle) => {
    const asked = new Set(itemsForCycle(cycle).map((i) => i.id));
    const given = Object.keys(survey.answers);
    if (given.length !== asked.size || given.some((id) => !asked.has(id))) return { ok: false, reason: "wrong-items" };
    // Keys sorted so the stored JSON does not reflect the order the form was filled in.
    const ordered = Object.fromEntries(given.sort().map((id) => [id, survey.answers[id]]));
    const rows = statements.surveys().all({ cycleId: cycle.id });
    rows.push({ id: randomKey(), cycleId: cycle.id, answers: JSON.stringify(ordered), comment: survey.comment });
    statements.dropSurveys().run({ cycleId: cycle.id });
    const add = statements.addSurvey();
    for (const row of inKeyOrder(rows, (r) => r.id)) add.run(row);
  });
}
