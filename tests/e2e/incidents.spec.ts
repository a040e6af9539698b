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

// Issue 4, "Done when": a lead records an incident with its communication audit and
// follow-ups in real Chromium, and the owner closes one.
//
// Self-sufficient: foundation.spec.ts runs first on the same database and leaves the
// admin behind; this file makes its own team ("Incident Response"), lead and member
// through the UI. Each test builds on the ones before it.
//
// Dates are relative to the server's clock in the team's zone (Europe/Berlin): the
// incident happened three days ago; one follow-up is due today, the other yesterday
// (so it is overdue and must stand out).
test.describe.configure({ mode: "serial" });

const TEAM = "Incident Response";
const TZ = "Europe/Berlin";
const IVY = { name: "Ivy Incident", email: "ivy.incident@example.com", password: "ivy-password-1234" } as const; // lead
const OMAR = { name: "Omar Owner", email: "omar.owner@example.com", password: "omar-password-123" } as const; // member, owns the follow-ups

const INCIDENT_TITLE = "Checkout API returned 502s";
const FOLLOW_UP_TODAY = "Add a 502 alert on the checkout gateway";
const FOLLOW_UP_OVERDUE = "Write the checkout failover runbook";

/** yyyy-mm-dd in the team's zone, `offset` days from today. */
function teamDay(offset = 0): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(Date.now() + offset * 86_400_000),
  );
}
const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

const TODAY = teamDay(0);
const YESTERDAY = teamDay(-1);
const STARTED_DAY = teamDay(-3);
const PUBLISHED_DAY = teamDay(-1);

const AUDIT: Array<[question: string, answer: "Yes" | "No" | "Not applicable"]> = [
  ['An "investigating" update within 5 minutes', "Yes"],
  ["Updates on a 15–20 minute clock", "No"],
  ["A resolved post with cause and timeline", "Yes"],
  ["A direct customer email within 2 hours", "Yes"],
  ["Credits offered for SLA violations without being asked", "Not applicable"],
  ["A postmortem published", "Yes"],
];

let slug = "";
let incidentPath = "";

/** The field's error is announced with it (aria-describedby) and drawn right under it. */
async function expectErrorBesideField(page: Page, field: Locator, message: string) {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(new RegExp(escapeRegExp(message)));
  const error = page.getByRole("alert").filter({ hasText: message });
  await expect(error).toHaveCount(1);
  await expect(error).toBeVisible();
  await expectDrawnRightUnder(error, field);
}

function teamNav(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Team" }).getByRole("link", { name, exact: true });
}

function auditGroup(page: Page, question: string) {
  return page.getByRole("group", { name: question, exact: true });
}

/** Fills every incident field; `resolvedAt` is the one the bad-input case gets wrong. */
async function fillIncident(page: Page, resolvedAt: string) {
  await page.getByLabel("Title", { exact: true }).fill(INCIDENT_TITLE);
  await page.getByLabel("Severity").selectOption("SEV2");
  await page.getByLabel(/^Started at/).fill(`${STARTED_DAY}T09:30`);
  await page.getByLabel(/^Detected at/).fill(`${STARTED_DAY}T09:42`);
  await page.getByLabel(/^Resolved at/).fill(resolvedAt);
  await page
    .getByLabel("Summary (optional)")
    .fill("The gateway's connection pool ran dry after a config push; checkout failed for 95 minutes.");
  await page.getByLabel(/^Postmortem link/).fill("https://wiki.example.com/postmortems/checkout-502");
  await page.getByLabel(/^Postmortem published at/).fill(`${PUBLISHED_DAY}T16:00`);
  for (const [question, answer] of AUDIT)
    await auditGroup(page, question).getByRole("radio", { name: answer, exact: true }).check();
}

