import { and, desc, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { checklistEvents, users } from "#db/schema";
import { RECOVERY_CHECKLIST, type ChecklistKey } from "~/domain/incidents";

export type ChecklistEvent = {
  id: number;
  questionKey: string;
  answer: boolean;
  changedAt: Date;
  changedByName: string | null;
};

export type ChecklistAnswer = {
  key: ChecklistKey;
  text: string;
  answer: boolean | null;
  changedAt: Date | null;
  changedByName: string | null;
};

/** Every change, newest first: the checklist's history. */
export function checklistHistory(teamId: number): ChecklistEvent[] {
  return getDb()
    .select({
      id: checklistEvents.id,
      questionKey: checklistEvents.questionKey,
      answer: checklistEvents.answer,
      changedAt: checklistEvents.changedAt,
      changedByName: users.displayName,
    })
    .from(checklistEvents)
    .leftJoin(users, eq(users.id, checklistEvents.changedBy))
    .where(eq(checklistEvents.teamId, teamId))
    .orderBy(desc(checklistEvents.changedAt), desc(checklistEvents.id))
    .all();
}

/** The latest answer to each of the eight questions (null while never answered). */
export function currentChecklist(teamId: number, asOf?: Date): ChecklistAnswer[] {
  const latest = new Map<string, ChecklistEvent>();
  for (const event of checklistHistory(teamId)) {
    if (asOf && event.changedAt > asOf) continue;
    if (!latest.has(event.questionKey)) latest.set(event.questionKey, event);
  }
  return RECOVERY_CHECKLIST.map((q) => {
    const event = latest.get(q.key);
    return {
      key: q.key,
      text: q.text,
      answer: event?.answer ?? null,
      changedAt: event?.changedAt ?? null,
      changedByName: event?.changedByName ?? null,
    };
  });
}

/**
 * Records the answers that differ from the current ones, in one transaction, and
 * returns how many changed. Unchanged answers add no history.
 */
export function recordChecklistAnswers(
  teamId: number,
  answers: Partial<Record<ChecklistKey, boolean>>,
  changedBy: number | null,
  now = new Date(),
): number {
  const db = getDb();
  return db.transaction((tx) => {
    let changed = 0;
    for (const { key } of RECOVERY_CHECKLIST) {
      const answer = answers[key];
      if (answer === undefined) continue;
      const current = tx
        .select({ answer: checklistEvents.answer })
        .from(checklistEvents)
        .where(and(eq(checklistEvents.teamId, teamId), eq(checklistEvents.questionKey, key)))
        .orderBy(desc(checklistEvents.changedAt), desc(checklistEvents.id))
        .get();
      if (current?.answer === answer) continue;
      tx.insert(checklistEvents).values({ teamId, questionKey: key, answer, changedBy, changedAt: now }).run();
      changed += 1;
    }
    return changed;
  });
}
