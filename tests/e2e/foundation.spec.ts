import { expect, test, type Locator, type Page } from "@playwright/test";
import {
  ADMIN,
  LEAD,
  MEMBER,
  createInviteLink,
  escapeRegExp,
  expectDrawnRightUnder,
  newBrowserPage,
  passwordField,
  repeatPasswordField,
  screenshot,
  signIn,
  signOut,
} from "./support";
import { checkPage } from "./page-checks";

// One story on one fresh database (see start-server.mjs): each test builds on the
// ones before it, so they run in order and stop at the first failure.
test.describe.configure({ mode: "serial" });

/** The field's error is announced with it (aria-describedby) and drawn right under it. */
async function expectErrorBesideField(page: Page, field: Locator, message: string | RegExp) {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(
    message instanceof RegExp ? message : new RegExp(escapeRegExp(message)),
  );
  const error = page.getByRole("alert").filter({ hasText: message });
  await expect(error).toBeVisible();
  await expectDrawnRightUnder(error, field);
}

async function acceptInvite(page: Page, link: string, person: { name: string; password: string }, teamName: string) {
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: `Join ${teamName}` })).toBeVisible();
  await page.getByLabel("Your name").fill(person.name);
  await passwordField(page).fill(person.password);
  await repeatPasswordField(page).fill(person.password);
  await page.getByRole("button", { name: "Create account and join" }).click();
}

let memberInviteLink = "";

test("(a) first-run setup creates the admin and lands on /teams", async ({ page }) => {
  // An empty installation sends every page to /setup.
  await page.goto("/teams");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { level: 1, name: "Set up Trust Health" })).toBeVisible();
  await screenshot(page, "01-setup");
  // Only an empty installation has this page: check it here at 390 and 1280 px (axe, no sideways scroll).
  await checkPage(page, "/setup", "signed-out-setup");

  await page.getByLabel("Your name").fill(ADMIN.name);
  await page.getByLabel("Email").fill(ADMIN.email);
  await passwordField(page).fill(ADMIN.password);
  await repeatPasswordField(page).fill(ADMIN.password);
  await page.getByRole("button", { name: "Create administrator" }).click();

  await expect(page).toHaveURL(/\/teams$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your teams" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("You are the administrator");
  await expect(page.getByRole("banner")).toContainText(ADMIN.name);
  await screenshot(page, "02-teams-after-setup");

  // /setup is gone once someone exists.
  const again = await page.goto("/setup");
  expect(again?.status()).toBe(404);
});

test("(b) the admin creates the teams Platform and Payments", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  for (const [name, zone] of [
    ["Platform", "Europe/Berlin"],
    ["Payments", "America/New_York"],
  ] as const) {
    await page.goto("/teams");
    const form = page.getByRole("form", { name: "Create a team" });
    await form.getByLabel("Team name").fill(name);
    await form.getByLabel(/^Time zone/).selectOption(zone);
    await expect(form.getByLabel(/^Anonymity threshold/)).toHaveValue("3");
    await form.getByRole("button", { name: "Create team" }).click();
    // Admins are not members of the team they create: the next step is inviting its lead.
    await page.waitForURL(`**/teams/${name.toLowerCase()}/invite`);
    await expect(page.getByRole("status")).toContainText(`Team ${name} created`);
    await expect(page.getByRole("heading", { level: 1, name: `Invite someone to ${name}` })).toBeVisible();
    if (name === "Platform") await screenshot(page, "03a-admin-lands-after-create-team");
  }

  await page.goto("/teams");
  const table = page.getByRole("table");
  await expect(table.getByRole("row", { name: /Platform/ })).toContainText("Europe/Berlin");
  await expect(table.getByRole("row", { name: /Payments/ })).toContainText("America/New_York");
  await screenshot(page, "03-teams-created");
});

