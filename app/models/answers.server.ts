import crypto from "node:crypto";
import { and, eq, TransactionRollbackError } from "drizzle-orm";
import { getDb, statement } from "#db/client.server";
import { participations } from "#db/schema";
import { cycleStatus, quarterlyCycleByKey, weeklyCycleByKey, type CycleWindow } from "~/domain/cycles";
import { recountWeek } from "./aggregates.server";
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

/**
 * The statements of the answer path, raw and prepared once per database handle. The rewrite runs
 * one insert per row of the cycle, so per-call overhead is paid n times per answer: drizzle's
 * prepared statements made an answer cost 653 µs against 507 with these (docs/performance.md,
 * session 5), and building the SQL per row cost five times what SQLite spends (session 4). One-row inserts run in key order lay the
 * rows out exactly as one multi-row insert of the same sorted list does.
 */
const statements = {
  tookPart: () => statement("answers.tookPart", "select 1 from participations where cycle_id = ? and user_id = ?"),
  participations: () =>
    statement("answers.participations", "select user_id from participations where cycle_id = ?").pluck(),
  dropParticipations: () => statement("answers.dropParticipations", "delete from participations where cycle_id = ?"),
  addParticipation: () =>
    statement("answers.addParticipation", "insert into participations (cycle_id, user_id) values (?, ?)"),
  checkIns: () =>
    statement(
      "answers.checkIns",
      "select id, score, why, help, appreciation from check_in_responses where cycle_id = ?",
    ),
  dropCheckIns: () => statement("answers.dropCheckIns", "delete from check_in_responses where cycle_id = ?"),
  addCheckIn: () =>
    statement(
      "answers.addCheckIn",
      "insert into check_in_responses (id, cycle_id, score, why, help, appreciation) values (?, ?, ?, ?, ?, ?)",
    ),
  surveys: () => statement("answers.surveys", "select id, answers, comment from survey_responses where cycle_id = ?"),
  dropSurveys: () => statement("answers.dropSurveys", "delete from survey_responses where cycle_id = ?"),
  addSurvey: () =>
    statement("answers.addSurvey", "insert into survey_responses (id, cycle_id, answers, comment) values (?, ?, ?, ?)"),
};

type CheckInRow = { id: string } & CheckInAnswers;
type SurveyRow = { id: string; answers: string; comment: string | null };

/**
 * Writes a cycle's participations back in key order (user id), after the new one is added.
 * Together with the response rewrite this makes the pages a function of who took part and
 * what was answered, never of the order (anonymous-store.server.ts, rule 1).
 */
function rewriteParticipations(cycleId: number, userIds: number[]) {
  statements.dropParticipations().run(cycleId);
  const add = statements.addParticipation();
  for (const userId of inKeyOrder(userIds, (id) => id)) add.run(cycleId, userId);
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
      if (statements.tookPart().get(cycle.id, userId)) {
        return { ok: false as const, reason: "already-answered" as const };
      }
      rewriteParticipations(cycle.id, [...(statements.participations().all(cycle.id) as number[]), userId]);
      const result = rewriteResponses(cycle);
      if (result && !result.ok) throw new TransactionRollbackError();
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
    const rows = statements.checkIns().all(cycle.id) as CheckInRow[];
    rows.push({ id: randomKey(), ...answers });
    statements.dropCheckIns().run(cycle.id);
    const add = statements.addCheckIn();
    for (const r of inKeyOrder(rows, (r) => r.id)) add.run(r.id, cycle.id, r.score, r.why, r.help, r.appreciation);
    recountWeek(cycle.id);
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
    const rows = statements.surveys().all(cycle.id) as SurveyRow[];
    rows.push({ id: randomKey(), answers: JSON.stringify(ordered), comment: survey.comment });
    statements.dropSurveys().run(cycle.id);
    const add = statements.addSurvey();
    for (const r of inKeyOrder(rows, (r) => r.id)) add.run(r.id, cycle.id, r.answers, r.comment);
  });
}
