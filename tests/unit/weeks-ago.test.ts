import { describe, expect, it } from "vitest";
import { weeklyCycleAt } from "~/domain/cycles";
import { weeksAgo } from "../support/weeks";

describe("weeksAgo (test support)", () => {
  // Monday 9 March 2026, 00:30 in Los Angeles, the first Monday after clocks sprang forward.
  const now = new Date("2026-03-09T07:30:00Z");

  it("steps back by calendar weeks on the team's clock", () => {
    expect(weeklyCycleAt(now, "America/Los_Angeles").periodKey).toBe("2026-W11");
    expect(weeksAgo(1, "America/Los_Angeles", now).periodKey).toBe("2026-W10");
    expect(weeksAgo(3, "America/Los_Angeles", now).periodKey).toBe("2026-W08");
    expect(weeksAgo(0, "America/Los_Angeles", now).periodKey).toBe("2026-W11");
  });

  it("where 7 × 24 h back lands two weeks back", () => {
    const naive = weeklyCycleAt(new Date(now.getTime() - 7 * 86_400_000), "America/Los_Angeles");
    expect(naive.periodKey).toBe("2026-W09");
  });
});
