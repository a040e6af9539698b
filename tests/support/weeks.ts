import { weeklyCycleAt, type CycleWindow } from "~/domain/cycles";

/**
 * The week `n` calendar weeks before the one holding `now`, on the team's clock. Stepping back
 * 7 × 24 h instead lands two weeks back in the hour after a spring-forward Monday midnight.
 */
export function weeksAgo(n: number, timeZone: string, now = new Date()): CycleWindow {
  let week = weeklyCycleAt(now, timeZone);
  for (let i = 0; i < n; i++) week = weeklyCycleAt(new Date(week.opensAt.getTime() - 1), timeZone);
  return week;
}
