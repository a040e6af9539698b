// Dates are shown on the team's wall clock; the explicit time zone makes the
// server render and the browser's hydration produce the same text.
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, withTime: boolean) {
  const key = `${timeZone}|${withTime}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

export function formatDateTime(iso: string | Date, timeZone: string): string {
  return formatter(timeZone, true).format(new Date(iso));
}

export function formatDate(iso: string | Date, timeZone: string): string {
  return formatter(timeZone, false).format(new Date(iso));
}
