import { and, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { cycles } from "#db/schema";

/** Looks a cycle up without creating it (reading a page must not materialise anything). */
export function findCycle(teamId: number, kind: "weekly" | "quarterly", periodKey: string) {
  return getDb()
    .select()
    .from(cycles)
    .where(and(eq(cycles.teamId, teamId), eq(cycles.kind, kind), eq(cycles.periodKey, periodKey)))
    .get();
}
