import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { teamSurveyItems } from "#db/schema";
import { DEFAULT_SURVEY_BANK, type SurveyItem } from "~/domain/survey-bank";

type Reader = Pick<ReturnType<typeof getDb>, "select">;

/** The bank with the team's on/off choices; items are on unless a lead turned them off. */
export function surveyBankForTeam(teamId: number, db: Reader = getDb()): Array<SurveyItem & { enabled: boolean }> {
  const choices = new Map(
    db
      .select()
      .from(teamSurveyItems)
      .where(eq(teamSurveyItems.teamId, teamId))
      .all()
      .map((r) => [r.itemId, r.enabled]),
  );
  return DEFAULT_SURVEY_BANK.map((item) => ({ ...item, enabled: choices.get(item.id) ?? true }));
}

export function enabledSurveyItems(teamId: number, db: Reader = getDb()): SurveyItem[] {
  return surveyBankForTeam(teamId, db)
    .filter((i) => i.enabled)
    .map(({ enabled: _enabled, ...item }) => item);
}

/** Applies to quarters that have not opened yet: an open cycle has frozen its items. */
export function setSurveyItemsEnabled(teamId: number, enabledIds: ReadonlySet<string>) {
  const db = getDb();
  db.transaction((tx) => {
    for (const item of DEFAULT_SURVEY_BANK) {
      tx.insert(teamSurveyItems)
        .values({ teamId, itemId: item.id, enabled: enabledIds.has(item.id) })
        .onConflictDoUpdate({
          target: [teamSurveyItems.teamId, teamSurveyItems.itemId],
          set: { enabled: enabledIds.has(item.id) },
        })
        .run();
    }
  });
}
