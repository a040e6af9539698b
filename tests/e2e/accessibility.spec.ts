import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD, demoEmail, startDemoServer, type DemoServer } from "./demo-server";
import { DESKTOP, PHONE, checkAsIs, checkPage } from "./page-checks";
import { newBrowserPage, passwordField, repeatPasswordField } from "./support";

// Issue 12, "Phone" and "Accessibility": every main page, as a member, a lead and an admin
// (and signed out), at 390 × 844 and at 1280 px: a screenshot a person can look at
// (test-results/screenshots/phone/… and …/desktop/…), no page wider than the window, and
// axe-core finds nothing.
//
// The pages need history (charts, incidents, action items), so this file runs its own server
// on a freshly seeded demo database (port E2E_A11Y_PORT, default E2E_PORT + 3); the shared
// story's server is not touched. /setup only exists on an empty installation: foundation.spec
// checks it there. The tests do not depend on each other, so a failing page does not hide the
// others' results.

const PORT = Number(process.env.E2E_A11Y_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 3);
const MAJOR_INCIDENT = "Full outage: primary database ran out of disk";
const MEMBER = demoEmail("chen.wei"); // Platform member
const LEAD = demoEmail("priya.lead"); // Platform lead
const ADMIN = demoEmail("admin");

let demo: DemoServer;
const url = (path: string) => `${demo.base}${path}`;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  demo = await startDemoServer("e2e-a11y", PORT);
});

test.afterAll(async () => {
  await demo?.stop();
});

async function signedInPage(
  browser: Browser,
  email: string,
  options: { javaScriptEnabled?: boolean } = {},
  password = DEMO_PASSWORD,
) {
  const context = await browser.newContext({ viewport: PHONE, ...options });
  const page = await context.newPage();
  await page.goto(url("/login"));
  await page.getByLabel("Email").fill(email);
  await passwordField(page).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname !== "/login");
  return page;
}

/** The href of the incident and of one open action item on Platform, read from the lists. */
async function detailPaths(page: Page) {
  await page.goto(url("/teams/platform/incidents"));
  const incident = await page.getByRole("link", { name: MAJOR_INCIDENT }).first().getAttribute("href");
  await page.goto(url("/teams/platform/action-items"));
  const action = await page.locator("table.tracker tbody a").first().getAttribute("href");
  expect(incident).toMatch(/^\/teams\/platform\/incidents\/\d+$/);
  expect(action).toMatch(/^\/teams\/platform\/action-items\/\d+$/);
  return { incident: incident!, action: action! };
}

const TEAM_PAGES = [
  ["home", ""],
  ["check-in", "/check-in"],
  ["survey", "/survey"],
  ["dashboard", "/dashboard"],
  ["retro", "/retro"],
  ["incidents", "/incidents"],
  ["action-items", "/action-items"],
  ["recovery", "/recovery"],
  ["premortems", "/premortem"],
  ["review", "/review"],
] as const;

test("signed out: sign-in, an invalid invite link and a missing page", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await newBrowserPage(browser);
  try {
    await checkPage(page, url("/login"), "signed-out-login");
    await checkPage(page, url("/invite/not-a-real-token"), "signed-out-invite-unknown", { status: 404 });
    await checkPage(page, url("/no-such-page"), "signed-out-404", { status: 404 });
  } finally {
    await page.context().close();
  }
});

test("a member's pages", async ({ browser }) => {
  test.setTimeout(240_000);
  const page = await signedInPage(browser, MEMBER);
  try {
    const { incident, action } = await detailPaths(page);
    for (const [name, path] of TEAM_PAGES) await checkPage(page, url(`/teams/platform${path}`), `member-${name}`);
    await checkPage(page, url(incident), "member-incident");
    await checkPage(page, url(action), "member-action-item");
    await checkPage(page, url("/teams"), "member-teams");
    await checkPage(page, url("/me"), "member-me");
    await checkPage(page, url("/teams/platform/settings"), "member-settings-403", { status: 403 });
  } finally {
    await page.context().close();
  }
});

