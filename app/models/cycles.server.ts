import { and, eq, sql } from "drizzle-orm";
import { getDb, prepared, type Db } from "#db/client.server";
import { cycles } from "#db/schema";
import {
  cycleStatus,
  quarterlyCycleAt,
  weeklyCycleAt,
  type CycleKind,
  type CycleStatus,
  type CycleWindow,
} from "~/domain/cycles";
import { DEFAULT_SURVEY_BANK, type SurveyItem } from "~/domain/survey-bank";
import { enabledSurveyItems } from "./survey-items.server";
import type { Team } from "./teams.server";

export type CycleRow = typeof cycles.$inferSelect;

/** Looks a cycle up without creating it (reading a page must not materialise anything). */
export function findCycle(teamId: number, kind: CycleKind, periodKey: string): CycleRow | undefined {
  return prepared("findCycle", (db) =>
    db
      .select()
      .from(cycles)
      .where(
        and(
          eq(cycles.teamId, sql.placeholder("teamId")),
          eq(cycles.kind, sql.placeholder("kind")),
          eq(cycles.periodKey, sql.placeholder("periodKey")),
        ),
      )
      .prepare(),
  ).get({ teamId, kind, periodKey });
}

/**
 * Cycles exist because the calendar says so; the row is materialised on first
 * use so participation and responses have something to point at. A quarterly
 * cycle freezes its item set the first time it is used once open.
 */
export function ensureCycle(team: Pick<Team, "id">, window: CycleWindow, now: Date, tx: Db = getDb()): CycleRow {
  // Every statement runs on the one connection, so inside the caller's transaction too.
  const existing = findCycle(team.id, window.kind, window.periodKey);
  const open = now.getTime() >= window.opensAt.getTime();
  if (existing) {
    if (existing.kind === "quarterly" && open && existing.surveyItems === null) {
      const surveyItems = JSON.stringify(enabledSurveyItems(team.id, tx).map((i) => i.id));
      tx.update(cycles).set({ surveyItems }).where(eq(cycles.id, existing.id)).run();
      return { ...existing, surveyItems };
    }
    return existing;
  }
  return (
    tx
      .insert(cycles)
      .values({
        teamId: team.id,
        kind: window.kind,
        periodKey: window.periodKey,
        opensAt: window.opensAt,
        closesAt: window.closesAt,
        surveyItems:
          window.kind === "quarterly" && open ? JSON.stringify(enabledSurveyItems(team.id, tx).map((i) => i.id)) : null,
      })
      .onConflictDoNothing()
      .returning()
      .get() ?? ensureCycle(team, window, now, tx)
  );
}

export function currentWeeklyWindow(team: Pick<Team, "timeZone">, now: Date): CycleWindow {
  return weeklyCycleAt(now, team.timeZone);
}

export function currentSurveyWindow(team: Pick<Team, "timeZone" | "surveyWindowDays">, now: Date): CycleWindow {
  return quarterlyCycleAt(now, team.timeZone, team.surveyWindowDays);
}

export function statusOf(window: { opensAt: Date; closesAt: Date }, now: Date): CycleStatus {
  return cycleStatus(window as CycleWindow, now);
}

/** The items a quarterly cycle asks: frozen on the cycle once open, else the team's current choice. */
export function itemsForCycle(cycle: Pick<CycleRow, "surveyItems" | "teamId">): SurveyItem[] {
  if (cycle.surveyItems) {
    const ids = new Set(JSON.parse(cycle.surveyItems) as string[]);
    return DEFAULT_SURVEY_BANK.filter((i) => ids.has(i.id));
  }
  return enabledSurveyItems(cycle.teamId);
}

// Member counts at close are written by the scheduler's tick: see aggregates.server.ts closeFinishedCycles.
