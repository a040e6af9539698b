import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  cycleStatus,
  isValidTimeZone,
  parseQuarterKey,
  parseWeekKey,
  quarterlyCycleAt,
  quarterlyCycleByKey,
  quarterlyCycleFor,
  quarterlyCyclesBetween,
  weeklyCycleAt,
  weeklyCycleByKey,
  weeklyCyclesBetween,
  type CycleWindow,
} from "../../app/domain/cycles";
import { isoWeeksInYear } from "../../app/domain/cycle-days";
import { at } from "../support/elements";

const HOUR = 3_600_000;
const hours = (w: CycleWindow) => (w.closesAt.getTime() - w.opensAt.getTime()) / HOUR;
const iso = (s: string) => new Date(s);

/** Local wall-clock of an instant in a zone, "YYYY-MM-DD HH:mm" — an oracle independent of cycles.ts. */
function wall(d: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

function localWeekday(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short" }).format(d);
}

const ZONES = [
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "Pacific/Auckland",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "America/St_Johns",
  "Asia/Tehran",
  "America/Santiago",
  "Pacific/Kiritimati",
  "Pacific/Apia",
  "Africa/Casablanca",
  "America/Havana",
  "Pacific/Pago_Pago",
];

// Weeks in which a zone skipped a calendar day: Kiritimati went from UTC−10 to UTC+14 after
// 30 Dec 1994; Samoa from UTC−10 to UTC+14 after 29 Dec 2011.
const SKIPPED_A_DAY = new Set(["Pacific/Kiritimati 1994-W52", "Pacific/Apia 2011-W52"]);

const instantArb = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => new Date(ms));
const zoneArb = fc.constantFrom(...ZONES);

describe("isValidTimeZone", () => {
  it.each(["UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland", "Asia/Kathmandu", "Etc/GMT+5"])(
    "accepts %s",
    (tz) => expect(isValidTimeZone(tz)).toBe(true),
  );
  it.each(["", " ", "Mars/Base", "Europe/Berlinn", "GMT+25", "not a zone"])("rejects %j", (tz) =>
    expect(isValidTimeZone(tz)).toBe(false),
  );
  it("rejects non-strings without throwing", () => {
    expect(isValidTimeZone(undefined as unknown as string)).toBe(false);
    expect(isValidTimeZone(null as unknown as string)).toBe(false);
  });
});

describe("weeklyCycleAt — ISO week-year edges", () => {
  it.each([
    ["2020-12-31T12:00:00Z", "2020-W53"],
    ["2021-01-03T12:00:00Z", "2020-W53"],
    ["2021-01-04T00:00:00Z", "2021-W01"],
    ["2024-12-30T00:00:00Z", "2025-W01"],
    ["2024-12-29T23:59:59.999Z", "2024-W52"],
    ["2026-01-01T00:00:00Z", "2026-W01"],
    ["2025-12-29T00:00:00Z", "2026-W01"],
    ["2027-01-01T00:00:00Z", "2026-W53"],
    ["2015-12-31T00:00:00Z", "2015-W53"],
    ["2016-01-03T23:59:59Z", "2015-W53"],
    ["2008-12-29T00:00:00Z", "2009-W01"],
    ["2010-01-03T00:00:00Z", "2009-W53"],
    ["2026-11-18T09:00:00Z", "2026-W47"],
  ])("%s is %s in UTC", (instant, key) => {
    expect(weeklyCycleAt(iso(instant), "UTC").periodKey).toBe(key);
  });

  it("knows 52- and 53-week ISO years", () => {
    expect([2015, 2020, 2026, 2032, 2037].map(isoWeeksInYear)).toEqual([53, 53, 53, 53, 53]);
    expect([2019, 2021, 2024, 2025, 2100].map(isoWeeksInYear)).toEqual([52, 52, 52, 52, 52]);
  });

  it("gives a label with ISO week number and the Monday–Sunday dates", () => {
    expect(weeklyCycleAt(iso("2026-11-18T09:00:00Z"), "UTC").label).toBe("Week 47, 16–22 Nov 2026");
    expect(weeklyCycleAt(iso("2026-01-28T09:00:00Z"), "UTC").label).toBe("Week 5, 26 Jan – 1 Feb 2026");
    expect(weeklyCycleAt(iso("2020-12-31T09:00:00Z"), "UTC").label).toBe("Week 53, 28 Dec 2020 – 3 Jan 2021");
    expect(weeklyCycleAt(iso("2024-12-31T09:00:00Z"), "UTC").label).toBe("Week 1, 30 Dec 2024 – 5 Jan 2025");
  });

  it("pads keys: week 1 is W01, not W1", () => {
    expect(weeklyCycleAt(iso("2026-01-07T00:00:00Z"), "UTC").periodKey).toBe("2026-W02");
  });

  it("rejects invalid dates and zones", () => {
    expect(() => weeklyCycleAt(new Date(NaN), "UTC")).toThrow(RangeError);
    expect(() => weeklyCycleAt(new Date(), "Mars/Base")).toThrow(RangeError);
    expect(() => weeklyCycleAt(new Date(), "")).toThrow(RangeError);
  });
});

