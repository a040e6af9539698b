import { expect, test, type Locator, type Page } from "@playwright/test";
import {
  ADMIN,
  asPerson,
  createTeam,
  escapeRegExp,
  expectDrawnRightUnder,
  invitePeopleWhoJoin,
  screenshot,
  signIn,
  submitAndStatus,
} from "./support";
import { DESKTOP, PHONE, checkAsIs } from "./page-checks";

// Issue 3, "Done when": a member answers both rituals (weekly check and quarterly survey)
// in real Chromium, with JavaScript on and with it off.
//
// Self-sufficient: foundation.spec.ts runs first on the same database and leaves the
// admin behind; everything else this file needs (team "Rituals Team", a lead, three
// members) it makes through the UI. Each test builds on the ones before it.
//
// Calendar: the server's real clock decides which cycles are open. The quarterly test
// widens the survey window to 60 days, so the quarter's survey is open from its first
// Monday for 60 days (Q4 2026: 5 Oct – 4 Dec). Run in the last ~30 days of a quarter,
// no window can make the survey open and the survey tests fail with a message saying so.
test.describe.configure({ mode: "serial" });

const TEAM = "Rituals Team";
const RITA = { name: "Rita Ritual", email: "rita.ritual@example.com", password: "rita-password-123" } as const; // lead
const MIA = { name: "Mia Morning", email: "mia.morning@example.com", password: "mia-password-1234" } as const; // answers with JS on
const NOAH = { name: "Noah Night", email: "noah.night@example.com", password: "noah-password-123" } as const; // answers with JS off
const OLGA = { name: "Olga Other", email: "olga.other@example.com", password: "olga-password-123" } as const; // never answers

const ANONYMITY_NOTE = "Your answers are never stored with your name";
const MISSING_SCORE = "Choose how much you trust your team this week, from 1 to 5";
const MISSING_ITEM = "Choose an answer from 1 to 5";

let slug = "";

/**
 * A radio group's error: announced with the group (aria-describedby), shown as an alert,
 * and drawn right under the group's last choice, aligned with the group.
 */
async function expectErrorBesideGroup(page: Page, group: Locator, message: string) {
  await expect(group).toHaveAccessibleDescription(new RegExp(escapeRegExp(message)));
  const error = page.getByRole("alert").filter({ hasText: message });
  await expect(error).toHaveCount(1);
  await expect(error).toBeVisible();
  await expectDrawnRightUnder(error, group.locator("label").last(), group, {
    under: "the choices",
    alignWith: "the group",
  });
}

/** The "Open for you now" line of one ritual on the team home. */
function openNowLine(page: Page, ritual: "Weekly trust check" | "Quarterly survey") {
  return page.getByRole("region", { name: "Open for you now" }).getByRole("listitem").filter({ hasText: ritual });
}

function surveyForm(page: Page) {
  return page.locator("form").filter({ has: page.getByRole("button", { name: "Send my answers" }) });
}

