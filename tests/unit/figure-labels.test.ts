import { describe, expect, it } from "vitest";
import { weekDays } from "~/domain/cycles";
import { lastWeekLabels } from "~/domain/org";
import { thresholdWarning } from "~/domain/threshold";

describe("week labels (issue #12, figure 9)", () => {
  it("name a week by its days, as the dashboard does", () => {
    expect(weekDays("2026-W48")).toEqual({ range: "23–29 Nov 2026", start: "23 Nov" });
    expect(weekDays("2026-W49")).toEqual({ range: "30 Nov – 6 Dec 2026", start: "30 Nov" });
    expect(weekDays("2026-W53")).toEqual({ range: "28 Dec 2026 – 3 Jan 2027", start: "28 Dec" });
    expect(weekDays("W48")).toBeNull();
  });

  it("say which week 'Last week' is, and give other teams' weeks beside their figures", () => {
    const teams = [
      { week: { periodKey: "2026-W48" } },
      { week: { periodKey: "2026-W47" } },
      { week: { periodKey: "2026-W48" } },
    ];
    expect(lastWeekLabels(teams)).toEqual({
      note: "Last week is 23–29 Nov 2026 for 2 of 3 teams; the others close their weeks in other time zones, and their week is shown beside the figure.",
      ownWeek: [null, "16–22 Nov 2026", null],
    });
    expect(lastWeekLabels([teams[0]!, teams[2]!])).toEqual({
      note: "Last week is 23–29 Nov 2026 for every team.",
      ownWeek: [null, null],
    });
    // A tie goes to the later week.
    expect(lastWeekLabels(teams.slice(0, 2)).ownWeek).toEqual([null, "16–22 Nov 2026"]);
    expect(lastWeekLabels([])).toEqual({ note: null, ownWeek: [] });
  });
});

describe("threshold above the team's size (issue #12, figure 10)", () => {
  it("warns that no week can be released", () => {
    expect(thresholdWarning(8, 7)).toBe(
      "No week can be released with this setting: it needs 8 answers and the team has 7 people.",
    );
    expect(thresholdWarning(7, 7)).toBeNull();
    expect(thresholdWarning(3, 1)).toBe(
      "No week can be released with this setting: it needs 3 answers and the team has 1 person.",
    );
  });
});