describe("weeklyCycleAt — time zones", () => {
  it("opens Monday 00:00 and closes next Monday 00:00 on the team's clock", () => {
    const w = weeklyCycleAt(iso("2026-11-18T09:00:00Z"), "Europe/Berlin");
    expect(w.opensAt.toISOString()).toBe("2026-11-15T23:00:00.000Z");
    expect(w.closesAt.toISOString()).toBe("2026-11-22T23:00:00.000Z");
    expect(wall(w.opensAt, "Europe/Berlin")).toBe("2026-11-16 00:00");
    expect(wall(w.closesAt, "Europe/Berlin")).toBe("2026-11-23 00:00");
  });

  it("Europe/Berlin: spring-forward week is 167 h, fall-back week is 169 h", () => {
    const spring = weeklyCycleByKey("2026-W13", "Europe/Berlin")!; // DST starts Sun 29 Mar 2026
    expect(hours(spring)).toBe(167);
    expect(spring.opensAt.toISOString()).toBe("2026-03-22T23:00:00.000Z");
    expect(spring.closesAt.toISOString()).toBe("2026-03-29T22:00:00.000Z");
    const autumn = weeklyCycleByKey("2026-W43", "Europe/Berlin")!; // DST ends Sun 25 Oct 2026
    expect(hours(autumn)).toBe(169);
    expect(hours(weeklyCycleByKey("2026-W44", "Europe/Berlin")!)).toBe(168);
  });

  it("America/New_York: spring-forward week is 167 h, fall-back week is 169 h", () => {
    const spring = weeklyCycleByKey("2026-W10", "America/New_York")!; // DST starts Sun 8 Mar 2026
    expect(hours(spring)).toBe(167);
    expect(spring.opensAt.toISOString()).toBe("2026-03-02T05:00:00.000Z");
    expect(spring.closesAt.toISOString()).toBe("2026-03-09T04:00:00.000Z");
    const autumn = weeklyCycleByKey("2026-W44", "America/New_York")!; // DST ends Sun 1 Nov 2026
    expect(hours(autumn)).toBe(169);
    expect(autumn.closesAt.toISOString()).toBe("2026-11-02T05:00:00.000Z");
  });

  it("Pacific/Auckland and UTC put the same instant in different weeks", () => {
    // Sunday 22:00 UTC is already Monday 11:00 in Auckland (NZDT, +13).
    const instant = iso("2026-11-22T22:00:00Z");
    expect(weeklyCycleAt(instant, "UTC").periodKey).toBe("2026-W47");
    expect(weeklyCycleAt(instant, "Pacific/Auckland").periodKey).toBe("2026-W48");
    expect(weeklyCycleAt(instant, "Pacific/Auckland").opensAt.toISOString()).toBe("2026-11-22T11:00:00.000Z");
  });

  it("America/New_York and UTC disagree across the year boundary", () => {
    const instant = iso("2021-01-04T03:00:00Z"); // Sunday 22:00 in New York
    expect(weeklyCycleAt(instant, "UTC").periodKey).toBe("2021-W01");
    expect(weeklyCycleAt(instant, "America/New_York").periodKey).toBe("2020-W53");
  });

  it("handles a Monday whose midnight does not exist (Asia/Tehran, 22 Mar 2021)", () => {
    const w = weeklyCycleByKey("2021-W12", "Asia/Tehran")!;
    // Clocks went from 23:59:59 Sunday straight to 01:00 Monday.
    expect(w.opensAt.toISOString()).toBe("2021-03-21T20:30:00.000Z");
    expect(wall(w.opensAt, "Asia/Tehran")).toBe("2021-03-22 01:00");
    expect(hours(w)).toBe(167);
    expect(weeklyCycleAt(iso("2021-03-21T20:29:59Z"), "Asia/Tehran").periodKey).toBe("2021-W11");
    expect(weeklyCycleAt(iso("2021-03-21T20:30:00Z"), "Asia/Tehran").periodKey).toBe("2021-W12");
  });

  it("handles half-hour DST (Australia/Lord_Howe) and 45-minute offsets (Asia/Kathmandu)", () => {
    const lh = weeklyCycleByKey("2026-W14", "Australia/Lord_Howe")!; // DST ends Sun 5 Apr 2026, 30 min back
    expect(hours(lh)).toBe(168.5);
    const ktm = weeklyCycleByKey("2026-W47", "Asia/Kathmandu")!;
    expect(ktm.opensAt.toISOString()).toBe("2026-11-15T18:15:00.000Z");
  });
});

