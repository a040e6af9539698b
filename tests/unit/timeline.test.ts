import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  actionItemMetrics,
  incidentMetrics,
  type ActionItemRecord,
  type IncidentRecord,
} from "~/domain/incident-metrics";
import {
  bucketIndexOf,
  chooseGranularity,
  nextWeekKey,
  previousWeekKey,
  timeBuckets,
  weeksEndingWith,
} from "~/domain/timeline";
import { actionItemBuckets, actionItemBucketsSlow, actionItemSummary, incidentBuckets } from "~/domain/bucket-activity";

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
  it("are contiguous calendar months on the team's clock, the first and last cut to the period", () => {
    const from = new Date("2026-01-15T00:00:00Z");
    const to = new Date("2026-04-10T12:00:00Z");
    const months = timeBuckets(from, to, "Europe/Berlin", "month");
    expect(months.map((b) => b.key)).toEqual(["2026-01", "2026-02", "2026-03", "2026-04"]);
    expect(new Date(months[0]!.start).toISOString()).toBe(from.toISOString());
    expect(new Date(months[1]!.start).toISOString()).toBe("2026-01-31T23:00:00.000Z");
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
        // "now" anywhere from inside the period to after it: a bucket not yet ended is measured now.
        fc.integer({ min: 60, max: 160 }),
        (items, tz, g, nowDay) => {
          const now = Date.parse("2026-01-01T07:00:00Z") + nowDay * DAY;
          const buckets = timeBuckets(new Date("2026-01-01T00:00:00Z"), new Date("2026-05-20T13:00:00Z"), tz, g);
          const fast = actionItemBuckets(items, buckets, tz, now).map(
            ({ due, doneOnTime, completionRate, overdue }) => ({
              due,
              doneOnTime,
              completionRate,
              overdue,
            }),
          );
          expect(fast).toEqual(actionItemBucketsSlow(items, buckets, tz, now));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("summarise a period exactly as actionItemMetrics does", () => {
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 40 }),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 40, max: 100 }),
        (items, tz, nowDay) => {
          const now = new Date(Date.parse("2026-01-01T07:00:00Z") + nowDay * DAY);
          const period = { from: new Date("2026-02-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") };
          expect(actionItemSummary(items, period, tz, now)).toEqual(actionItemMetrics(items, period, tz, now));
        },
      ),
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

// Issue #12, figure 3: the one-year card said 6 incidents where the chart counted 8,
// because the first month's bar covered the whole month, not just the part in the period.
describe("buckets cut to the period", () => {
  it("count the same incidents and action items as the period's headline figures", () => {
    const period = { from: new Date("2025-12-15T00:00:00Z"), to: new Date("2026-12-15T00:00:00Z") };
    const buckets = timeBuckets(period.from, period.to, "UTC", "month");
    expect(buckets[0]).toMatchObject({ key: "2025-12", start: period.from.getTime() });
    expect(buckets.at(-1)).toMatchObject({ key: "2026-12", end: period.to.getTime() });
    const incident = (id: number, start: string): IncidentRecord => ({
      id,
      severity: "SEV3",
      startedAt: new Date(start),
      detectedAt: null,
      resolvedAt: null,
      postmortemPublishedAt: null,
      audit: {},
    });
    const list = [
      incident(1, "2025-12-02T10:00:00Z"), // same month, before the period: not counted
      incident(2, "2025-12-10T10:00:00Z"), // likewise
      incident(3, "2025-12-20T10:00:00Z"),
      incident(4, "2026-03-01T10:00:00Z"),
      incident(5, "2026-06-30T23:59:00Z"),
      incident(6, "2026-09-09T10:00:00Z"),
      incident(7, "2026-12-01T10:00:00Z"),
      incident(8, "2026-12-14T23:00:00Z"),
    ];
    const bars = incidentBuckets(list, buckets);
    expect(bars.reduce((a, b) => a + b.count, 0)).toBe(6);
    expect(incidentMetrics(list, period).count).toBe(6);
    expect(bars[0]!.count).toBe(1);

    const now = period.to.getTime();
    const items: ActionItemRecord[] = [
      {
        id: 1,
        dueDate: "2025-12-05",
        status: "done",
        createdAt: new Date("2025-11-01"),
        completedAt: new Date("2025-12-04"),
      },
      {
        id: 2,
        dueDate: "2025-12-16",
        status: "done",
        createdAt: new Date("2025-11-01"),
        completedAt: new Date("2025-12-16"),
      },
      { id: 3, dueDate: "2026-05-01", status: "open", createdAt: new Date("2026-04-01"), completedAt: null },
    ];
    const actionBars = actionItemBuckets(items, buckets, "UTC", now);
    const summary = actionItemSummary(items, period, "UTC", new Date(now));
    expect(actionBars.reduce((a, b) => a + b.due, 0)).toBe(2); // 2 and 3; 1 fell due before the period
    expect(summary.due).toBe(2);
    expect(actionBars.at(-1)!.overdue).toBe(summary.overdue);
    expect(summary.overdue).toBe(1);
  });
});