test("a lead's pages", async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await signedInPage(browser, LEAD);
  try {
    const { incident, action } = await detailPaths(page);
    for (const [name, path] of TEAM_PAGES) await checkPage(page, url(`/teams/platform${path}`), `lead-${name}`);
    for (const [name, path] of [
      ["settings", "/settings"],
      ["reminders", "/reminders"],
      ["tokens", "/tokens"],
      ["pager", "/pager"],
      ["retro-present", "/retro/present"],
      ["import", "/import"],
      ["incident-new", "/incidents/new"],
      ["action-new", "/action-items/new"],
      ["premortem-new", "/premortem/new"],
    ] as const)
      await checkPage(page, url(`/teams/platform${path}`), `lead-${name}`);
    await checkPage(page, url(incident), "lead-incident");
    await checkPage(page, url(`${incident}/edit`), "lead-incident-edit");
    await checkPage(page, url(action), "lead-action-item");
    await checkPage(page, url("/teams/platform/invite"), "lead-invite");
    await checkPage(page, url("/teams"), "lead-teams");
    await checkPage(page, url("/me"), "lead-me");
  } finally {
    await page.context().close();
  }
});

test("an admin's pages", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await signedInPage(browser, ADMIN);
  try {
    await checkPage(page, url("/teams"), "admin-teams");
    await checkPage(page, url("/org"), "admin-org");
    await checkPage(page, url("/org/metrics"), "admin-org-metrics");
    await checkPage(page, url("/teams/platform/invite"), "admin-invite");
    await checkPage(page, url("/me"), "admin-me");
  } finally {
    await page.context().close();
  }
});

const FRESH_LEAD = { name: "Fresh Lead", email: "fresh.lead@example.com", password: "fresh-password-123" };

/** The five choices of a 1–5 group all sit on one row. */
async function expectOneRow(page: Page, group: ReturnType<Page["getByRole"]>, what: string) {
  const boxes = await group
    .locator("label")
    .evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().toJSON() as DOMRect));
  expect(boxes, `${what}: five choices`).toHaveLength(5);
  expect(Math.max(...boxes.map((b) => b.top)), `${what}: on one row at ${page.viewportSize()?.width} px`).toBeLessThan(
    Math.min(...boxes.map((b) => b.bottom)),
  );
}

