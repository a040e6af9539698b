/**
 * Wall clocks in IANA time zones, with Intl as the only source of zone data.
 * Shared by ritual cycles (cycles.ts), incidents (incidents.ts) and the display
 * formatters (utils/format.ts), so there is one reading of "what the clock shows".
 *
 * A "wall" value is a wall-clock time encoded as if it were UTC milliseconds:
 * the wall time 2026-11-20 14:05 in Berlin is Date.UTC(2026, 10, 20, 14, 5).
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

// Building a DateTimeFormat is far more expensive than using one; dashboards
// compute hundreds of windows per request.
const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = wallClockFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    wallClockFormatters.set(timeZone, f);
  }
  return f;
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A cached Intl.DateTimeFormat for display. `key` must identify `locale` and
 * `options` apart from the zone (e.g. "date" / "date-time"); the zone is added to it.
 */
export function displayFormatter(
  key: string,
  timeZone: string,
  locale: string,
  options: Omit<Intl.DateTimeFormatOptions, "timeZone">,
): Intl.DateTimeFormat {
  const cacheKey = `${key}|${timeZone}`;
  let f = displayFormatters.get(cacheKey);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    displayFormatters.set(cacheKey, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  // Intl would silently fall back to the host zone for undefined, so be strict.
  if (typeof tz !== "string" || tz.trim() === "") return false;
  try {
    wallClockFormatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Throws RangeError for anything Intl does not know as a time zone. */
export function assertTimeZone(tz: string): void {
  if (!isValidTimeZone(tz)) throw new RangeError(`Unknown time zone: ${JSON.stringify(tz)}`);
}

/** UTC milliseconds of a proleptic-Gregorian wall time; safe for years 0–99 too (Date.UTC is not). */
export function utcMs(y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const dt = new Date(0);
  dt.setUTCFullYear(y, m - 1, d);
  dt.setUTCHours(h, mi, s, ms);
  return dt.getTime();
}

/** The wall clock in `timeZone` at the instant `ms`, encoded as if it were UTC. */
export function wallMs(ms: number, timeZone: string): number {
  let y = 0;
  let m = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  let bc = false;
  for (const p of wallClockFormatter(timeZone).formatToParts(new Date(ms))) {
    switch (p.type) {
      case "year":
        y = Number(p.value);
        break;
      case "month":
        m = Number(p.value);
        break;
      case "day":
        d = Number(p.value);
        break;
      case "hour":
        h = Number(p.value) % 24;
        break; // some ICU builds print 24 for midnight
      case "minute":
        mi = Number(p.value);
        break;
      case "second":
        s = Number(p.value);
        break;
      case "era":
        bc = p.value.startsWith("B");
        break;
    }
  }
  if (bc) y = 1 - y;
  const subSecond = ((ms % 1000) + 1000) % 1000;
  return utcMs(y, m, d, h, mi, s) + subSecond;
}

/** The offset of `timeZone` from UTC at the instant `ms`, in milliseconds (east positive). */
export function offsetMs(ms: number, timeZone: string): number {
  return wallMs(ms, timeZone) - ms;
}

/**
 * The instant (UTC milliseconds) at which the clocks in `timeZone` show `wall`, with
 * Temporal's "compatible" disambiguation: a wall time inside a spring-forward gap
 * moves forward by the length of the gap, and one that occurs twice (autumn)
 * resolves to the earlier instant.
 */
export function wallToInstant(wall: number, timeZone: string): number {
  // A day either side brackets any single transition, so these are the only
  // offsets the wall time can have been read with.
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  let best = Infinity;
  for (const offset of [before, after]) {
    const candidate = wall - offset;
    if (offsetMs(candidate, timeZone) === offset && candidate < best) best = candidate;
  }
  if (best !== Infinity) return best;
  // Inside a gap: reading the wall time with the pre-transition offset lands the
  // same distance past the transition as the wall time is past the gap's start.
  return wall - before;
}
