import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { dipAcknowledgements } from "#db/schema";
import type { DipAlert } from "~/domain/dips";

/** A lead's note on a dip alert. Alerts are computed from released figures only, so callers
 * acknowledge only an alert the team's dashboard shows. */

export function dipKey(alert: Pick<DipAlert, "kind" | "periodKey" | "basis">): string {
  return `${alert.kind}:${alert.periodKey}${alert.basis.component ? `:${alert.basis.component}` : ""}`;
}

export type DipAcknowledgement = { note: string; acknowledgedAt: string };

export function dipAcknowledgementsOf(teamId: number): Map<string, DipAcknowledgement> {
  const rows = getDb().select().from(dipAcknowledgements).where(eq(dipAcknowledgements.teamId, teamId)).all();
  return new Map(rows.map((r) => [r.dipKey, { note: r.note, acknowledgedAt: r.acknowledgedAt.toISOString() }]));
}

export function acknowledgeDip(teamId: number, key: string, note: string, now = new Date()): void {
  getDb()
    .insert(dipAcknowledgements)
    .values({ teamId, dipKey: key, note, acknowledgedAt: now })
    .onConflictDoUpdate({
      target: [dipAcknowledgements.teamId, dipAcknowledgements.dipKey],
      set: { note, acknowledgedAt: now },
    })
    .run();
}
