import { describe, expect, it } from "vitest";
import { firstSteps } from "~/domain/first-steps";

const base = { threshold: 3, memberCount: 1, pendingInvites: 0, webhookSet: false };

describe("first steps of a new team", () => {
  it("promises the first results at the close of the week open now, on the team's clock", () => {
    // Monday 30 Nov 2026, 11:00 in Berlin: week 49 runs to Sunday 6 Dec; results on Monday 7 Dec.
    const steps = firstSteps({ ...base, now: new Date("2026-11-30T10:00:00Z"), timeZone: "Europe/Berlin" });
    expect(steps.firstResultsOn).toBe("Monday 7 Dec");
    expect(steps.firstResultsAt.toISOString()).toBe("2026-12-06T23:00:00.000Z"); // 00:00 CET
  });

  it("uses the team's zone, not UTC, to find the week", () => {
    // 05:00 UTC on Monday 7 Dec is still Sunday 6 Dec, 21:00 in Los Angeles: that week closes at its midnight.
    const la = firstSteps({ ...base, now: new Date("2026-12-07T05:00:00Z"), timeZone: "America/Los_Angeles" });
    expect(la.firstResultsOn).toBe("Monday 7 Dec");
    expect(la.firstResultsAt.toISOString()).toBe("2026-12-07T08:00:00.000Z");
    // The same instant is already Monday 7 Dec, 06:00 in Berlin: its open week closes on the 14th.
    const berlin = firstSteps({ ...base, now: new Date("2026-12-07T05:00:00Z"), timeZone: "Europe/Berlin" });
    expect(berlin.firstResultsOn).toBe("Monday 14 Dec");
    // Auckland is ahead (UTC+13 in December): 10:00 UTC on Sunday 6 Dec is already 23:00 there.
    const auckland = firstSteps({ ...base, now: new Date("2026-12-06T10:00:00Z"), timeZone: "Pacific/Auckland" });
    expect(auckland.firstResultsOn).toBe("Monday 7 Dec");
    expect(auckland.firstResultsAt.toISOString()).toBe("2026-12-06T11:00:00.000Z");
  });

  it("counts the people still to invite against the threshold, never below 3", () => {
    const now = new Date("2026-11-30T10:00:00Z");
    const tz = "UTC";
    expect(firstSteps({ ...base, now, timeZone: tz, memberCount: 1 }).peopleNeeded).toBe(2);
    expect(firstSteps({ ...base, now, timeZone: tz, memberCount: 3 }).peopleNeeded).toBe(0);
    expect(firstSteps({ ...base, now, timeZone: tz, memberCount: 9 }).peopleNeeded).toBe(0);
    expect(firstSteps({ ...base, now, timeZone: tz, threshold: 5, memberCount: 2 }).peopleNeeded).toBe(3);
    expect(firstSteps({ ...base, now, timeZone: tz, threshold: 1, memberCount: 1 }).peopleNeeded).toBe(2);
  });

  it("moves to the next Monday exactly at midnight", () => {
    const before = firstSteps({ ...base, now: new Date("2026-12-06T22:59:59.999Z"), timeZone: "Europe/Berlin" });
    const after = firstSteps({ ...base, now: new Date("2026-12-06T23:00:00.000Z"), timeZone: "Europe/Berlin" });
    expect(before.firstResultsOn).toBe("Monday 7 Dec");
    expect(after.firstResultsOn).toBe("Monday 14 Dec");
  });
});