async function expectIncidentValuesKept(page: Page) {
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(INCIDENT_TITLE);
  await expect(page.getByLabel("Severity")).toHaveValue("SEV2");
  await expect(page.getByLabel(/^Started at/)).toHaveValue(`${STARTED_DAY}T09:30`);
  await expect(page.getByLabel(/^Detected at/)).toHaveValue(`${STARTED_DAY}T09:42`);
  await expect(page.getByLabel("Summary (optional)")).toHaveValue(/connection pool ran dry/);
  await expect(page.getByLabel(/^Postmortem link/)).toHaveValue("https://wiki.example.com/postmortems/checkout-502");
  await expect(page.getByLabel(/^Postmortem published at/)).toHaveValue(`${PUBLISHED_DAY}T16:00`);
  for (const [question, answer] of AUDIT) {
    await expect(
      auditGroup(page, question).getByRole("radio", { checked: true }),
      `"${question}" keeps its answer`,
    ).toHaveAccessibleName(answer);
  }
}

test("(setup) the admin creates Incident Response; a lead and a member join through invite links", async ({
  page,
  browser,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  slug = await createTeam(page, TEAM, TZ);
  expect(slug).toBe("incident-response");

  const people = [
    [IVY, "lead"],
    [OMAR, "member"],
  ] as const;
  await invitePeopleWhoJoin(page, browser, { slug, name: TEAM }, people, { checkJoinHeading: false });
});

test("(1) the lead records an incident with its audit: resolved before started is refused beside the field, then it is saved and shown", async ({
  browser,
}) => {
  await asPerson(browser, IVY, {}, async (page) => {
    await page.goto(`/teams/${slug}`);
    await teamNav(page, "Incidents").click();
    await expect(page).toHaveURL(new RegExp(`/teams/${slug}/incidents$`));
    await expect(page.getByText("No incidents recorded yet.")).toBeVisible();
    await page.getByRole("link", { name: "Record an incident" }).click();
    await expect(page).toHaveURL(new RegExp(`/teams/${slug}/incidents/new$`));
    await expect(page.getByRole("heading", { name: "Record an incident" })).toBeVisible();
    await expect(page.getByRole("group", { name: "Communication audit" }).getByRole("group")).toHaveCount(6);

    // Bad input: resolved at 08:15, before the 09:30 start.
    await fillIncident(page, `${STARTED_DAY}T08:15`);
    const status = await submitAndStatus(
      page,
      page.getByRole("button", { name: "Record incident" }),
      "/incidents/new",
      true,
    );
    expect(status).toBe(400);
    const resolved = page.getByLabel(/^Resolved at/);
    await expectErrorBesideField(page, resolved, "Resolved time is before the start");
    await expect(page.getByRole("alert").filter({ hasText: "Some fields need attention" })).toBeVisible();
    await expect(page.locator('[aria-invalid="true"]'), "only the resolved field is marked").toHaveCount(1);
    await expect(resolved).toHaveValue(`${STARTED_DAY}T08:15`);
    await expectIncidentValuesKept(page);
    await expect(page).toHaveURL(new RegExp(`/teams/${slug}/incidents/new$`));
    await screenshot(page, "incidents-01-form-resolved-before-started");

    await resolved.fill(`${STARTED_DAY}T11:05`);
    await page.getByRole("button", { name: "Record incident" }).click();
    await page.waitForURL(new RegExp(`/teams/${slug}/incidents/\\d+$`));
    incidentPath = new URL(page.url()).pathname;
    await expect(page.getByRole("status")).toContainText("Incident recorded.");

    // Detail page: timeline, postmortem and the audit exactly as answered.
    await expect(page.getByRole("heading", { level: 2, name: `SEV2 ${INCIDENT_TITLE}` })).toBeVisible();
    const timeline = page.getByRole("region", { name: "Timeline" });
    await expect(timeline).toContainText("09:30");
    await expect(timeline).toContainText(/09:42 \S+ \(after 12 min\)/);
    await expect(timeline).toContainText(/11:05 \S+ \(time to recover 1 h 35 min\)/);
    await expect(
      timeline.getByRole("link", { name: "https://wiki.example.com/postmortems/checkout-502" }),
    ).toBeVisible();
    await expect(timeline).toContainText(/published .*16:00 .*after resolution/);
    await expect(timeline).toContainText("connection pool ran dry");
    const audit = page.getByRole("region", { name: "Communication audit" });
    for (const [question, answer] of AUDIT) {
      await expect(audit.getByRole("row", { name: question }), question).toContainText(answer);
    }
    await expect(page.getByRole("region", { name: "Follow-up action items" })).toContainText("No follow-ups yet.");
    await screenshot(page, "incidents-02-detail");

    // The list: one incident, with its time to recover, postmortem and audit score (4 yes of 5 answered; n.a. is left out).
    await page
      .getByRole("navigation", { name: "Incidents and follow-up" })
      .getByRole("link", { name: "Incidents" })
      .click();
    await expect(page).toHaveURL(new RegExp(`/teams/${slug}/incidents$`));
    const rows = page.getByRole("table").getByRole("row");
    await expect(rows).toHaveCount(2); // header + one incident
    const row = page.getByRole("row", { name: new RegExp(escapeRegExp(INCIDENT_TITLE)) });
    await expect(row).toContainText("SEV2");
    await expect(row).toContainText("1 h 35 min");
    await expect(row).toContainText("Published");
    await expect(row).toContainText("4 of 5");
    await screenshot(page, "incidents-03-list");
  });
});

test("(2) without JavaScript the server keeps every value beside the same message, and stores nothing", async ({
  browser,
}) => {
  await asPerson(browser, IVY, { javaScriptEnabled: false }, async (page) => {
    await page.goto(`/teams/${slug}/incidents/new`);
    await fillIncident(page, `${STARTED_DAY}T08:15`);
    const status = await submitAndStatus(
      page,
      page.getByRole("button", { name: "Record incident" }),
      "/incidents/new",
      false,
    );
    expect(status).toBe(400);
    const resolved = page.getByLabel(/^Resolved at/);
    await expectErrorBesideField(page, resolved, "Resolved time is before the start");
    // This page was drawn by the server from the posted values: nothing here is left over from typing.
    await expect(resolved).toHaveValue(`${STARTED_DAY}T08:15`);
    await expectIncidentValuesKept(page);
    await screenshot(page, "incidents-01b-form-error-nojs");

    await page.goto(`/teams/${slug}/incidents`);
    await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
  });
});

test("(3) the lead adds two follow-ups on the incident's page, both owned by the member", async ({ browser }) => {
  await asPerson(browser, IVY, {}, async (page) => {
    await page.goto(incidentPath);
    const followUps = page.getByRole("region", { name: "Follow-up action items" });
    const form = page.getByRole("form", { name: "Add a follow-up" });
    for (const [title, due] of [
      [FOLLOW_UP_TODAY, TODAY],
      [FOLLOW_UP_OVERDUE, YESTERDAY],
    ] as const) {
      await form.getByLabel("Action", { exact: true }).fill(title);
      await form.getByLabel("Owner").selectOption({ label: OMAR.name });
      await form.getByLabel(/^Due date/).fill(due);
      await form.getByRole("button", { name: "Add follow-up" }).click();
      await expect(page.getByRole("status")).toContainText("Follow-up added to the action tracker.");
      await expect(followUps.getByRole("row", { name: new RegExp(escapeRegExp(title)) })).toContainText(OMAR.name);
      // The form is empty again, ready for the next one (no accidental duplicate).
      await expect(form.getByLabel("Action", { exact: true })).toHaveValue("");
      await expect(form.getByLabel("Owner")).toHaveValue("");
    }
    await expect(followUps.getByRole("row")).toHaveCount(3); // header + two
    const overdueRow = followUps.getByRole("row", { name: new RegExp(escapeRegExp(FOLLOW_UP_OVERDUE)) });
    await expect(overdueRow).toHaveClass(/overdue/);
    await expect(overdueRow).toContainText("Overdue");
    await expect(followUps.getByRole("row", { name: new RegExp(escapeRegExp(FOLLOW_UP_TODAY)) })).not.toContainText(
      "Overdue",
    );
    await screenshot(page, "incidents-04-detail-with-follow-ups");
  });
});

test("(4) the member opens Action items, sees their items and closes one without JavaScript, then moves the other with it", async ({
  browser,
}) => {
  await asPerson(browser, OMAR, { javaScriptEnabled: false }, async (page) => {
    await page.goto(`/teams/${slug}`);
    await teamNav(page, "Action items").click();
    await expect(page).toHaveURL(new RegExp(`/teams/${slug}/action-items$`));
    await expect(page.getByRole("heading", { name: "Action tracker" })).toBeVisible();
    await expect(page.locator("p", { hasText: /2 open, 1 overdue, 2 yours/ })).toBeVisible();
    // A member reads the tracker but cannot create items.
    await expect(page.getByRole("link", { name: "New action item" })).toHaveCount(0);
    const mine = page.getByRole("row", { name: new RegExp(escapeRegExp(FOLLOW_UP_TODAY)) });
    const overdue = page.getByRole("row", { name: new RegExp(escapeRegExp(FOLLOW_UP_OVERDUE)) });
    await expect(mine).toContainText(`${OMAR.name} (you)`);
    await expect(mine).toContainText(`Postmortem of ${INCIDENT_TITLE}`);
    await expect(overdue).toHaveClass(/overdue/);
    await expect(overdue.getByText("Overdue", { exact: true })).toBeVisible();
    await screenshot(page, "incidents-05-action-tracker-member");

    await mine.getByLabel(`Status of ${FOLLOW_UP_TODAY}`).selectOption("done");
    const status = await submitAndStatus(
      page,
      mine.getByRole("button", { name: "Update" }),
      /\/action-items\/\d+$/,
      false,
    );
    expect(status).toBe(302);
    await expect(page).toHaveURL(new RegExp(`/teams/${slug}/action-items$`));
    await expect(page.getByRole("status")).toContainText(`“${FOLLOW_UP_TODAY}” is now done.`);
    // The default view lists what is still owed: the done item leaves it.
    await expect(page.locator("p", { hasText: /1 open, 1 overdue, 1 yours/ })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(escapeRegExp(FOLLOW_UP_TODAY)) })).toHaveCount(0);
    await page.getByLabel("Status", { exact: true }).selectOption("done");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/status=done/);
    await expect(page.getByRole("row", { name: new RegExp(escapeRegExp(FOLLOW_UP_TODAY)) })).toContainText(
      /\d{1,2} \w{3} \d{4}, \d\d:\d\d/,
    );
    await screenshot(page, "incidents-06-action-tracker-member-done");
  });

  await asPerson(browser, OMAR, {}, async (page) => {
    await page.goto(`/teams/${slug}/action-items`);
    await page.getByRole("link", { name: FOLLOW_UP_OVERDUE }).click();
    await expect(
      page.getByRole("heading", { level: 2, name: new RegExp(escapeRegExp(FOLLOW_UP_OVERDUE)) }),
    ).toBeVisible();
    await expect(page.getByRole("heading", { name: "Edit" })).toHaveCount(0); // only leads edit
    await page.getByLabel("Your item's status").selectOption("in_progress");
    await page.getByRole("button", { name: "Update status" }).click();
    await expect(page.getByRole("status")).toContainText(`“${FOLLOW_UP_OVERDUE}” is now in progress.`);
    await expect(page.getByLabel("Your item's status")).toHaveValue("in_progress");
  });
});

