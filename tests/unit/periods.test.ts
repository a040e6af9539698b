import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { weeklyCyclesBetween } from "~/domain/cycles";
import { calendarDayIn } from "~/domain/calendar-day";
import { MAX_CUSTOM_YEARS, parsePeriodQuery, periodSearch, resolvePeriod, type PeriodChoice } from "~/domain/periods";

const q = (s: string) => parsePeriodQuery(new URLSearchParams(s));

describe("parsePeriodQuery", () => {
  it("defaults to the last 12 weeks", () => {
    expect(q("")).toMatchObject({ ok: true, choice: { preset: "12w" } });
    expect(q("period=")).toMatchObject({ ok: true, choice: { preset: "12w" } });
  });

  it.each(["12w", "6m", "1y", "all"] as const)("reads the preset %s and ignores stray dates", (preset) => {
    expect(q(`period=${preset}&from=2026-01-01&to=2026-02-01`)).toEqual({
      ok: true,
      choice: { preset },
      values: { period: preset, from: "2026-01-01", to: "2026-02-01" },
    });
  });

  it("reads custom dates, and dates alone as custom", () => {
    expect(q("period=custom&from=2026-01-05&to=2026-03-01")).toMatchObject({
      ok: true,
      choice: { preset: "custom", from: "2026-01-05", to: "2026-03-01" },
    });
    expect(q("from=2026-01-05&to=2026-01-05")).toMatchObject({
      ok: true,
      choice: { preset: "custom", from: "2026-01-05", to: "2026-01-05" },
    });
  });

  it("names the field that is wrong and keeps what was typed", () => {
    expect(q("period=forever")).toEqual({
      ok: false,
      errors: { period: "Choose last 12 weeks, last 6 months, last year, all history or custom dates" },
      values: { period: "forever", from: "", to: "" },
    });
    expect(q("period=custom")).toMatchObject({
      ok: false,
      errors: { from: "Enter the first day of the period", to: "Enter the last day of the period" },
    });
    expect(q("period=custom&from=2026-02-30&to=2026-03-01")).toMatchObject({
      ok: false,
      errors: { from: "Enter a date like 2026-01-31" },
    });
    expect(q("period=custom&from=01/02/2026&to=2026-03-01")).toMatchObject({
      ok: false,
      errors: { from: "Enter a date like 2026-01-31" },
    });
    expect(q("period=custom&from=2026-03-02&to=2026-03-01")).toMatchObject({
      ok: false,
      errors: { to: "The last day must be on or after the first day" },
    });
    expect(q(`period=custom&from=2010-01-01&to=${2010 + MAX_CUSTOM_YEARS}-01-01`)).toMatchObject({
      ok: false,
      errors: { to: expect.stringContaining("at most 10 years") },
    });
    expect(q(`period=custom&from=2010-01-01&to=${2010 + MAX_CUSTOM_YEARS - 1}-12-31`).ok).toBe(true);
  });

  it("round-trips every choice through its query string", () => {
    const day = fc
      // Inside the sane date range (domain/date-range): 2000-01-01 to two years from now.
      .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2020-12-31T00:00:00Z"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const choice: fc.Arbitrary<PeriodChoice> = fc.oneof(
      fc.constantFrom<PeriodChoice>({ preset: "12w" }, { preset: "6m" }, { preset: "1y" }, { preset: "all" }),
      fc.tuple(day, fc.integer({ min: 0, max: 2800 })).map(([from, days]) => {
        const to = new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
        return { preset: "custom" as const, from, to };
      }),
    );
    fc.assert(
      fc.property(choice, (c) => {
        const parsed = parsePeriodQuery(new URLSearchParams(periodSearch(c)));
        expect(parsed.ok && parsed.choice).toEqual(c);
      }),
    );
  });
});

describe("resolvePeriod", () => {
  const now = new Date("2026-11-20T15:00:00Z"); // a Friday
  const ok = (r: ReturnType<typeof resolvePeriod>) => {
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.period;
  };

  it("last 12 weeks: twelve whole weeks from a Monday, plus the one in progress, up to now", () => {
    for (const tz of ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland"]) {
      const p = ok(resolvePeriod({ preset: "12w" }, { now, timeZone: tz }));
      expect(p.to).toEqual(now);
      const weeks = weeklyCyclesBetween(p.from, new Date(p.to.getTime() - 1), tz);
      expect(weeks).toHaveLength(13);
      expect(weeks[0]!.opensAt).toEqual(p.from);
      expect(weeks.at(-1)!.opensAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(weeks.at(-1)!.closesAt.getTime()).toBeGreaterThan(now.getTime());
    }
  });

  it("6 months and a year count calendar months on the team's clock", () => {
    expect(ok(resolvePeriod({ preset: "6m" }, { now, timeZone: "UTC" })).fromDate).toBe("2026-05-20");
    expect(ok(resolvePeriod({ preset: "1y" }, { now, timeZone: "UTC" })).fromDate).toBe("2025-11-20");
    // 31 August minus six months is the end of February, not early March.
    const endOfAugust = new Date("2026-08-31T12:00:00Z");
    expect(ok(resolvePeriod({ preset: "6m" }, { now: endOfAugust, timeZone: "UTC" })).fromDate).toBe("2026-02-28");
    expect(
      ok(resolvePeriod({ preset: "1y" }, { now: new Date("2028-02-29T12:00:00Z"), timeZone: "UTC" })).fromDate,
    ).toBe("2027-02-28");
    // In Auckland it is already the 21st.
    const nz = ok(resolvePeriod({ preset: "6m" }, { now, timeZone: "Pacific/Auckland" }));
    expect(nz.fromDate).toBe("2026-05-21");
    expect(calendarDayIn(nz.from, "Pacific/Auckland")).toBe("2026-05-21");
    expect(nz.from.toISOString()).toBe("2026-05-20T12:00:00.000Z");
  });

  it("all history starts on the first day on record, or today when there is nothing", () => {
    expect(
      ok(resolvePeriod({ preset: "all" }, { now, timeZone: "UTC", earliest: new Date("2021-03-04T10:00:00Z") })).from,
    ).toEqual(new Date("2021-03-04T00:00:00Z"));
    const empty = ok(resolvePeriod({ preset: "all" }, { now, timeZone: "UTC", earliest: null }));
    expect(empty.fromDate).toBe("2026-11-20");
    expect(empty.to).toEqual(now);
  });

  it("custom dates: local midnights, the last day included, never past now", () => {
    const p = ok(
      resolvePeriod({ preset: "custom", from: "2026-03-01", to: "2026-04-30" }, { now, timeZone: "Europe/Berlin" }),
    );
    expect(p.from.toISOString()).toBe("2026-02-28T23:00:00.000Z"); // CET
    expect(p.to.toISOString()).toBe("2026-04-30T22:00:00.000Z"); // 1 May 00:00 CEST
    expect(p.fromDate).toBe("2026-03-01");
    expect(p.toDate).toBe("2026-04-30");
    const future = ok(
      resolvePeriod({ preset: "custom", from: "2026-11-01", to: "2027-01-31" }, { now, timeZone: "UTC" }),
    );
    expect(future.to).toEqual(now);
    expect(future.toDate).toBe("2026-11-20");
    expect(resolvePeriod({ preset: "custom", from: "2026-12-01", to: "2026-12-31" }, { now, timeZone: "UTC" })).toEqual(
      { ok: false, errors: { from: "The period cannot start in the future" } },
    );
  });
});