describe("weeklyCycleByKey", () => {
  it.each([
    "",
    "2026",
    "2026-W",
    "2026-W1",
    "2026-W001",
    "2026W47",
    "2026-w47",
    "2026-W00",
    "2026-W54",
    "2025-W53",
    " 2026-W47",
    "2026-W47 ",
    "26-W47",
    "2026-Q4",
    "0000-W01",
  ])("returns null for malformed key %j", (key) => expect(weeklyCycleByKey(key, "UTC")).toBeNull());

  it("accepts week 53 only in 53-week years", () => {
    expect(weeklyCycleByKey("2026-W53", "UTC")?.opensAt.toISOString()).toBe("2026-12-28T00:00:00.000Z");
    expect(weeklyCycleByKey("2020-W53", "UTC")?.label).toBe("Week 53, 28 Dec 2020 – 3 Jan 2021");
  });

  it("throws for an unknown zone rather than pretending the key is malformed", () => {
    expect(() => weeklyCycleByKey("2026-W47", "Mars/Base")).toThrow(RangeError);
  });

  it("parseWeekKey exposes the parts", () => {
    expect(parseWeekKey("2020-W53")).toEqual({ isoYear: 2020, week: 53 });
    expect(parseWeekKey("2021-W53")).toBeNull();
  });

  it("property: key → window → key round-trips, and the window sits on Monday midnights", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1971, max: 2099 }), fc.integer({ min: 1, max: 53 }), zoneArb, (year, week, tz) => {
        const key = `${year}-W${String(week).padStart(2, "0")}`;
        const w = weeklyCycleByKey(key, tz);
        if (week > isoWeeksInYear(year)) return w === null;
        expect(w).not.toBeNull();
        expect(w!.periodKey).toBe(key);
        expect(weeklyCycleAt(w!.opensAt, tz).periodKey).toBe(key);
        expect(weeklyCycleAt(new Date(w!.closesAt.getTime() - 1), tz).periodKey).toBe(key);
        expect(localWeekday(w!.opensAt, tz)).toBe("Mon");
        // Two zones here jumped the date line and skipped a whole local day: that week had six.
        // Clocks move by up to two hours within a week (Newfoundland's double daylight time in 1988).
        const days = SKIPPED_A_DAY.has(`${tz} ${key}`) ? 6 : 7;
        expect(hours(w!)).toBeGreaterThanOrEqual(days * 24 - 2);
        expect(hours(w!)).toBeLessThanOrEqual(days * 24 + 2);
        return true;
      }),
      { numRuns: 400 },
    );
  });
});

