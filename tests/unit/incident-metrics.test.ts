import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  actionItemMetrics,
  incidentMetrics,
  median,
  percentile,
  type ActionItemRecord,
  type IncidentRecord,
} from "../../app/domain/incident-metrics";

const d = (s: string) => new Date(s);
const november = {
  from: d("2026-11-01T00:00:00Z"),
  to: d("2026-12-01T00:00:00Z"),
};

describe("median and percentile", () => {
  it("interpolates linearly between closest ranks", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 90)).toBeCloseTo(46); // rank 3.6
    expect(percentile([10, 20, 30, 40, 50], 0)).toBe(10);
    expect(percentile([10, 20, 30, 40, 50], 100)).toBe(50);
    expect(percentile([7], 90)).toBe(7);
  });

  it("is null for no values", () => {
    expect(median([])).toBeNull();
    expect(percentile([], 90)).toBeNull();
  });

  it("rejects p outside 0–100", () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it("leaves its input unsorted", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it("stays within the range and grows with p", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
          minLength: 1,
        }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (values, p, q) => {
          const [lo, hi] = p <= q ? [p, q] : [q, p];
          const a = percentile(values, lo)!;
          const b = percentile(values, hi)!;
          return a >= Math.min(...values) && b <= Math.max(...values) && a <= b + 1e-9;
        },
      ),
    );
  });
});

function incident(partial: Partial<IncidentRecord> & Pick<IncidentRecord, "id" | "startedAt">): IncidentRecord {
  return {
    severity: "SEV3",
    detectedAt: null,
    resolvedAt: null,
    postmortemPublishedAt: null,
    audit: {},
    ...partial,
  };
}

describe("incidentMetrics", () => {
  const incidents: IncidentRecord[] = [
    incident({
      id: 1,
      severity: "SEV1",
      startedAt: d("2026-11-02T10:00:00Z"),
      resolvedAt: d("2026-11-02T11:30:00Z"), // 90 min
      postmortemPublishedAt: d("2026-11-04T11:30:00Z"), // 48 h
      audit: {
        investigatingWithin5m: "yes",
        updatesEvery15to20m: "no",
        postmortemPublished: "yes",
      },
    }),
    incident({
      id: 2,
      severity: "SEV2",
      startedAt: d("2026-11-10T08:00:00Z"),
      resolvedAt: d("2026-11-10T08:30:00Z"), // 30 min
      audit: { creditsOffered: "na", customerEmailWithin2h: "no" },
    }),
    incident({
      id: 3,
      severity: "SEV3",
      startedAt: d("2026-11-15T00:00:00Z"),
      resolvedAt: d("2026-11-15T02:00:00Z"), // 120 min
      postmortemPublishedAt: d("2026-11-15T14:00:00Z"), // 12 h
    }),
    incident({
      id: 4,
      severity: "SEV2",
      startedAt: d("2026-11-30T23:00:00Z"), // ongoing
      audit: { investigatingWithin5m: "yes" },
    }),
    incident({
      id: 5,
      severity: "SEV1",
      startedAt: d("2026-12-01T00:00:00Z"), // == to: next period
      resolvedAt: d("2026-12-01T05:00:00Z"),
      audit: { creditsOffered: "no" },
    }),
    incident({ id: 6, severity: "SEV4", startedAt: d("2026-10-31T23:59:59Z") }), // before from
    incident({
      id: 7,
      severity: "SEV4",
      startedAt: d("2026-11-01T00:00:00Z"), // == from: included
      resolvedAt: d("2026-11-01T00:10:00Z"), // 10 min
    }),
  ];

  it("computes the hand-worked example", () => {
    expect(incidentMetrics(incidents, november)).toEqual({
      count: 5,
      bySeverity: { SEV1: 1, SEV2: 2, SEV3: 1, SEV4: 1 },
      ongoing: 1,
      // [10, 30, 90, 120]: median (30 + 90) / 2; p90 at rank 2.7 → 90 + 0.7 · 30
      timeToRecoverMinutes: { median: 60, p90: expect.closeTo(111, 9), n: 4 },
      timeToPostmortemHours: { median: 30, n: 2 },
      majorWithPostmortemShare: 1 / 3, // #1 of #1, #2, #4
      auditScore: 3 / 5, // yes: #1 ×2, #4; no: #1, #2; na ignored
    });
  });

  it("puts an incident starting exactly at the end into the next period", () => {
    const december = {
      from: d("2026-12-01T00:00:00Z"),
      to: d("2027-01-01T00:00:00Z"),
    };
    const m = incidentMetrics(incidents, december);
    expect(m.count).toBe(1);
    expect(m.bySeverity.SEV1).toBe(1);
    expect(m.timeToRecoverMinutes).toEqual({ median: 300, p90: 300, n: 1 });
    expect(m.majorWithPostmortemShare).toBe(0);
    expect(m.auditScore).toBe(0);
  });

  it("returns zeros and nulls for no incidents", () => {
    expect(incidentMetrics([], november)).toEqual({
      count: 0,
      bySeverity: { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 },
      ongoing: 0,
      timeToRecoverMinutes: { median: null, p90: null, n: 0 },
      timeToPostmortemHours: { median: null, n: 0 },
      majorWithPostmortemShare: null,
      auditScore: null,
    });
  });

  it("gives no audit score when every answer is not applicable", () => {
    const m = incidentMetrics(
      [
        incident({
          id: 1,
          startedAt: d("2026-11-05T00:00:00Z"),
          audit: { creditsOffered: "na" },
        }),
      ],
      november,
    );
    expect(m.auditScore).toBeNull();
    expect(m.majorWithPostmortemShare).toBeNull();
    expect(m.ongoing).toBe(1);
    expect(m.timeToRecoverMinutes.n).toBe(0);
  });
});