test("(5) the lead sees the item done, when it was completed, and the completion rate", async ({ browser }) => {
  await asPerson(browser, IVY, {}, async (page) => {
    await page.goto(incidentPath);
    const followUps = page.getByRole("region", { name: "Follow-up action items" });
    const done = followUps.getByRole("row", { name: new RegExp(escapeRegExp(FOLLOW_UP_TODAY)) });
    await expect(done.getByLabel(`Status of ${FOLLOW_UP_TODAY}`)).toHaveValue("done");
    await expect(done.getByRole("cell").last()).toHaveText(/\d{1,2} \w{3} \d{4}, \d\d:\d\d/); // Completed
    const other = followUps.getByRole("row", { name: new RegExp(escapeRegExp(FOLLOW_UP_OVERDUE)) });
    await expect(other.getByLabel(`Status of ${FOLLOW_UP_OVERDUE}`)).toHaveValue("in_progress");
    await expect(other).toContainText("Overdue");
    await expect(other.getByRole("cell").last()).toHaveText("—");

    // The item's own page says when it was done.
    await done.getByRole("link", { name: FOLLOW_UP_TODAY }).click();
    await expect(page.getByRole("region", { name: FOLLOW_UP_TODAY })).toContainText(/Done on \d{1,2} \w{3} \d{4}/);

    // The tracker, everything: the done item with its completion time, the overdue one marked.
    await page.goto(`/teams/${slug}/action-items?status=all`);
    await expect(page.getByRole("table").getByRole("row")).toHaveCount(3);
    await screenshot(page, "incidents-07-action-tracker-lead");

    // The quarter's figures on the incident list count only items whose due day has passed (issue #12):
    // the item done today is due today, so it is not counted until tomorrow; the overdue one was due
    // yesterday (last quarter, on the first day of one).
    const dueThisQuarter = quarterOf(YESTERDAY) === quarterOf(TODAY) ? 1 : 0;
    await page.goto(`/teams/${slug}/incidents`);
    const summary = page.getByRole("region", { name: /so far$/ });
    await expect(
      summary.getByRole("definition").filter({ hasText: `(0 of ${dueThisQuarter} whose due day has passed)` }),
    ).toContainText(dueThisQuarter ? "0 %" : "—");
    await expect(summary.getByRole("link", { name: "1 overdue" })).toBeVisible();
    await expect(summary).toContainText("SEV2: 1");
  });
});