test("(setup) the admin creates Rituals Team; a lead and three members join through invite links", async ({
  page,
  browser,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  slug = await createTeam(page, TEAM, "Europe/Berlin");
  expect(slug).toBe("rituals-team");

  const people = [
    [RITA, "lead"],
    [MIA, "member"],
    [NOAH, "member"],
    [OLGA, "member"],
  ] as const;
  await invitePeopleWhoJoin(page, browser, { slug, name: TEAM }, people, { checkJoinHeading: true });
});

test("(1) weekly check with JavaScript on: a missing score is refused, then the member answers", async ({
  browser,
}) => {
  await asPerson(browser, MIA, {}, async (page) => {
    await page.goto(`/teams/${slug}`);
    await expect(openNowLine(page, "Weekly trust check").getByRole("link", { name: /answer now/ })).toBeVisible();

    await page
      .getByRole("navigation", { name: "Team" })
      .getByRole("link", { name: "Weekly check", exact: true })
      .click();
    await expect(page).toHaveURL(new RegExp(`/teams/${slug}/check-in$`));
    await expect(page.getByRole("heading", { name: "Weekly trust check" })).toBeVisible();
    await expect(page.getByRole("complementary", { name: "How your answer stays anonymous" })).toContainText(
      ANONYMITY_NOTE,
    );

    const scores = page.getByRole("group", { name: /How much do you trust your team this week/ });
    await expect(scores.getByRole("radio")).toHaveCount(5);
    const why = page.getByLabel("Why? (optional)");

    // The form has noValidate, so even with JS on the browser lets it through and the server answers.
    await why.fill("Good pairing sessions this week.");
    const status = await submitAndStatus(page, page.getByRole("button", { name: "Send my answer" }), "/check-in", true);
    expect(status).toBe(400);
    await expectErrorBesideGroup(page, scores, MISSING_SCORE);
    await expect(why).toHaveValue("Good pairing sessions this week.");
    await screenshot(page, "rituals-01-weekly-js-missing-score");

    await scores.getByRole("radio", { name: "4 — High" }).check();
    await page.getByLabel("One thing I appreciate about a colleague (optional)").fill("Thanks for the quick reviews.");
    await screenshot(page, "rituals-02-weekly-js-before");
    await page.getByRole("button", { name: "Send my answer" }).click();

    await expect(
      page.getByRole("status").filter({ hasText: "Thank you. Your answer is stored without your name." }),
    ).toBeVisible();
    await expect(page.getByRole("heading", { name: "You have answered this week's check" })).toBeVisible();
    await expect(page.getByRole("radio")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Send my answer" })).toHaveCount(0);
    await screenshot(page, "rituals-03-weekly-js-after");

    await page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Home", exact: true }).click();
    await expect(openNowLine(page, "Weekly trust check")).toContainText("answered");
    await expect(openNowLine(page, "Weekly trust check").getByRole("link")).toHaveCount(0);
    await screenshot(page, "rituals-04-team-home-weekly-answered");
  });
});

test("(2) weekly check with JavaScript off: a missing score is refused beside the group and Why is kept, then the member answers", async ({
  browser,
}) => {
  await asPerson(browser, NOAH, { javaScriptEnabled: false }, async (page) => {
    await page.goto(`/teams/${slug}`);
    await page
      .getByRole("navigation", { name: "Team" })
      .getByRole("link", { name: "Weekly check", exact: true })
      .click();
    await expect(page).toHaveURL(new RegExp(`/teams/${slug}/check-in$`));
    await expect(page.getByRole("complementary", { name: "How your answer stays anonymous" })).toContainText(
      ANONYMITY_NOTE,
    );

    const scores = page.getByRole("group", { name: /How much do you trust your team this week/ });
    const why = page.getByLabel("Why? (optional)");
    await why.fill("Release week was calm, few surprises.");
    await page.getByLabel("One thing I need help with (optional)").fill("Reviews on the billing change.");
    const status = await submitAndStatus(
      page,
      page.getByRole("button", { name: "Send my answer" }),
      "/check-in",
      false,
    );
    expect(status).toBe(400);
    await expectErrorBesideGroup(page, scores, MISSING_SCORE);
    await expect(why).toHaveValue("Release week was calm, few surprises.");
    await expect(page.getByLabel("One thing I need help with (optional)")).toHaveValue(
      "Reviews on the billing change.",
    );
    await expect(scores.getByRole("radio", { checked: true })).toHaveCount(0);
    await screenshot(page, "rituals-05-weekly-nojs-missing-score");

    await scores.getByRole("radio", { name: "2 — Low" }).check();
    await screenshot(page, "rituals-06-weekly-nojs-before");
    await page.getByRole("button", { name: "Send my answer" }).click();

    await expect(page).toHaveURL(new RegExp(`/teams/${slug}/check-in$`));
    await expect(
      page.getByRole("status").filter({ hasText: "Thank you. Your answer is stored without your name." }),
    ).toBeVisible();
    await expect(page.getByRole("heading", { name: "You have answered this week's check" })).toBeVisible();
    await expect(page.getByRole("radio")).toHaveCount(0);
    await screenshot(page, "rituals-07-weekly-nojs-after");

    await page.goto(`/teams/${slug}`);
    await expect(openNowLine(page, "Weekly trust check")).toContainText("answered");
  });
});

test("(3) the lead opens this quarter's survey with a 60-day window and sees the question bank", async ({
  browser,
}) => {
  await asPerson(browser, RITA, {}, async (page) => {
    await page.goto(`/teams/${slug}/survey`);
    await expect(page.getByRole("heading", { name: "Quarterly Trust-Equation survey" })).toBeVisible();
    await screenshot(page, "rituals-08-survey-default-window");

    await page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Settings", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/teams/${slug}/settings$`));
    const windowDays = page.getByLabel(/^Quarterly survey window \(days\)/);
    await expect(windowDays).toHaveValue("14");
    await windowDays.fill("60");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status")).toContainText("Settings saved.");
    await expect(windowDays).toHaveValue("60");

    await page
      .getByRole("navigation", { name: "Team" })
      .getByRole("link", { name: "Quarterly survey", exact: true })
      .click();
    await expect(page).toHaveURL(new RegExp(`/teams/${slug}/survey$`));
    await expect(
      page.getByRole("button", { name: "Send my answers" }),
      `this quarter's survey should be open with a 60-day window from the quarter's first Monday (today is ${new Date().toISOString().slice(0, 10)})`,
    ).toBeVisible();

    const bank = page.getByRole("region", { name: "Questions for future quarters" });
    await expect(bank).toBeVisible();
    for (const component of ["Credibility", "Reliability", "Intimacy", "Self-orientation"]) {
      await expect(bank.getByRole("group", { name: component })).toBeVisible();
    }
    await expect(bank.getByText("reversed").first()).toBeVisible();
    await screenshot(page, "rituals-09-survey-lead");

    await page.goto(`/teams/${slug}`);
    await expect(openNowLine(page, "Quarterly survey").getByRole("link", { name: /answer now/ })).toBeVisible();
  });
});

for (const { label, person, javaScriptEnabled, shot } of [
  { label: "on", person: MIA, javaScriptEnabled: true, shot: "js" },
  { label: "off", person: NOAH, javaScriptEnabled: false, shot: "nojs" },
]) {
  test(`(${label === "on" ? 4 : 5}) quarterly survey with JavaScript ${label}: an unanswered item is refused beside it, then the member answers`, async ({
    browser,
  }) => {
    await asPerson(browser, person, { javaScriptEnabled }, async (page) => {
      await page.goto(`/teams/${slug}`);
      await page
        .getByRole("navigation", { name: "Team" })
        .getByRole("link", { name: "Quarterly survey", exact: true })
        .click();
      await expect(page).toHaveURL(new RegExp(`/teams/${slug}/survey$`));
      await expect(page.getByRole("complementary", { name: "How your answer stays anonymous" })).toContainText(
        ANONYMITY_NOTE,
      );
      await expect(page.getByRole("complementary", { name: "How your answer stays anonymous" })).toContainText(
        "Results appear only after the survey closes",
      );
      // Members answer; only leads manage the bank, and the scoring keys are not shown to members.
      await expect(page.getByRole("heading", { name: "Questions for future quarters" })).toHaveCount(0);
      await expect(page.getByText("reversed")).toHaveCount(0);

      const items = surveyForm(page).getByRole("group");
      const count = await items.count();
      expect(count, "3–4 items for each of C, R, I and S").toBeGreaterThanOrEqual(12);
      expect(count).toBeLessThanOrEqual(16);
      for (let i = 0; i < count; i++) {
        await expect(items.nth(i)).toHaveAccessibleName(new RegExp(`^${i + 1}\\. \\S`));
        await expect(items.nth(i).getByRole("radio")).toHaveCount(5);
      }

      // Everything but item 3, plus a comment.
      const skipped = 2;
      const comment = page.getByLabel(/^Anything else you want the team to hear\?/);
      for (let i = 0; i < count; i++) {
        if (i !== skipped)
          await items
            .nth(i)
            .getByRole("radio", { name: i === 0 ? "Strongly agree" : "Agree", exact: true })
            .check();
      }
      await comment.fill(`The new on-call rota helps (JavaScript ${label}).`);
      const status = await submitAndStatus(
        page,
        page.getByRole("button", { name: "Send my answers" }),
        "/survey",
        javaScriptEnabled,
      );
      expect(status).toBe(400);

      await expectErrorBesideGroup(page, items.nth(skipped), MISSING_ITEM);
      await expect(page.getByRole("alert").filter({ hasText: MISSING_ITEM })).toHaveCount(1);
      for (let i = 0; i < count; i++) {
        const chosen = items.nth(i).getByRole("radio", { checked: true });
        if (i === skipped) {
          await expect(chosen).toHaveCount(0);
          await expect(items.nth(i)).toHaveAttribute("aria-describedby", /error/);
        } else {
          await expect(chosen, `item ${i + 1} keeps its choice`).toHaveAccessibleName(
            i === 0 ? "Strongly agree" : "Agree",
          );
          await expect(items.nth(i)).not.toHaveAttribute("aria-describedby", /.+/);
        }
      }
      await expect(comment).toHaveValue(`The new on-call rota helps (JavaScript ${label}).`);

      // An error summary at the top names each missing answer and links to it.
      const summary = page.getByRole("region", { name: "Some answers are missing" });
      await expect(summary).toBeVisible();
      const summaryBox = (await summary.boundingBox())!;
      const firstItemBox = (await items.first().boundingBox())!;
      expect(summaryBox.y, "the summary is above the first question").toBeLessThan(firstItemBox.y);
      const toMissing = summary.getByRole("link", { name: `Question ${skipped + 1}: ${MISSING_ITEM}` });
      await expect(summary.getByRole("link")).toHaveCount(1);
      if (javaScriptEnabled) await expect(summary, "with JavaScript the summary takes focus").toBeFocused();
      await toMissing.click();
      await expect(items.nth(skipped).getByRole("radio").first(), "the link leads to the missing answer").toBeFocused();
      await expect(summary, "following the link keeps the summary").toBeVisible();
      await expectErrorBesideGroup(page, items.nth(skipped), MISSING_ITEM);
      await screenshot(page, `rituals-10-survey-${shot}-missing-item`);

      // On a phone each question's five answers sit on one row; the half-filled form passes axe.
      await page.setViewportSize(PHONE);
      for (let i = 0; i < count; i++) {
        const boxes = await items
          .nth(i)
          .locator("label")
          .evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().toJSON() as DOMRect));
        expect(boxes).toHaveLength(5);
        // One row: every answer starts above where every other ends, and they run left to right.
        expect(
          Math.max(...boxes.map((b) => b.top)),
          `question ${i + 1}: five answers on one row at 390 px`,
        ).toBeLessThan(Math.min(...boxes.map((b) => b.bottom)));
        expect(boxes.map((b) => b.left)).toEqual([...boxes.map((b) => b.left)].sort((a, b) => a - b));
      }
      await checkAsIs(page, `phone/rituals-survey-${shot}-missing-item`, { axe: javaScriptEnabled });
      await page.setViewportSize(DESKTOP);

      await items.nth(skipped).getByRole("radio", { name: "Agree", exact: true }).check();
      await screenshot(page, `rituals-11-survey-${shot}-before`);
      await page.getByRole("button", { name: "Send my answers" }).click();

      await expect(page).toHaveURL(new RegExp(`/teams/${slug}/survey$`));
      await expect(
        page.getByRole("status").filter({ hasText: "Thank you. Your survey answers are stored without your name." }),
      ).toBeVisible();
      await expect(page.getByRole("heading", { name: "You have answered this quarter's survey" })).toBeVisible();
      await expect(page.getByRole("radio")).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Send my answers" })).toHaveCount(0);
      await screenshot(page, `rituals-12-survey-${shot}-after`);

      await page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Home", exact: true }).click();
      await expect(openNowLine(page, "Quarterly survey")).toContainText("answered");
      await expect(openNowLine(page, "Weekly trust check")).toContainText("answered");
      await screenshot(page, `rituals-13-team-home-${shot}-both-answered`);
    });
  });
}

test("(6) a member who has not answered still sees both rituals open, and the lead still sees the question bank", async ({
  browser,
}) => {
  await asPerson(browser, OLGA, {}, async (page) => {
    await page.goto(`/teams/${slug}`);
    await expect(openNowLine(page, "Weekly trust check").getByRole("link", { name: /answer now/ })).toBeVisible();
    await expect(openNowLine(page, "Quarterly survey").getByRole("link", { name: /answer now/ })).toBeVisible();
    await page.goto(`/teams/${slug}/survey`);
    await expect(page.getByRole("button", { name: "Send my answers" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Questions for future quarters" })).toHaveCount(0);
  });
  await asPerson(browser, RITA, { javaScriptEnabled: false }, async (page) => {
    await page.goto(`/teams/${slug}/survey`);
    await expect(page.getByRole("heading", { name: "Questions for future quarters" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Send my answers" })).toBeVisible();
  });
});
