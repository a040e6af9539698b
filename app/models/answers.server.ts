import crypto from "node:crypto";
import { and, eq, TransactionRollbackError } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { participations, surveyResponses, checkInResponses } from "#db/schema";
import { cycleStatus, quarterlyCycleByKey, weeklyCycleByKey, type CycleWindow } from "~/domain/cycles";
import { inKeyOrder, writeAnonymously, type Tx } from "./anonymous-store.server";
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

type Participation = typeof participations.$inferInsert;

/**
 * Writes a cycle's participations back in key order (user id), after the new one is added.
 * Together with the response rewrite this makes the pages a function of who took part and
 * what was answered, never of the order (anonymous-store.server.ts, rule 1).
 */
function rewriteParticipations(tx: Tx, cycleId: number, userIds: number[]) {
  tx.delete(participations).where(eq(participations.cycleId, cycleId)).run();
  const rows: Participation[] = inKeyOrder(userIds, (id) => id).map((userId) => ({ cycleId, userId }));
  for (const chunk of chunks(rows)) tx.insert(participations).values(chunk).run();
}

function chunks<T>(rows: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function submit(
  team: Pick<Team, "id">,
  window: CycleWindow | null,
  userId: number,
  now: Date,
  rewriteResponses: (tx: Tx, cycle: ReturnType<typeof ensureCycle>) => SubmitResult | void,
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
      const tookPart = tx
        .select({ userId: participations.userId })
        .from(participations)
        .where(eq(participations.cycleId, cycle.id))
        .all()
        .map((p) => p.userId);
      if (tookPart.includes(userId)) return { ok: false as const, reason: "already-answered" as const };
      rewriteParticipations(tx, cycle.id, [...tookPart, userId]);
      const result = rewriteResponses(tx, cycle);
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
  return submit(team, weeklyCycleByKey(periodKey, team.timeZone), userId, now, (tx, cycle) => {
    const rows = tx.select().from(checkInResponses).where(eq(checkInResponses.cycleId, cycle.id)).all();
    rows.push({ id: randomKey(), cycleId: cycle.id, ...answers });
    tx.delete(checkInResponses).where(eq(checkInResponses.cycleId, cycle.id)).run();
    for (const chunk of chunks(
      inKeyOrder(rows, (r) => r.id),
      100,
    ))
      tx.insert(checkInResponses).values(chunk).run();
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
  return submit(team, window, userId, now, (tx, cycle) => {
    const asked = new Set(itemsForCycle(cycle).map((i) => i.id));
    const given = Object.keys(survey.answers);
    if (given.length !== asked.size || given.some((id) => !asked.has(id))) return { ok: false, reason: "wrong-items" };
    // Keys sorted so the stored JSON does not reflect the order the form was filled in.
    const ordered = Object.fromEntries(given.sort().map((id) => [id, survey.answers[id]]));
    const rows = tx.select().from(surveyResponses).where(eq(surveyResponses.cycleId, cycle.id)).all();
    rows.push({ id: randomKey(), cycleId: cycle.id, answers: JSON.stringify(ordered), comment: survey.comment });
    tx.delete(surveyResponses).where(eq(surveyResponses.cycleId, cycle.id)).run();
    for (const chunk of chunks(
      inKeyOrder(rows, (r) => r.id),
      100,
    ))
      tx.insert(surveyResponses).values(chunk).run();
  });
}
