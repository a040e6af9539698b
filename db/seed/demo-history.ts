import { DEFAULT_SURVEY_BANK } from "~/domain/survey-bank";
import { quarterlyCyclesBetween, weeklyCyclesBetween } from "~/domain/cycles";
import { seededRandom } from "~/domain/random";
import { submitSurveyAnswers, submitCheckInAnswers } from "~/models/answers.server";
import type { DemoPeople } from "./demo";
import { getTeamById } from "~/models/teams.server";

const DAY = 86400000;

/** The team's underlying trust (1–5) at a moment, by story. */
function trustLevel(story: DemoPeople["story"], at: Date, majorIncidentAt: Date | null): number {
  if (story === "dip-and-recovery" && majorIncidentAt) {
    const days = (at.getTime() - majorIncidentAt.getTime()) / DAY;
    if (days < 0) return 3.9;
    if (days < 21) return 3.9 - 1.6 * (days / 21); // the slide after the outage
    const recovery = Math.min(1, (days - 21) / 150); // climbs back over ~5 months as follow-ups close
    return 2.3 + 1.6 * recovery;
  }
  if (story === "slow-decline") {
    const total = 730 * DAY;
    const t = Math.max(0, Math.min(1, 1 - (Date.now() - at.getTime()) / total));
    return 4.1 - 0.8 * t;
  }
  return 3.8;
}

const WHY = [
  "Handovers were smooth this week.",
  "The on-call rotation felt fair.",
  "We still don't know who owns the deploy pipeline.",
  "People owned their mistakes in the incident review.",
  "Priorities changed twice without explanation.",
  "Good pairing on the database migration.",
  "Too many pings at night; it's wearing us down.",
  "The postmortem was genuinely blameless.",
];
const HELP = [
  "Reviewing my runbook for the failover.",
  "Understanding the new alerting rules.",
  "Someone to pair on the flaky integration tests.",
  "Clarity on who decides release dates.",
  "Time to fix the dashboards we rely on in incidents.",
];
const APPRECIATION = [
  "Thanks for staying late to help roll back safely.",
  "Great write-up of the outage timeline.",
  "Appreciate the patient code reviews.",
  "Thank you for covering my on-call shift.",
  "The status page updates were clear and calm.",
];

function pick<T>(list: readonly T[], r: () => number): T {
  return list[Math.floor(r() * list.length)]!;
}

/** A new order for each cycle: history goes in through the same storage path a member's answer takes, never in id order. */
function shuffled<T>(list: readonly T[], r: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function clampScore(x: number) {
  return Math.max(1, Math.min(5, Math.round(x)));
}

/**
 * Two years of weekly checks and quarterly surveys, written through the same
 * model functions a real submission uses, each with the clock set inside its cycle.
 */
export function seedRitualHistory(
  people: DemoPeople,
  opts: { now: Date; majorIncidentAt: Date | null; seed: number; skipCurrentWeekFor?: number[] },
) {
  const team = getTeamById(people.teamId)!;
  const r = seededRandom(opts.seed);
  // A stream of its own for the arrival order, so the story's scores stay what they were.
  const order = seededRandom(opts.seed + 1_000_003);
  const everyone = [people.leadId, ...people.memberIds];
  const from = new Date(opts.now.getTime() - 2 * 365 * DAY);
  let weeklyCount = 0;
  for (const week of weeklyCyclesBetween(from, opts.now, team.timeZone)) {
    const current = week.closesAt.getTime() > opts.now.getTime();
    const answerAt = new Date(Math.min(week.opensAt.getTime() + 2 * DAY + r() * 2 * DAY, opts.now.getTime() - 1000));
    if (answerAt.getTime() < week.opensAt.getTime()) continue;
    const level = trustLevel(people.story, answerAt, opts.majorIncidentAt);
    // Participation drops a little when trust is low — people disengage.
    const turnout = 0.55 + 0.1 * level;
    for (const userId of shuffled(everyone, order)) {
      if (current && opts.skipCurrentWeekFor?.includes(userId)) continue;
      if (r() > turnout) continue;
      const score = clampScore(level + (r() - 0.5) * 1.8);
      submitCheckInAnswers(
        team,
        userId,
        week.periodKey,
        {
          score,
          why: r() < 0.35 ? pick(WHY, r) : null,
          help: r() < 0.2 ? pick(HELP, r) : null,
          appreciation: r() < 0.3 ? pick(APPRECIATION, r) : null,
        },
        answerAt,
      );
      weeklyCount++;
    }
  }
  let surveyCount = 0;
  for (const quarter of quarterlyCyclesBetween(from, opts.now, team.timeZone, team.surveyWindowDays)) {
    if (quarter.opensAt.getTime() > opts.now.getTime()) continue;
    const answerAt = new Date(Math.min(quarter.opensAt.getTime() + 3 * DAY, opts.now.getTime() - 1000));
    const level = trustLevel(people.story, answerAt, opts.majorIncidentAt);
    for (const userId of shuffled(everyone, order)) {
      if (r() > 0.8) continue;
      const answers: Record<string, number> = {};
      for (const item of DEFAULT_SURVEY_BANK) {
        // S measures self-orientation: it rises when trust falls.
        const base = item.component === "S" ? 6 - level + 0.3 : item.component === "I" ? level - 0.2 : level;
        const scored = clampScore(base + (r() - 0.5) * 1.6);
        answers[item.id] = item.reversed ? 6 - scored : scored;
      }
      const result = submitSurveyAnswers(
        team,
        userId,
        quarter.periodKey,
        { answers, comment: r() < 0.3 ? pick(WHY, r) : null },
        answerAt,
      );
      if (result.ok) surveyCount++;
    }
  }
  return { weeklyCount, surveyCount };
}