describe("weeklyCycleAt — properties", () => {
  it("every instant lies in exactly the window weeklyCycleAt returns, and windows tile time", () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (t, tz) => {
        const w = weeklyCycleAt(t, tz);
        expect(w.opensAt.getTime()).toBeLessThanOrEqual(t.getTime());
        expect(t.getTime()).toBeLessThan(w.closesAt.getTime());
        // Neighbouring windows meet exactly, so no other window can contain t.
        const next = weeklyCycleAt(w.closesAt, tz);
        const prev = weeklyCycleAt(new Date(w.opensAt.getTime() - 1), tz);
        expect(next.opensAt.getTime()).toBe(w.closesAt.getTime());
        expect(prev.closesAt.getTime()).toBe(w.opensAt.getTime());
        expect(next.periodKey > w.periodKey).toBe(true);
        expect(prev.periodKey < w.periodKey).toBe(true);
        // And the window is the one named by its own key.
        expect(weeklyCycleByKey(w.periodKey, tz)).toEqual(w);
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it("the window opens at Monday 00:00 local time whenever that time exists", () => {
    fc.assert(
      fc.property(
        instantArb,
        fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland"),
        (t, tz) => {
          const w = weeklyCycleAt(t, tz);
          expect(wall(w.opensAt, tz)).toMatch(/ 00:00$/);
          expect(wall(w.closesAt, tz)).toMatch(/ 00:00$/);
          expect(localWeekday(w.opensAt, tz)).toBe("Mon");
          expect(localWeekday(w.closesAt, tz)).toBe("Mon");
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it("in UTC the week agrees with a simple day-count oracle", () => {
    fc.assert(
      fc.property(instantArb, (t) => {
        const day = Math.floor(t.getTime() / 86_400_000);
        const mondayDay = day - ((day + 3) % 7); // 1970-01-01 was a Thursday
        expect(weeklyCycleAt(t, "UTC").opensAt.getTime()).toBe(mondayDay * 86_400_000);
        return true;
      }),
    );
  });
});

describe("cycleStatus", () => {
  const w = weeklyCycleByKey("2026-W47", "UTC")!;
  it("is upcoming before opening, open on [opensAt, closesAt), closed from closesAt", () => {
    expect(cycleStatus(w, new Date(w.opensAt.getTime() - 1))).toBe("upcoming");
    expect(cycleStatus(w, w.opensAt)).toBe("open");
    expect(cycleStatus(w, new Date(w.closesAt.getTime() - 1))).toBe("open");
    expect(cycleStatus(w, w.closesAt)).toBe("closed");
    expect(cycleStatus(w, iso("2030-01-01T00:00:00Z"))).toBe("closed");
  });
  it("throws for an invalid now", () => {
    expect(() => cycleStatus(w, new Date("nope"))).toThrow(RangeError);
  });
});

describe("weeklyCyclesBetween", () => {
  it("returns every week overlapping [from, to], ascending and contiguous", () => {
    const ws = weeklyCyclesBetween(iso("2020-12-20T00:00:00Z"), iso("2021-01-12T00:00:00Z"), "UTC");
    expect(ws.map((w) => w.periodKey)).toEqual(["2020-W51", "2020-W52", "2020-W53", "2021-W01", "2021-W02"]);
  });
  it("includes the week of `to` even when `to` is its opening instant", () => {
    const ws = weeklyCyclesBetween(iso("2026-11-16T00:00:00Z"), iso("2026-11-23T00:00:00Z"), "UTC");
    expect(ws.map((w) => w.periodKey)).toEqual(["2026-W47", "2026-W48"]);
  });
  it("from === to gives one week; from > to gives none", () => {
    expect(weeklyCyclesBetween(iso("2026-11-18T00:00:00Z"), iso("2026-11-18T00:00:00Z"), "UTC")).toHaveLength(1);
    expect(weeklyCyclesBetween(iso("2026-11-19T00:00:00Z"), iso("2026-11-18T00:00:00Z"), "UTC")).toEqual([]);
  });
  it("property: windows are contiguous, cover [from, to], and each overlaps it", () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 0, max: 120 * 86_400_000 }), zoneArb, (from, span, tz) => {
        const to = new Date(from.getTime() + span);
        const ws = weeklyCyclesBetween(from, to, tz);
        expect(ws.length).toBeGreaterThan(0);
        expect(at(ws, 0).opensAt.getTime()).toBeLessThanOrEqual(from.getTime());
        expect(at(ws, -1).closesAt.getTime()).toBeGreaterThan(to.getTime());
        for (const [i, w] of ws.slice(1).entries()) expect(w.opensAt.getTime()).toBe(at(ws, i).closesAt.getTime());
        for (const w of ws) {
          expect(w.opensAt.getTime()).toBeLessThanOrEqual(to.getTime());
          expect(w.closesAt.getTime()).toBeGreaterThan(from.getTime());
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });
});

describe("quarterly cycles", () => {
  it("opens on the first Monday of the quarter at 00:00 team time and closes windowDays later", () => {
    const q = quarterlyCycleFor(2026, 4, "Europe/Berlin", 14);
    expect(q.kind).toBe("quarterly");
    expect(q.periodKey).toBe("2026-Q4");
    expect(q.opensAt.toISOString()).toBe("2026-10-04T22:00:00.000Z"); // Mon 5 Oct, CEST
    expect(q.closesAt.toISOString()).toBe("2026-10-18T22:00:00.000Z"); // Mon 19 Oct, CEST
    expect(q.label).toBe("Q4 2026 survey, 5–18 Oct");
  });

  it("counts calendar days on the team clock across a DST change", () => {
    // Q1 2026 opens Mon 5 Jan; 90 days spans Berlin's 29 Mar change.
    const q = quarterlyCycleFor(2026, 1, "Europe/Berlin", 84);
    expect(wall(q.closesAt, "Europe/Berlin")).toBe("2026-03-30 00:00");
    expect(hours(q)).toBe(84 * 24 - 1);
  });

  it("opens on the 1st when the quarter starts on a Monday", () => {
    expect(quarterlyCycleFor(2024, 1, "UTC", 14).opensAt.toISOString()).toBe("2024-01-01T00:00:00.000Z");
    expect(quarterlyCycleFor(2024, 1, "UTC", 14).label).toBe("Q1 2024 survey, 1–14 Jan");
  });

  it("labels windows that cross a month or a year", () => {
    expect(quarterlyCycleFor(2026, 1, "UTC", 30).label).toBe("Q1 2026 survey, 5 Jan – 3 Feb");
    expect(quarterlyCycleFor(2026, 4, "UTC", 1).label).toBe("Q4 2026 survey, 5 Oct");
    expect(quarterlyCycleFor(2026, 4, "UTC", 90).label).toBe("Q4 2026 survey, 5 Oct 2026 – 2 Jan 2027");
  });

  it("quarterlyCycleAt picks the quarter by the team's local date, whatever the window state", () => {
    const tz = "Pacific/Auckland";
    // 30 Sep 2026 12:00 UTC is already 1 Oct in Auckland.
    expect(quarterlyCycleAt(iso("2026-09-30T12:00:00Z"), tz, 14).periodKey).toBe("2026-Q4");
    expect(quarterlyCycleAt(iso("2026-09-30T12:00:00Z"), "UTC", 14).periodKey).toBe("2026-Q3");
    const q = quarterlyCycleAt(iso("2026-10-01T00:00:00Z"), "UTC", 14);
    expect(cycleStatus(q, iso("2026-10-01T00:00:00Z"))).toBe("upcoming");
    expect(cycleStatus(q, iso("2026-12-01T00:00:00Z"))).toBe("closed");
    expect(cycleStatus(q, iso("2026-10-10T00:00:00Z"))).toBe("open");
  });

  it("quarterlyCycleByKey parses keys and returns null for malformed ones", () => {
    expect(quarterlyCycleByKey("2026-Q4", "Europe/Berlin", 14)).toEqual(
      quarterlyCycleFor(2026, 4, "Europe/Berlin", 14),
    );
    for (const bad of ["", "2026-Q0", "2026-Q5", "2026Q4", "2026-q4", "2026-W47", "26-Q4", "2026-Q4 ", "0000-Q1"]) {
      expect(quarterlyCycleByKey(bad, "UTC", 14)).toBeNull();
    }
    expect(parseQuarterKey("2026-Q2")).toEqual({ year: 2026, quarter: 2 });
  });

  it("rejects bad windowDays, quarters and zones", () => {
    expect(() => quarterlyCycleFor(2026, 4, "UTC", 0)).toThrow(RangeError);
    expect(() => quarterlyCycleFor(2026, 4, "UTC", 1.5)).toThrow(RangeError);
    expect(() => quarterlyCycleFor(2026, 5 as 4, "UTC", 14)).toThrow(RangeError);
    expect(() => quarterlyCycleFor(2026, 4, "Mars/Base", 14)).toThrow(RangeError);
    expect(() => quarterlyCycleAt(new Date(), "UTC", -1)).toThrow(RangeError);
  });

  it("property: key round-trips, window opens on a Monday and lasts windowDays local days", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1971, max: 2099 }),
        fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
        zoneArb,
        fc.integer({ min: 1, max: 84 }),
        (year, quarter, tz, days) => {
          const q = quarterlyCycleFor(year, quarter, tz, days);
          expect(quarterlyCycleByKey(q.periodKey, tz, days)).toEqual(q);
          expect(quarterlyCycleAt(q.opensAt, tz, days).periodKey).toBe(q.periodKey);
          expect(quarterlyCycleAt(new Date(q.closesAt.getTime() - 1), tz, days).periodKey).toBe(q.periodKey);
          expect(localWeekday(q.opensAt, tz)).toBe("Mon");
          expect(Number(wall(q.opensAt, tz).slice(8, 10))).toBeLessThanOrEqual(7);
          const h = hours(q);
          expect(h).toBeGreaterThanOrEqual(days * 24 - 2);
          expect(h).toBeLessThanOrEqual(days * 24 + 2);
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it("quarterlyCyclesBetween lists windows overlapping [from, to], ascending", () => {
    const qs = quarterlyCyclesBetween(iso("2026-01-10T00:00:00Z"), iso("2026-12-31T00:00:00Z"), "UTC", 14);
    expect(qs.map((q) => q.periodKey)).toEqual(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    // Starting after Q1's window closed drops it.
    const later = quarterlyCyclesBetween(iso("2026-01-19T00:00:00Z"), iso("2026-07-01T00:00:00Z"), "UTC", 14);
    expect(later.map((q) => q.periodKey)).toEqual(["2026-Q2"]);
    expect(quarterlyCyclesBetween(iso("2026-02-01T00:00:00Z"), iso("2026-03-01T00:00:00Z"), "UTC", 14)).toEqual([]);
    expect(quarterlyCyclesBetween(iso("2026-03-01T00:00:00Z"), iso("2026-02-01T00:00:00Z"), "UTC", 14)).toEqual([]);
  });

  it("quarterlyCyclesBetween finds an over-long window opened in an earlier quarter", () => {
    const qs = quarterlyCyclesBetween(iso("2026-05-01T00:00:00Z"), iso("2026-05-02T00:00:00Z"), "UTC", 220);
    expect(qs.map((q) => q.periodKey)).toEqual(["2025-Q4", "2026-Q1", "2026-Q2"]);
  });

  it("property: quarterlyCyclesBetween equals a brute-force filter", () => {
    fc.assert(
      fc.property(
        instantArb,
        fc.integer({ min: 0, max: 800 * 86_400_000 }),
        zoneArb,
        fc.integer({ min: 1, max: 84 }),
        (from, span, tz, days) => {
          const to = new Date(from.getTime() + span);
          const got = quarterlyCyclesBetween(from, to, tz, days).map((q) => q.periodKey);
          const expected: string[] = [];
          const y0 = from.getUTCFullYear() - 1;
          const y1 = to.getUTCFullYear() + 1;
          for (let y = y0; y <= y1; y++) {
            for (const qq of [1, 2, 3, 4] as const) {
              const q = quarterlyCycleFor(y, qq, tz, days);
              if (q.opensAt <= to && q.closesAt > from) expected.push(q.periodKey);
            }
          }
          expect(got).toEqual(expected);
          return true;
        },
      ),
      { numRuns: 100 },
    );
  });
});