function item(partial: Partial<ActionItemRecord> & Pick<ActionItemRecord, "id" | "dueDate">): ActionItemRecord {
  return {
    status: "open",
    createdAt: d("2026-10-01T00:00:00Z"),
    completedAt: null,
    ...partial,
  };
}

describe("actionItemMetrics", () => {
  const items: ActionItemRecord[] = [
    // A: done a minute before its due date ends
    item({
      id: 1,
      dueDate: "2026-11-10",
      status: "done",
      createdAt: d("2026-11-01T00:00:00Z"),
      completedAt: d("2026-11-10T23:59:00Z"),
    }),
    // B: done at the first instant after its due date: late
    item({
      id: 2,
      dueDate: "2026-11-10",
      status: "done",
      createdAt: d("2026-11-04T00:00:00Z"),
      completedAt: d("2026-11-11T00:00:00Z"),
    }),
    // C: dropped, not owed
    item({ id: 3, dueDate: "2026-11-20", status: "dropped" }),
    // D: open and past due
    item({
      id: 4,
      dueDate: "2026-11-25",
      status: "open",
      createdAt: d("2026-10-20T00:00:00Z"),
    }),
    // E: due on the first day of the next period
    item({
      id: 5,
      dueDate: "2026-12-01",
      status: "in_progress",
      createdAt: d("2026-11-05T00:00:00Z"),
    }),
    // F: due before the period, done only after it ended
    item({
      id: 6,
      dueDate: "2026-10-31",
      status: "done",
      createdAt: d("2026-10-01T00:00:00Z"),
      completedAt: d("2026-12-05T00:00:00Z"),
    }),
    // G: due on the last day of the period, still open
    item({
      id: 7,
      dueDate: "2026-11-30",
      status: "open",
      createdAt: d("2026-11-01T00:00:00Z"),
    }),
    // H: created after the period
    item({
      id: 8,
      dueDate: "2026-12-10",
      status: "open",
      createdAt: d("2026-12-02T00:00:00Z"),
    }),
  ];

  it("computes the hand-worked example", () => {
    expect(actionItemMetrics(items, november)).toEqual({
      due: 4, // A, B, D, G
      doneOnTime: 1, // A
      completionRate: 0.25,
      overdue: 3, // D, F, G
      // A: 9 d 23 h 59 min, B: 7 d → median 8.4997 → 8.5
      medianDaysToClose: 8.5,
      open: 4, // D, E, F, G
    });
  });

  it("returns zeros and nulls for no items", () => {
    expect(actionItemMetrics([], november)).toEqual({
      due: 0,
      doneOnTime: 0,
      completionRate: null,
      overdue: 0,
      medianDaysToClose: null,
      open: 0,
    });
  });

  it("reads due dates in the team's time zone", () => {
    // Midnight to midnight in Berlin (CET, +01:00).
    const berlinNovember = {
      from: d("2026-10-31T23:00:00Z"),
      to: d("2026-11-30T23:00:00Z"),
    };
    const late = item({
      id: 1,
      dueDate: "2026-11-10",
      status: "done",
      createdAt: d("2026-11-01T00:00:00Z"),
      completedAt: d("2026-11-10T23:30:00Z"), // 00:30 on the 11th in Berlin
    });
    const lastDay = item({ id: 2, dueDate: "2026-11-30", status: "open" });

    const inBerlin = actionItemMetrics([late, lastDay], berlinNovember, "Europe/Berlin");
    expect(inBerlin).toMatchObject({
      due: 2,
      doneOnTime: 0,
      overdue: 1,
      open: 1,
    });

    // Read in UTC, the 30th is not over when the period ends (23:00 UTC), so that item is not due yet.
    const inUtc = actionItemMetrics([late, lastDay], berlinNovember);
    expect(inUtc).toMatchObject({
      due: 1,
      doneOnTime: 1,
      overdue: 0,
      open: 1,
    });
  });

  // Issue #12, figure 1: "0 % (0 of 5 due)" when all 5 were due in December.
  it("counts only items whose due day has passed by now in a period not yet ended", () => {
    const quarter = { from: d("2026-10-01T00:00:00Z"), to: d("2027-01-01T00:00:00Z") };
    const now = d("2026-11-30T12:00:00Z");
    const current = [
      // due in October, done on time
      item({ id: 1, dueDate: "2026-10-15", status: "done", completedAt: d("2026-10-14T09:00:00Z") }),
      // due in November, done late
      item({ id: 2, dueDate: "2026-11-02", status: "done", completedAt: d("2026-11-04T09:00:00Z") }),
      // due today: the day is not over, so not due yet (and not overdue)
      item({ id: 3, dueDate: "2026-11-30", status: "open" }),
      // due next month, open: not due yet
      item({ id: 4, dueDate: "2026-12-10", status: "open" }),
      // due next month and already done: still not due
      item({ id: 5, dueDate: "2026-12-20", status: "done", completedAt: d("2026-11-20T09:00:00Z") }),
      // due in November, open: due and overdue now
      item({ id: 6, dueDate: "2026-11-20", status: "in_progress" }),
    ];
    expect(actionItemMetrics(current, quarter, "UTC", now)).toMatchObject({
      due: 3, // 1, 2, 6
      doneOnTime: 1, // 1
      completionRate: 1 / 3,
      overdue: 1, // 6
      open: 3, // 3, 4, 6
    });
    // The API's example: one open item due next month and nothing else.
    expect(actionItemMetrics([current[3]!], quarter, "UTC", now)).toMatchObject({
      due: 0,
      completionRate: null,
      overdue: 0,
    });
  });

  // Issue #12, figure 2: the current quarter reported overdueAtEnd: 3 while the page said 2.
  it("measures overdue now, not at the end, for a period that has not ended", () => {
    const quarter = { from: d("2026-10-01T00:00:00Z"), to: d("2027-01-01T00:00:00Z") };
    const now = d("2026-11-30T12:00:00Z");
    const owed = [
      item({ id: 1, dueDate: "2026-11-10", status: "open" }), // overdue now
      item({ id: 2, dueDate: "2026-11-29", status: "in_progress" }), // overdue now (yesterday)
      item({ id: 3, dueDate: "2026-12-15", status: "open" }), // overdue only at the quarter's end
    ];
    expect(actionItemMetrics(owed, quarter, "UTC", now).overdue).toBe(2);
    // Measured after the quarter has ended, all three were overdue at its end.
    expect(actionItemMetrics(owed, quarter, "UTC", d("2027-02-01T00:00:00Z")).overdue).toBe(3);
  });

  it("refuses a corrupt due date rather than skipping it", () => {
    expect(() => actionItemMetrics([item({ id: 9, dueDate: "2026-02-30" })], november)).toThrow(/Action item 9/);
  });
});
