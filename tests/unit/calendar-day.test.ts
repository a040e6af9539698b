import { describe, expect, it } from "vitest";
import { calendarDayIn, utcCalendarDay } from "~/domain/calendar-day";

describe("calendarDayIn: the day on the team's clock", () => {
  it("follows a spring-forward change: Berlin's clocks skip 02:00–03:00 on 29 March 2026", () => {
    // 00:59 UTC is 01:59 CET; an hour later it is 03:59 CEST, the same day.
    expect(calendarDayIn(new Date("2026-03-29T00:59:00Z"), "Europe/Berlin")).toBe("2026-03-29");
    expect(calendarDayIn(new Date("2026-03-29T01:59:00Z"), "Europe/Berlin")).toBe("2026-03-29");
    // 21:59 UTC is 23:59 CEST; 22:00 UTC is already Monday in Berlin (it would be Sunday under CET).
    expect(calendarDayIn(new Date("2026-03-29T21:59:00Z"), "Europe/Berlin")).toBe("2026-03-29");
    expect(calendarDayIn(new Date("2026-03-29T22:00:00Z"), "Europe/Berlin")).toBe("2026-03-30");
  });

  it("follows a fall-back change: New York repeats 01:00–02:00 on 1 November 2026", () => {
    // Midnight EDT is 04:00 UTC; after the change midnight EST is 05:00 UTC.
    expect(calendarDayIn(new Date("2026-11-01T03:59:00Z"), "America/New_York")).toBe("2026-10-31");
    expect(calendarDayIn(new Date("2026-11-01T04:00:00Z"), "America/New_York")).toBe("2026-11-01");
    expect(calendarDayIn(new Date("2026-11-02T04:59:00Z"), "America/New_York")).toBe("2026-11-01");
    expect(calendarDayIn(new Date("2026-11-02T05:00:00Z"), "America/New_York")).toBe("2026-11-02");
  });

  it("crosses the date line: one instant is three different days", () => {
    const instant = Date.parse("2026-11-30T11:30:00Z");
    expect(calendarDayIn(instant, "Pacific/Kiritimati")).toBe("2026-12-01"); // UTC+14
    expect(calendarDayIn(instant, "UTC")).toBe("2026-11-30");
    expect(calendarDayIn(instant, "Pacific/Pago_Pago")).toBe("2026-11-30"); // UTC−11
    expect(calendarDayIn(Date.parse("2026-11-30T10:00:00Z"), "Pacific/Kiritimati")).toBe("2026-12-01");
    expect(calendarDayIn(Date.parse("2026-11-30T10:00:00Z"), "Pacific/Pago_Pago")).toBe("2026-11-29");
  });

  it("skips the day Samoa left out: 30 December 2011 never happened in Apia", () => {
    expect(calendarDayIn(new Date("2011-12-30T09:59:00Z"), "Pacific/Apia")).toBe("2011-12-29");
    expect(calendarDayIn(new Date("2011-12-30T10:00:00Z"), "Pacific/Apia")).toBe("2011-12-31");
  });

  it("takes a Date or epoch milliseconds, and refuses an unknown zone", () => {
    const at = new Date("2026-06-15T12:00:00Z");
    expect(calendarDayIn(at, "Asia/Tokyo")).toBe(calendarDayIn(at.getTime(), "Asia/Tokyo"));
    expect(() => calendarDayIn(at, "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("utcCalendarDay: a UTC bound, not anyone's clock", () => {
  it("is the UTC date whatever the zone", () => {
    expect(utcCalendarDay(Date.parse("2026-11-30T23:59:59Z"))).toBe("2026-11-30");
    expect(utcCalendarDay(new Date("2026-12-01T00:00:00Z"))).toBe("2026-12-01");
  });
});
