import { and, count, desc, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { actionItems, premortems, users } from "#db/schema";
import { completedAtAfter } from "~/domain/action-status";
import { type PremortemInput } from "~/domain/premortem-input.server";
import type { NewActionItem } from "./action-items.server";

export type Premortem = typeof premortems.$inferSelect & { createdByName: string | null };

export function listPremortems(teamId: number): Array<Premortem & { actionCount: number }> {
  const db = getDb();
  const counts = new Map(
    db
      .select({ premortemId: actionItems.premortemId, n: count() })
      .from(actionItems)
      .where(eq(actionItems.teamId, teamId))
      .groupBy(actionItems.premortemId)
      .all()
      .map((r) => [r.premortemId, r.n]),
  );
  return db
    .select({ premortem: premortems, createdByName: users.displayName })
    .from(premortems)
    .leftJoin(users, eq(users.id, premortems.createdBy))
    .where(eq(premortems.teamId, teamId))
    .orderBy(desc(premortems.createdAt), desc(premortems.id))
    .all()
    .map((r) => ({ ...r.premortem, createdByName: r.createdByName, actionCount: counts.get(r.premortem.id) ?? 0 }));
}

export function getPremortem(teamId: number, id: number): Premortem | undefined {
  const row = getDb()
    .select({ premortem: premortems, createdByName: users.displayName })
    .from(premortems)
    .leftJoin(users, eq(users.id, premortems.createdBy))
    .where(and(eq(premortems.teamId, teamId), eq(premortems.id, id)))
    .get();
  return row ? { ...row.premortem, createdByName: row.createdByName } : undefined;
}

/**
 * The pre-mortem and its preventive action items (source "pre-mortem") in one
 * transaction, so a failure leaves neither behind.
 */
export function createPremortem(
  teamId: number,
  input: PremortemInput,
  preventiveActions: Array<Omit<NewActionItem, "source" | "premortemId">>,
  createdBy: number | null,
  now = new Date(),
): Premortem {
  const db = getDb();
  const id = db.transaction((tx) => {
    const { id } = tx
      .insert(premortems)
      .values({
        teamId,
        title: input.title,
        imaginedFailure: input.imaginedFailure,
        causes: input.causes,
        createdBy,
        createdAt: now,
      })
      .returning({ id: premortems.id })
      .get();
    for (const action of preventiveActions) {
      tx.insert(actionItems)
        .values({
          teamId,
          title: action.title,
          ownerId: action.ownerId,
          dueDate: action.dueDate,
          status: action.status,
          source: "premortem",
          incidentId: action.incidentId,
          premortemId: id,
          notes: action.notes,
          createdAt: now,
          completedAt: completedAtAfter(null, action.status, now),
        })
        .run();
    }
    return id;
  });
  return getPremortem(teamId, id)!;
}