test("a new team: invites pasted as a list, a link copied, the first-steps checklist and the phone menu", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const admin = await signedInPage(browser, ADMIN);
  let link = "";
  try {
    await admin.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: demo.base });
    await admin.goto(url("/teams"));
    const create = admin.getByRole("form", { name: "Create a team" });
    await create.getByLabel("Team name").fill("Fresh Team");
    await create.getByLabel(/^Time zone/).selectOption("Europe/Berlin");
    await create.getByRole("button", { name: "Create team" }).click();
    await admin.waitForURL(/\/teams\/fresh-team\/invite$/);

    // A pasted list: one good address (as a mail client copies it) and one typo.
    const box = admin.getByLabel(/^Email addresses/);
    await box.fill(`${FRESH_LEAD.name} <${FRESH_LEAD.email}>, oops@`);
    await admin.getByLabel("Role").selectOption("lead");
    await admin.getByRole("button", { name: "Create invite links" }).click();
    const links = admin.getByTestId("invite-link");
    await expect(links).toHaveCount(1);
    link = (await links.textContent())!.trim();
    expect(link).toMatch(new RegExp(`^${demo.base}/invite/[A-Za-z0-9_-]+$`));
    await expect(admin.getByRole("alert").filter({ hasText: "Line 1: “oops@” is not an email address" })).toBeVisible();
    await expect(box, "the typo stays in the box to be fixed; the invited address does not").toHaveValue("oops@");
    await expect(box).toHaveAttribute("aria-invalid", "true");

    // The copy button (JavaScript) puts the link on the clipboard.
    await admin.getByRole("button", { name: `Copy the link for ${FRESH_LEAD.email}` }).click();
    await expect(admin.getByText("Copied.", { exact: true })).toBeVisible();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await checkAsIs(admin, "phone/admin-invite-pasted-list");
    await admin.setViewportSize(DESKTOP);
    await checkAsIs(admin, "desktop/admin-invite-pasted-list");
  } finally {
    await admin.context().close();
  }

  // Without JavaScript there is no copy button, and the link is plain text to select.
  const noJs = await signedInPage(browser, ADMIN, { javaScriptEnabled: false });
  try {
    await noJs.goto(url("/teams/fresh-team/invite"));
    await noJs.getByLabel(/^Email addresses/).fill("second.person@example.com");
    await noJs.getByRole("button", { name: "Create invite links" }).click();
    await expect(noJs.getByTestId("invite-link")).toHaveText(/\/invite\//);
    await expect(noJs.getByRole("button", { name: /^Copy/ })).toHaveCount(0);
  } finally {
    await noJs.context().close();
  }

  // The new lead joins through the link and finds the checklist on the team's home.
  const lead = await newBrowserPage(browser);
  try {
    await lead.setViewportSize(PHONE);
    await checkPage(lead, link, "signed-out-invite-valid");
    await lead.getByLabel("Your name").fill(FRESH_LEAD.name);
    await passwordField(lead).fill(FRESH_LEAD.password);
    await repeatPasswordField(lead).fill(FRESH_LEAD.password);
    await lead.getByRole("button", { name: "Create account and join" }).click();
    await lead.waitForURL(/\/teams\/fresh-team$/);
    const steps = lead.getByRole("region", { name: "First steps" });
    await expect(steps).toContainText(
      "To do: Invite people: results need 3 answers a week, so invite at least 2 more.",
    );
    await expect(steps).toContainText("1 invited, not joined yet.");
    await expect(steps.getByRole("link", { name: "Add the Slack webhook" })).toHaveAttribute(
      "href",
      "/teams/fresh-team/reminders",
    );
    await expect(steps).toContainText(/First results on Monday \d{1,2} [A-Z][a-z]{2}, when this week's check closes/);
    await checkPage(lead, url("/teams/fresh-team"), "new-lead-home-first-steps");

    // On a phone the team's sections fold into one menu row.
    await lead.setViewportSize(PHONE);
    await lead.goto(url("/teams/fresh-team"));
    const menu = lead.locator("details.team-menu");
    const summary = menu.locator("summary");
    await expect(summary).toContainText("Home");
    expect((await summary.boundingBox())!.height, "the closed menu is one row").toBeLessThan(60);
    await expect(lead.getByRole("navigation", { name: "Team" })).toBeHidden();
    await summary.click();
    const nav = lead.getByRole("navigation", { name: "Team" });
    await expect(nav.getByRole("link")).toHaveCount(9);
    await nav.getByRole("link", { name: "Weekly check", exact: true }).click();
    await lead.waitForURL(/\/check-in$/);
    await expect(summary).toContainText("Weekly check");
    await expect(menu, "a followed link closes the menu").not.toHaveAttribute("open", "");
    await expectOneRow(lead, lead.getByRole("group", { name: /How much do you trust your team/ }), "the 1–5 scale");
    await checkAsIs(lead, "phone/new-lead-check-in");

    // At 1280 px the tabs are back and the menu is gone.
    await lead.setViewportSize(DESKTOP);
    await expect(lead.getByRole("navigation", { name: "Team" }).getByRole("link")).toHaveCount(9);
    await expect(summary).toBeHidden();
  } finally {
    await lead.context().close();
  }

  // The menu is a <details>: it opens without JavaScript too.
  const plain = await signedInPage(browser, FRESH_LEAD.email, { javaScriptEnabled: false }, FRESH_LEAD.password);
  try {
    await plain.goto(url("/teams/fresh-team"));
    await plain.locator("details.team-menu summary").click();
    await plain.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Dashboard" }).click();
    await plain.waitForURL(/\/teams\/fresh-team\/dashboard$/);
    await expect(plain.locator("details.team-menu summary")).toContainText("Dashboard");
  } finally {
    await plain.context().close();
  }
});
