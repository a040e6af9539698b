import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  actionItemMetrics,
  incidentMetrics,
  type ActionItemRecord,
  type IncidentRecord,
} from "~/domain/incident-metrics";
import {
  actionItemBuckets,
  actionItemBucketsSlow,
  actionItemSummary,
  bucketIndexOf,
  chooseGranularity,
  incidentBuckets,
  nextWeekKey,
  previousWeekKey,
  timeBuckets,
  weeksEndingWith,
} from "~/domain/timeline";

const DAY = 86_400_000;
const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"];

describe("weekly windows", () => {
  it("steps over ISO year ends, including 53-week years", () => {
    expect(nextWeekKey("2020-W52")).toBe("2020-W53");
    expect(nextWeekKey("2020-W53")).toBe("2021-W01");
    expect(nextWeekKey("2021-W52")).toBe("2022-W01");
    expect(previousWeekKey("2021-W01")).toBe("2020-W53");
    expect(previousWeekKey("2026-W10")).toBe("2026-W09");
    expect(weeksEndingWith("2021-W02", 3, "UTC").map((w) => w.periodKey)).toEqual(["2020-W53", "2021-W01", "2021-W02"]);
  });
});

describe("buckets", () => {
  it("are contiguous calendar months on the team's clock, the last cut at the end", () => {
    const from = new Date("2026-01-15T00:00:00Z");
    const to = new Date("2026-04-10T12:00:00Z");
    const months = timeBuckets(from, to, "Europe/Berlin", "month");
    expect(months.map((b) => b.key)).toEqual(["2026-01", "2026-02", "2026-03", "2026-04"]);
    expect(new Date(months[0]!.start).toISOString()).toBe("2025-12-31T23:00:00.000Z");
    expect(new Date(months[3]!.start).toISOString()).toBe("2026-03-31T22:00:00.000Z"); // CEST
    for (let i = 1; i < months.length; i++) expect(months[i]!.start).toBe(months[i - 1]!.end);
    expect(months.at(-1)!.end).toBe(to.getTime());
    expect(timeBuckets(from, to, "UTC", "quarter").map((b) => b.label)).toEqual(["Q1 2026", "Q2 2026"]);
    expect(bucketIndexOf(months, Date.parse("2026-02-14T00:00:00Z"))).toBe(1);
    expect(bucketIndexOf(months, to.getTime())).toBe(-1);
  });

  it("choose weeks, months or quarters by the length of the period", () => {
    const at = (weeks: number) => chooseGranularity(new Date(0), new Date(weeks * 7 * DAY));
    expect([at(13), at(27), at(28), at(105), at(106), at(260)]).toEqual([
      "week",
      "week",
      "month",
      "month",
      "quarter",
      "quarter",
    ]);
  });
});

const item = fc
  .record({
    id: fc.integer({ min: 1, max: 10_000 }),
    createdDay: fc.integer({ min: 0, max: 120 }),
    dueAfter: fc.integer({ min: -3, max: 40 }),
    status: fc.constantFrom("open", "in_progress", "done", "dropped" as const),
    completedAfterHours: fc.option(fc.integer({ min: 0, max: 60 * 24 }), { nil: null }),
  })
  .map(({ id, createdDay, dueAfter, status, completedAfterHours }): ActionItemRecord => {
    const createdAt = new Date(Date.parse("2026-01-01T09:30:00Z") + createdDay * DAY);
    const due = new Date(createdAt.getTime() + dueAfter * DAY).toISOString().slice(0, 10);
    return {
      id,
      dueDate: due,
      status: status as ActionItemRecord["status"],
      createdAt,
      completedAt:
        status === "done" && completedAfterHours !== null
          ? new Date(createdAt.getTime() + completedAfterHours * 3_600_000)
          : null,
    };
  });

describe("action items per bucket", () => {
  it("give the same figures as actionItemMetrics for each bucket", () => {
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 40 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom("week", "month" as const),
        (items, tz, g) => {
          const buckets = timeBuckets(new Date("2026-01-01T00:00:00Z"), new Date("2026-05-20T13:00:00Z"), tz, g);
          const fast = actionItemBuckets(items, buckets, tz).map(
            ({ due, doneOnTime, completionRate, overdueAtEnd }) => ({ due, doneOnTime, completionRate, overdueAtEnd }),
          );
          expect(fast).toEqual(actionItemBucketsSlow(items, buckets, tz));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("summarise a period exactly as actionItemMetrics does", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), fc.constantFrom(...ZONES), (items, tz) => {
        const period = { from: new Date("2026-02-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") };
        expect(actionItemSummary(items, period, tz)).toEqual(actionItemMetrics(items, period, tz));
      }),
      { numRuns: 60 },
    );
  });
});

describe("incidents per bucket", () => {
  it("put every incident in the bucket it started in, with that bucket's median time to recover", () => {
    const buckets = timeBuckets(new Date("2026-03-02T00:00:00Z"), new Date("2026-03-23T00:00:00Z"), "UTC", "week");
    const incident = (
      id: number,
      start: string,
      minutes: number | null,
      severity: IncidentRecord["severity"] = "SEV2",
    ): IncidentRecord => ({
      id,
      severity,
      startedAt: new Date(start),
      detectedAt: null,
      resolvedAt: minutes === null ? null : new Date(Date.parse(start) + minutes * 60_000),
      postmortemPublishedAt: null,
      audit: {},
    });
    const list = [
      incident(1, "2026-03-02T01:00:00Z", 30, "SEV1"),
      incident(2, "2026-03-04T01:00:00Z", 90),
      incident(3, "2026-03-16T01:00:00Z", null),
      incident(4, "2026-01-01T00:00:00Z", 5),
    ];
    const result = incidentBuckets(list, buckets);
    expect(result.map((b) => [b.key, b.count, b.ttrMedianMinutes, b.bySeverity.SEV1])).toEqual([
      ["2026-W10", 2, 60, 1],
      ["2026-W11", 0, null, 0],
      ["2026-W12", 1, null, 0],
    ]);
    expect(result.reduce((a, b) => a + b.count, 0)).toBe(
      incidentMetrics(list, { from: new Date(buckets[0]!.start), to: new Date(buckets.at(-1)!.end) }).count,
    );
  });
});
