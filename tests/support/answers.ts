import { expect } from "vitest";
import type { CycleWindow } from "~/domain/cycles";
import { submitCheckInAnswers } from "~/models/answers.server";
import type { makeTeamWithPeople } from "./factories";

type TeamWithPeople = Awaited<ReturnType<typeof makeTeamWithPeople>>;

/**
 * The team's lead, then its members in order, each answer `scores[i]` in the check-in of `week`
 * (an hour after it opened, through the same storage path a member's answer takes).
 */
export function answerCheckIn(t: TeamWithPeople, week: CycleWindow, scores: number[]) {
  const people = [t.lead, ...t.members];
  const during = new Date(week.opensAt.getTime() + 3_600_000);
  scores.forEach((score, i) => {
    const person = people[i];
    if (!person) throw new Error(`${scores.length} scores for a team of ${people.length}`);
    expect(
      submitCheckInAnswers(
        t.team,
        person.id,
        week.periodKey,
        { score, why: null, help: null, appreciation: null },
        during,
      ),
    ).toEqual({ ok: true });
  });
}
