import crypto from "node:crypto";
import { and, eq, sql, TransactionRollbackError } from "drizzle-orm";
import { getDb, prepared } from "#db/client.server";
import { participations, surveyResponses, weeklyResponses } from "#db/schema";
import { cycleStatus, quarterlyCycleByKey, weeklyCycleByKey, type CycleWindow } from "~/domain/cycles";
import { ensureCycle, itemsForCycle } from "./cycles.server";
import type { Team } from "./teams.server";

/**
 * Writing an answer is the heart of the anonymity promise (PRODUCT.md, Anonymity 1–2, 8):
 * one transaction records "this person took part in this cycle" and, separately,
 * the answers under a random key with no person, no time and no request detail.
 * Both tables are WITHOUT ROWID, so their physical order follows their keys.
 */

export type WeeklyAnswers = { score: number; why: string | null; help: string | null; appreciation: string | null };
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

function submit(
  team: Pick<Team, "id">,
  window: CycleWindow | null,
  userId: number,
  now: Date,
  insertResponse: (
    tx: Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0],
    cycleId: number,
    cycle: ReturnType<typeof ensureCycle>,
  ) => SubmitResult | void,
): SubmitResult {
  if (!window) return { ok: false, reason: "unknown-cycle" };
  const status = cycleStatus(window, now);
  if (status === "closed") return { ok: false, reason: "closed" };
  if (status === "upcoming") return { ok: false, reason: "not-open-yet" };
  const db = getDb();
  try {
    // IMMEDIATE takes the write lock up front, so a second process waits (busy_timeout)
    // instead of failing with SQLITE_BUSY when it upgrades from a read.
    return db.transaction(
      (tx) => {
        const cycle = ensureCycle(team, window, now, tx);
        const inserted = prepared("insertParticipation", (db) =>
          db
            .insert(participations)
            .values({ cycleId: sql.placeholder("cycleId"), userId: sql.placeholder("userId") })
            .onConflictDoNothing()
            .prepare(),
        ).run({ cycleId: cycle.id, userId });
        if (inserted.changes !== 1) return { ok: false as const, reason: "already-answered" as const };
        const result = insertResponse(tx, cycle.id, cycle);
        if (result && !result.ok) {
          tx.rollback();
        }
        return result ?? { ok: true as const };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (error instanceof TransactionRollbackError) return { ok: false, reason: "wrong-items" };
    // Another process won the race for the same (cycle, person).
    if (isUniqueViolation(error)) return { ok: false, reason: "already-answered" };
    throw error;
  }
}

export function submitWeeklyAnswers(
  team: Pick<Team, "id" | "timeZone">,
  userId: number,
  periodKey: string,
  answers: WeeklyAnswers,
  now = new Date(),
): SubmitResult {
  return submit(team, weeklyCycleByKey(periodKey, team.timeZone), userId, now, (tx, cycleId) => {
    prepared("insertWeeklyResponse", (db) =>
      db
        .insert(weeklyResponses)
        .values({
          id: sql.placeholder("id"),
          cycleId: sql.placeholder("cycleId"),
          score: sql.placeholder("score"),
          why: sql.placeholder("why"),
          help: sql.placeholder("help"),
          appreciation: sql.placeholder("appreciation"),
        })
        .prepare(),
    ).run({
      id: randomKey(),
      cycleId,
      score: answers.score,
      why: answers.why,
      help: answers.help,
      appreciation: answers.appreciation,
    });
  });
}

export function submitSurveyAnswers(
  team: Pick<Team, "id" | "timeZone" | "surveyWindowDays">,
  userId: number,
  periodKey: string,
  survey: SurveyAnswers,
  now = new Date(),
): SubmitResult {
  return submit(
    team,
    quarterlyCycleByKey(periodKey, team.timeZone, team.surveyWindowDays),
    userId,
    now,
    (tx, cycleId, cycle) => {
      const asked = new Set(itemsForCycle(cycle).map((i) => i.id));
      const given = Object.keys(survey.answers);
      if (given.length !== asked.size || given.some((id) => !asked.has(id)))
        return { ok: false, reason: "wrong-items" };
      // Keys sorted so the stored JSON does not reflect the order the form was filled in.
      const ordered = Object.fromEntries(given.sort().map((id) => [id, survey.answers[id]!]));
      tx.insert(surveyResponses)
        .values({ id: randomKey(), cycleId, answers: JSON.stringify(ordered), comment: survey.comment })
        .run();
    },
  );
}
