import { describe, expect, it } from "vitest";
import { submitCheckInAnswers } from "~/models/answers.server";
import { setTeamWebhook } from "~/models/reminders/settings.server";
import { addMember } from "~/models/teams.server";
import { signedIn } from "../support/client";
import { makeTeamWithPeople, makeUser } from "../support/factories";
import { serverForFile } from "../support/server";
import { weeksAgo } from "../support/weeks";

const server = serverForFile();

/** The first local midnight into a Monday after now, written the way the page writes it ("Monday 7 Dec"). */
function nextMondayIn(timeZone: string, now = new Date()): string {
  const day = (d: Date, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat("en-GB", { ...options, timeZone }).format(d);
  for (let h = 1; h <= 8 * 24; h++) {
    const t = new Date(now.getTime() + h * 3_600_000);
    const hourBefore = new Date(t.getTime() - 3_600_000);
    if (day(t, { weekday: "long" }) === "Monday" && day(hourBefore, { weekday: "long" }) === "Sunday")
      return day(t, { weekday: "long", day: "numeric", month: "short" });
  }
  throw new Error("no Monday within 8 days");
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");

describe("a new team's first steps", () => {
  it("shows a lead what to do and when the first results come, on the team's clock", async () => {
    const { team, lead } = await makeTeamWithPeople(0, { timeZone: "Pacific/Auckland" });
    const client = await signedIn(server, lead.email);
    const res = await client.get(`/teams/${team.slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const page = text(html);
    expect(page).toContain("First steps");
    expect(page).toContain("To do: Invite people: results need 3 answers a week, so invite at least 2 more.");
    expect(html).toContain(`href="/teams/${team.slug}/invite"`);
    expect(page).toContain("To do: Add the Slack webhook");
    expect(html).toContain(`href="/teams/${team.slug}/reminders"`);
    expect(page).toContain(`First results on ${nextMondayIn("Pacific/Auckland")}, when this week's check closes`);
  });

  it("shows a member only when the first results come", async () => {
    const { team, members } = await makeTeamWithPeople(1, { timeZone: "America/Los_Angeles" });
    const page = text(
      await (await signedIn(server, members[0]!.email)).get(`/teams/${team.slug}`).then((r) => r.text()),
    );
    expect(page).toContain(`First results on ${nextMondayIn("America/Los_Angeles")}`);
    expect(page).not.toContain("Invite people");
    expect(page).not.toContain("Slack webhook");
  });

  it("ticks off each step, and goes away once a week has been released", async () => {
    const { team, lead, members } = await makeTeamWithPeople(1, { threshold: 3 });
    const client = await signedIn(server, lead.email);
    const home = async () => text(await (await client.get(`/teams/${team.slug}`)).text());

    expect(await home()).toContain("invite at least 1 more");
    const third = await makeUser();
    addMember(team.id, third.id, "member");
    setTeamWebhook(team.id, "https://hooks.slack.com/services/T000/B000/XXXX");
    const ready = await home();
    expect(ready).toContain("Done: Invite people: the team has enough people for results");
    expect(ready).toContain("Done: Slack webhook added");
    expect(ready).toContain("To do: First results on");

    // Last week closed with 2 answers, below the threshold of 3: still no results, still the checklist.
    const lastWeek = weeksAgo(1, team.timeZone);
    const during = new Date(lastWeek.opensAt.getTime() + 3_600_000);
    const people = [lead, members[0]!, third];
    for (const person of people.slice(0, 2))
      expect(
        submitCheckInAnswers(
          team,
          person.id,
          lastWeek.periodKey,
          { score: 4, why: null, help: null, appreciation: null },
          during,
        ),
      ).toEqual({ ok: true });
    expect(await home()).toContain("First steps");

    // A third answer: that week is released, and the team is no longer new.
    expect(
      submitCheckInAnswers(
        team,
        third.id,
        lastWeek.periodKey,
        { score: 3, why: null, help: null, appreciation: null },
        during,
      ),
    ).toEqual({ ok: true });
    const after = await home();
    expect(after).not.toContain("First steps");
    expect(after).not.toContain("First results on");
  });
});
