import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_QUARTERLY_WINDOW_DAYS, quarterlyCycleFor } from "~/domain/cycles";
import { surveyWindowDaysField } from "~/domain/teams";

describe("the quarterly survey window (one limit for the form, the domain and the database)", () => {
  it("accepts 1 to MAX_QUARTERLY_WINDOW_DAYS days, and the default of 14", () => {
    expect(MAX_QUARTERLY_WINDOW_DAYS).toBe(60);
    for (const days of [1, 14, MAX_QUARTERLY_WINDOW_DAYS]) {
      expect(surveyWindowDaysField.parse(String(days))).toBe(days);
    }
  });

  it("refuses a longer window with a message that names the limit", () => {
    const result = surveyWindowDaysField.safeParse(String(MAX_QUARTERLY_WINDOW_DAYS + 1));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Keep the survey window at 60 days or fewer");
  });

  it("is the database's limit too", () => {
    const schema = readFileSync(path.join(import.meta.dirname, "../../db/schema.ts"), "utf8");
    expect(schema).toContain(`between 1 and ${MAX_QUARTERLY_WINDOW_DAYS}`);
  });

  it("ends the longest window before the next quarter's opens, in every quarter", () => {
    const quarters = [1, 2, 3, 4] as const;
    for (const year of [2026, 2027, 2028]) {
      for (const [i, quarter] of quarters.entries()) {
        const window = quarterlyCycleFor(year, quarter, "Europe/Berlin", MAX_QUARTERLY_WINDOW_DAYS);
        const next = quarters[i + 1];
        const following = next
          ? quarterlyCycleFor(year, next, "Europe/Berlin", 1)
          : quarterlyCycleFor(year + 1, 1, "Europe/Berlin", 1);
        expect(window.closesAt.getTime()).toBeLessThan(following.opensAt.getTime());
      }
    }
  });
});