test("(6) the lead records two recovery-checklist answers; the member reads them and their history", async ({
  browser,
}) => {
  await asPerson(browser, IVY, {}, async (page) => {
    await page.goto(`/teams/${slug}`);
    await teamNav(page, "Incidents").click();
    await page
      .getByRole("navigation", { name: "Incidents and follow-up" })
      .getByRole("link", { name: "Recovery checklist", exact: true })
      .click();
    await expect(page).toHaveURL(new RegExp(`/teams/${slug}/recovery$`));
    await expect(page.getByText("0 of 8 are yes")).toBeVisible();
    await expect(page.getByRole("radiogroup")).toHaveCount(8);
    await page
      .getByRole("radiogroup", { name: "Blameless postmortem held with all stakeholders" })
      .getByRole("radio", { name: "Yes" })
      .check();
    await page
      .getByRole("radiogroup", { name: "Realistic 3–6 month timeline communicated" })
      .getByRole("radio", { name: "No" })
      .check();
    await page.getByRole("button", { name: "Save answers" }).click();
    await expect(page.getByRole("status")).toContainText("Checklist saved: 2 answers changed.");
    await expect(page.getByText("1 of 8 are yes")).toBeVisible();
    await expect(
      page
        .getByRole("radiogroup", { name: "Blameless postmortem held with all stakeholders" })
        .getByRole("radio", { name: "Yes" }),
    ).toBeChecked();
    const history = page.getByRole("region", { name: "History" });
    await expect(history.getByRole("row")).toHaveCount(3);
    await expect(history.getByRole("row", { name: /Blameless postmortem/ })).toContainText(
      new RegExp(`Yes\\s*${IVY.name}`),
    );
    await expect(history.getByRole("row", { name: /Realistic 3–6 month timeline/ })).toContainText(
      new RegExp(`No\\s*${IVY.name}`),
    );
    await expect(page.getByRole("row", { name: /Blameless postmortem held/ }).first()).toContainText(`by ${IVY.name}`);
    await screenshot(page, "incidents-08-recovery-checklist");
  });

  await asPerson(browser, OMAR, { javaScriptEnabled: false }, async (page) => {
    await page.goto(`/teams/${slug}/recovery`);
    await expect(page.getByText("1 of 8 are yes")).toBeVisible();
    await expect(page.getByRole("radio")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save answers" })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "History" }).getByRole("row")).toHaveCount(3);
  });
});
