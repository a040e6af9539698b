import { describe, expect, it } from "vitest";
import { quarterlyCycleAt, weeklyCycleAt } from "~/domain/cycles";
import { DEFAULT_SURVEY_BANK } from "~/domain/survey-bank";
import { submitSurveyAnswers } from "~/models/answers.server";
import { signedIn } from "../support/client";
import { makeTeamWithPeople } from "../support/factories";
import { serverForFile } from "../support/server";

const server = serverForFile({ REMINDERS: "off" });

const DAY = 86400000;

describe("survey comments in the retro", () => {
  it("shows a released quarter's comments in the retro that covers its window, and withholds them below the threshold", async () => {
    const released = await makeTeamWithPeople(3);
    const hidden = await makeTeamWithPeople(3);
    // The most recent survey window that has already closed (at most ~13 weeks back).
    let survey = quarterlyCycleAt(new Date(), "UTC", 14);
    if (survey.closesAt.getTime() > Date.now())
      survey = quarterlyCycleAt(new Date(survey.opensAt.getTime() - 30 * DAY), "UTC", 14);
    const during = new Date(survey.opensAt.getTime() + 3600000);
    const answers = Object.fromEntries(DEFAULT_SURVEY_BANK.map((i) => [i.id, 4]));
    for (const m of released.members)
      submitSurveyAnswers(released.team, m.id, survey.periodKey, { answers, comment: `survey words ${m.id}` }, during);
    submitSurveyAnswers(
      hidden.team,
      hidden.members[0]!.id,
      survey.periodKey,
      { answers, comment: "lonely survey words" },
      during,
    );
    submitSurveyAnswers(hidden.team, hidden.members[1]!.id, survey.periodKey, { answers, comment: null }, during);

    // A retro of the weeks around the survey window (ending with the week it closed in).
    const until = weeklyCycleAt(new Date(survey.closesAt.getTime() + 7 * DAY), "UTC").periodKey;
    const client = await signedIn(server, released.members[0]!.email);
    const res = await client.get(`/teams/${released.team.slug}/retro?weeks=6&until=${until}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("From the quarterly survey");
    for (const m of released.members) expect(html).toContain(`survey words ${m.id}`);
    const other = await signedIn(server, hidden.members[0]!.email);
    const hiddenRes = await other.get(`/teams/${hidden.team.slug}/retro?weeks=6&until=${until}`);
    expect(hiddenRes.status).toBe(200);
    const hiddenHtml = await hiddenRes.text();
    expect(hiddenHtml).not.toContain("lonely survey words");
  });
});