test("(c) the admin invites a lead into Platform, who joins through the link", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/teams");
  await page
    .getByRole("row", { name: /Platform/ })
    .getByRole("link", { name: "Invite someone" })
    .click();
  await expect(page).toHaveURL(/\/teams\/platform\/invite$/);
  await expect(page.getByRole("heading", { level: 1, name: "Invite someone to Platform" })).toBeVisible();
  const link = await createInviteLink(page, LEAD.email, "lead");
  expect(link.startsWith(`${test.info().project.use.baseURL}/invite/`)).toBe(true);
  await screenshot(page, "04-invite-link-for-lead");
  await signOut(page);

  await acceptInvite(page, link, LEAD, "Platform");
  await expect(page).toHaveURL(/\/teams\/platform$/);
  await expect(page.getByRole("heading", { level: 1, name: "Platform" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Welcome to Platform!");
  const nav = page.getByRole("navigation", { name: "Team" });
  for (const tab of [
    "Home",
    "Weekly check",
    "Quarterly survey",
    "Dashboard",
    "Retro",
    "Incidents",
    "Action items",
    "Settings",
  ]) {
    await expect(nav.getByRole("link", { name: tab, exact: true })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "Home" })).toHaveClass(/active/);
  await expect(page.getByRole("region", { name: /Members/ })).toContainText(LEAD.name);
  await screenshot(page, "05-team-home-lead");

  // The link works once.
  const reused = await newBrowserPage(page.context().browser()!);
  const res = await reused.goto(link);
  expect(res?.status()).toBe(410);
  await expect(reused.getByRole("alert")).toContainText("already been used");
  await reused.context().close();
});

test("(d) the lead invites a member, who joins, signs out and signs in again", async ({ page, browser }) => {
  await signIn(page, LEAD.email, LEAD.password);
  await page.goto("/teams/platform");
  await page.getByRole("link", { name: "Invite someone" }).click();
  await expect(page).toHaveURL(/\/teams\/platform\/invite$/);
  memberInviteLink = await createInviteLink(page, MEMBER.email, "member");

  await page.goto("/teams/platform");
  await expect(
    page.getByRole("region", { name: "Pending invites" }).getByRole("row", { name: new RegExp(MEMBER.email) }),
  ).toBeVisible();

  const member = await newBrowserPage(browser);
  try {
    await acceptInvite(member, memberInviteLink, MEMBER, "Platform");
    await expect(member).toHaveURL(/\/teams\/platform$/);
    await expect(member.getByRole("status")).toContainText("Welcome to Platform!");
    await expect(member.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Settings" })).toHaveCount(
      0,
    );
    await screenshot(member, "06-team-home-member");

    await signOut(member);
    await signIn(member, MEMBER.email, MEMBER.password);
    await expect(member).toHaveURL(/\/teams$/);
    await expect(member.getByRole("link", { name: /Platform/ })).toContainText("member");
  } finally {
    await member.context().close();
  }

  await page.reload();
  await expect(page.getByRole("region", { name: /Members/ })).toContainText(MEMBER.name);
  await expect(page.getByRole("region", { name: "Pending invites" })).toContainText("No pending invites.");
});

test("(e) the member gets 404 for another team and 403 for the lead's settings", async ({ page }) => {
  await signIn(page, MEMBER.email, MEMBER.password);

  const other = await page.goto("/teams/payments");
  expect(other?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByText("Payments")).toHaveCount(0); // the other team's name is not revealed
  await screenshot(page, "07-member-other-team-404");

  const settings = await page.goto("/teams/platform/settings");
  expect(settings?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
  await expect(page.getByText("Only a team lead can do this.")).toBeVisible();
  await screenshot(page, "08-member-settings-403");

  const invite = await page.goto("/teams/platform/invite");
  expect(invite?.status()).toBe(403);
});

test("(f) the invite form rejects a short password beside the field and keeps the name", async ({ page, browser }) => {
  await signIn(page, LEAD.email, LEAD.password);
  await page.goto("/teams/platform/invite");
  const link = await createInviteLink(page, "nina.newbie@example.com", "member");

  const newbie = await newBrowserPage(browser);
  try {
    await newbie.goto(link);
    await newbie.getByLabel("Your name").fill("Nina Newbie");
    await passwordField(newbie).fill("short");
    await repeatPasswordField(newbie).fill("different");
    await newbie.getByRole("button", { name: "Create account and join" }).click();

    await expectErrorBesideField(newbie, passwordField(newbie), "Use at least 10 characters");
    await expect(newbie).toHaveURL(link);
    await expect(newbie.getByLabel("Your name")).toHaveValue("Nina Newbie");
    // With JavaScript the browser keeps what was typed in place; the server never echoes a password
    // (tests/integration/foundation.test.ts checks the no-JS response).
    await screenshot(newbie, "09-invite-form-errors");

    // Mismatched passwords are caught on the repeat field.
    await passwordField(newbie).fill("long-enough-password");
    await repeatPasswordField(newbie).fill("another-long-password");
    await newbie.getByRole("button", { name: "Create account and join" }).click();
    await expectErrorBesideField(newbie, repeatPasswordField(newbie), "The passwords do not match");

    // And a correct form still goes through.
    await passwordField(newbie).fill("long-enough-password");
    await repeatPasswordField(newbie).fill("long-enough-password");
    await newbie.getByRole("button", { name: "Create account and join" }).click();
    await expect(newbie).toHaveURL(/\/teams\/platform$/);
  } finally {
    await newbie.context().close();
  }
});

test("(g) the lead's settings page loads and a threshold of 2 is refused beside the field", async ({ page }) => {
  await signIn(page, LEAD.email, LEAD.password);
  await page.goto("/teams/platform");
  await page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/teams\/platform\/settings$/);
  await expect(page.getByRole("heading", { name: "Team settings" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Settings" })).toHaveClass(
    /active/,
  );
  await expect(
    page.getByRole("region", { name: "People" }).getByRole("row", { name: new RegExp(MEMBER.email) }),
  ).toBeVisible();
  await screenshot(page, "10-settings");

  const threshold = page.getByLabel(/^Anonymity threshold/);
  await expect(threshold).toHaveValue("3");
  await threshold.fill("2");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expectErrorBesideField(page, threshold, "The threshold can never be below 3");
  await expect(threshold).toHaveValue("2");
  await screenshot(page, "11-settings-threshold-error");

  // A valid value saves.
  await threshold.fill("4");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Settings saved.");
  await expect(threshold).toHaveValue("4");
});

test("(h) the reset-link page states the link's lifetime, also once the page has hydrated", async ({ page }) => {
  await signIn(page, LEAD.email, LEAD.password);
  await page.goto("/teams/platform/password-reset");
  // Hydrated: React has attached itself to the page's form.
  await page.waitForFunction(() => {
    const form = document.querySelector("main form");
    return form !== null && Object.keys(form).some((k) => k.startsWith("__reactFiber$"));
  });
  await expect(page.getByText(/expires in 24 hours/)).toBeVisible();
  await expect(page.getByText(/NaN/)).toHaveCount(0);
});

test("forms work without JavaScript: sign in, see the teams page, sign out", async ({ browser }) => {
  const page = await newBrowserPage(browser, { javaScriptEnabled: false });
  try {
    await signIn(page, LEAD.email, LEAD.password);
    await expect(page).toHaveURL(/\/teams$/);
    await expect(page.getByRole("heading", { level: 1, name: "Your teams" })).toBeVisible();
    await expect(page.getByRole("link", { name: /Platform/ })).toContainText("lead");
    await screenshot(page, "12-teams-without-javascript");

    // A failed sign-in re-renders with the message beside the field, no JS needed.
    await signOut(page);
    await page.getByLabel("Email").fill(LEAD.email);
    await passwordField(page).fill("wrong-password-123");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expectErrorBesideField(page, passwordField(page), "That email and password do not match an account.");
    await expect(page.getByLabel("Email")).toHaveValue(LEAD.email);
  } finally {
    await page.context().close();
  }
});
