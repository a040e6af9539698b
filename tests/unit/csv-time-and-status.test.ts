// The time and status helpers that CSV export, the pages and the API share
// (app/domain/incidents.ts and app/domain/incident-metrics.ts, issue 4 additions).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { calendarQuarter, quarterPeriod } from "../../app/domain/incident-metrics";
import { calendarDayIn } from "../../app/domain/calendar-day";
import { completedAtAfter, isOverdue } from "../../app/domain/action-status";
import { formatDuration } from "../../app/domain/incidents";
import { parseDateTime } from "../../app/domain/wall-time";
import { toDateTimeLocal, toOffsetDateTime } from "../../app/domain/instant-format";

describe("toOffsetDateTime", () => {
  it("writes the team's wall time with its offset at that instant", () => {
    expect(toOffsetDateTime(new Date("2026-07-01T12:00:00Z"), "America/New_York")).toBe("2026-07-01T08:00:00-04:00");
    expect(toOffsetDateTime(new Date("2026-01-01T12:00:00Z"), "America/New_York")).toBe("2026-01-01T07:00:00-05:00");
    expect(toOffsetDateTime(new Date("2026-03-10T08:00:00.250Z"), "Europe/Berlin")).toBe(
      "2026-03-10T09:00:00.250+01:00",
    );
    expect(toOffsetDateTime(new Date("2026-03-10T08:00:00Z"), "Asia/Kolkata")).toBe("2026-03-10T13:30:00+05:30");
    expect(toOffsetDateTime(new Date("2026-03-10T08:00:00Z"), "UTC")).toBe("2026-03-10T08:00:00+00:00");
  });

  it("names the same instant, in any zone (parseDateTime reads it back exactly)", () => {
    const zones = [
      "UTC",
      "Europe/Berlin",
      "America/St_Johns",
      "Asia/Kathmandu",
      "Pacific/Chatham",
      "America/Santiago",
      "Australia/Lord_Howe",
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
        fc.constantFrom(...zones),
        (ms, zone) => {
          const text = toOffsetDateTime(new Date(ms), zone);
          return parseDateTime(text)?.getTime() === ms;
        },
      ),
    );
  });
});

describe("toDateTimeLocal and calendarDayIn", () => {
  it("gives the wall clock a datetime-local field shows, which reads back to the same minute", () => {
    const instant = new Date("2026-10-25T00:30:00Z"); // the night Berlin falls back
    expect(toDateTimeLocal(instant, "Europe/Berlin")).toBe("2026-10-25T02:30");
    expect(calendarDayIn(new Date("2026-12-31T23:30:00Z"), "Asia/Singapore")).toBe("2027-01-01");
    expect(calendarDayIn(new Date("2026-01-01T03:00:00Z"), "America/Los_Angeles")).toBe("2025-12-31");
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2050, 0, 1) }),
        fc.constantFrom("UTC", "Asia/Tokyo", "America/Sao_Paulo"),
        (ms, zone) => {
          const minute = Math.floor(ms / 60_000) * 60_000;
          return parseDateTime(toDateTimeLocal(new Date(minute), zone), zone)?.getTime() === minute;
        },
      ),
    );
  });
});

describe("completedAtAfter", () => {
  const now = new Date("2026-05-01T10:00:00Z");
  const earlier = new Date("2026-04-01T10:00:00Z");

  it("sets the time when an item becomes done, keeps it while done, clears it otherwise", () => {
    expect(completedAtAfter(null, "done", now)).toEqual(now);
    expect(completedAtAfter({ status: "open", completedAt: null }, "done", now)).toEqual(now);
    expect(completedAtAfter({ status: "done", completedAt: earlier }, "done", now)).toEqual(earlier);
    expect(completedAtAfter({ status: "done", completedAt: earlier }, "open", now)).toBeNull();
    expect(completedAtAfter({ status: "done", completedAt: earlier }, "dropped", now)).toBeNull();
    expect(completedAtAfter({ status: "in_progress", completedAt: null }, "in_progress", now)).toBeNull();
    // Done without a recorded time (an old import) gets one when it is touched again as done.
    expect(completedAtAfter({ status: "done", completedAt: null }, "done", now)).toEqual(now);
  });
});

describe("isOverdue", () => {
  it("is true only for items still owed whose due day has passed", () => {
    expect(isOverdue({ status: "open", dueDate: "2026-04-30" }, "2026-05-01")).toBe(true);
    expect(isOverdue({ status: "in_progress", dueDate: "2026-04-30" }, "2026-05-01")).toBe(true);
    expect(isOverdue({ status: "open", dueDate: "2026-05-01" }, "2026-05-01")).toBe(false); // due today is not late
    expect(isOverdue({ status: "done", dueDate: "2026-04-30" }, "2026-05-01")).toBe(false);
    expect(isOverdue({ status: "dropped", dueDate: "2026-04-30" }, "2026-05-01")).toBe(false);
  });
});

describe("calendarQuarter", () => {
  it("is the quarter on the team's clock, from midnight to midnight", () => {
    const q = calendarQuarter(new Date("2026-12-31T23:30:00Z"), "Asia/Singapore");
    expect(q.key).toBe("2027-Q1");
    expect(q.label).toBe("Q1 2027");
    expect(q.from.toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(q.to.toISOString()).toBe("2027-03-31T16:00:00.000Z");
    const berlin = quarterPeriod(2026, 1, "Europe/Berlin");
    expect(berlin.from.toISOString()).toBe("2025-12-31T23:00:00.000Z");
    expect(berlin.to.toISOString()).toBe("2026-03-31T22:00:00.000Z"); // after the switch to summer time
  });
});

describe("formatDuration", () => {
  it("says durations the way people do", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(40)).toBe("40 min");
    expect(formatDuration(60)).toBe("1 h");
    expect(formatDuration(135)).toBe("2 h 15 min");
    expect(formatDuration(3 * 1440 + 240)).toBe("3 d 4 h");
    expect(formatDuration(2 * 1440 + 10)).toBe("2 d");
  });
});
