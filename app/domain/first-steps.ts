import { weeklyCycleAt } from "./cycles";
import { effectiveThreshold } from "./threshold";
import { displayFormatter } from "./time-zones";

/**
 * What a new team still has to do before its first results, for the checklist on its home.
 * Pure: the loader passes the counts and the clock.
 *
 * Results are released when a week closes with at least `threshold` answers, so the earliest
 * results are at the close of the week that is open now (the Monday after, on the team's
 * clock), and only if the team has at least `threshold` people to answer.
 */
export type FirstSteps = {
  /** People still to invite before a week can reach the threshold (0 when there are enough). */
  peopleNeeded: number;
  /** Invites sent and not yet accepted: they count towards the threshold once accepted. */
  pendingInvites: number;
  webhookSet: boolean;
  /** The close of the week open now: the earliest moment results can be released. */
  firstResultsAt: Date;
  /** "Monday 7 Dec", on the team's clock. */
  firstResultsOn: string;
};

const DAY_LABEL: Intl.DateTimeFormatOptions = { weekday: "long", day: "numeric", month: "short" };

export function firstSteps(input: {
  now: Date;
  timeZone: string;
  threshold: number;
  memberCount: number;
  pendingInvites: number;
  webhookSet: boolean;
}): FirstSteps {
  const threshold = effectiveThreshold(input.threshold);
  const week = weeklyCycleAt(input.now, input.timeZone);
  return {
    peopleNeeded: Math.max(0, threshold - input.memberCount),
    pendingInvites: input.pendingInvites,
    webhookSet: input.webhookSet,
    firstResultsAt: week.closesAt,
    firstResultsOn: displayFormatter("first-results-day", input.timeZone, "en-GB", DAY_LABEL).format(week.closesAt),
  };
}
