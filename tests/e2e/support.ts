import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCREENSHOT_DIR = path.join(root, "test-results", "screenshots");

/** The first administrator, created by the first-run setup test. */
export const ADMIN = { name: "Ada Admin", email: "ada.admin@example.com", password: "admin-password-123" } as const;
/** The lead the admin invites into Platform. */
export const LEAD = { name: "Lea Lead", email: "lea.lead@example.com", password: "lead-password-123" } as const;
/** The member the lead invites into Platform. */
export const MEMBER = { name: "Max Member", email: "max.member@example.com", password: "member-password-123" } as const;

/** A full-page PNG at test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The new-password field. Its label also holds the hint ("At least 10 characters."),
 * and "Repeat password" contains the word too, so match the label's start.
 */
export function passwordField(page: Page) {
  return page.getByLabel(/^Password/);
}

export function repeatPasswordField(page: Page) {
  return page.getByLabel("Repeat password");
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await passwordField(page).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/login");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
}

/** Fills the invite form on /teams/:slug/invite and returns the link the page shows. */
export async function createInviteLink(page: Page, email: string, role: "lead" | "member"): Promise<string> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role").selectOption(role);
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = page.getByTestId("invite-link");
  await expect(link).toBeVisible();
  const text = (await link.textContent())?.trim() ?? "";
  expect(text).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
  return text;
}

export type Person = { name: string; email: string; password: string };

/** A second, independent browser (own cookies), with the config's baseURL. */
export async function newBrowserPage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, ...options });
  return context.newPage();
}

/**
 * Runs `body` with a fresh browser signed in as `person`, and closes it afterwards.
 * With JavaScript on, any script error fails the test: a route module that throws in the
 * browser leaves the page un-hydrated, and the "JS on" test would silently test plain posts.
 */
export async function asPerson(
  browser: Browser,
  person: { email: string; password: string },
  options: { javaScriptEnabled?: boolean },
  body: (page: Page) => Promise<void>,
) {
  const page = await newBrowserPage(browser, options);
  const scriptErrors: string[] = [];
  page.on("pageerror", (error) => scriptErrors.push(error.message));
  page.on("console", (message) => {
    // A 4xx answer to a refused form is expected; Chromium logs it as "Failed to load resource".
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      scriptErrors.push(message.text());
  });
  try {
    await signIn(page, person.email, person.password);
    await body(page);
    expect(scriptErrors, "no script errors in the browser").toEqual([]);
  } finally {
    await page.context().close();
  }
}

export function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * An error drawn right under what it belongs to: it starts below `under` (less than 24px
 * under it) and its left edge lines up with `alignWith`. `names` word the assertions.
 */
export async function expectDrawnRightUnder(
  error: Locator,
  under: Locator,
  alignWith: Locator = under,
  names = { under: "the field", alignWith: "the field" },
) {
  // All three boxes from one task in the page: measured one after another, a layout change in
  // between (the previous error removed, focus scrolling to the summary) moved them apart.
  const underHandle = await under.elementHandle();
  const alignHandle = await alignWith.elementHandle();
  const { underBox, alignBox, errorBox } = await error.evaluate(
    (el, [u, a]) => {
      const box = (node: Element) => {
        const r = node.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      };
      return { errorBox: box(el), underBox: box(u as Element), alignBox: box(a as Element) };
    },
    [underHandle, alignHandle] as const,
  );
  expect(errorBox.y, `the error starts below ${names.under}`).toBeGreaterThanOrEqual(underBox.y + underBox.height - 1);
  expect(errorBox.y - (underBox.y + underBox.height), `the error sits right under ${names.under}`).toBeLessThan(24);
  expect(Math.abs(errorBox.x - alignBox.x), `the error is aligned with ${names.alignWith}`).toBeLessThan(4);
}

/**
 * The admin (signed in on `page`) creates a team from /teams and lands on its invite page.
 * Returns the team's slug.
 */
export async function createTeam(page: Page, name: string, timeZone: string): Promise<string> {
  await page.goto("/teams");
  const form = page.getByRole("form", { name: "Create a team" });
  await form.getByLabel("Team name").fill(name);
  await form.getByLabel(/^Time zone/).selectOption(timeZone);
  await form.getByRole("button", { name: "Create team" }).click();
  await page.waitForURL(/\/teams\/[^/]+\/invite$/);
  return new URL(page.url()).pathname.split("/")[2]!;
}

/**
 * Invites each person with their role (a fresh invite form each time, so the link shown is
 * the new one), then each joins through their link in their own browser and lands on the
 * team home with its welcome. `checkJoinHeading` also checks the "Join <team>" heading.
 */
export async function invitePeopleWhoJoin(
  page: Page,
  browser: Browser,
  team: { slug: string; name: string },
  people: ReadonlyArray<readonly [Person, "lead" | "member"]>,
  { checkJoinHeading }: { checkJoinHeading: boolean },
): Promise<void> {
  const links: string[] = [];
  for (const [person, role] of people) {
    await page.goto(`/teams/${team.slug}/invite`);
    links.push(await createInviteLink(page, person.email, role));
  }
  for (const [index, [person]] of people.entries()) {
    const joiner = await newBrowserPage(browser);
    try {
      await joiner.goto(links[index]!);
      if (checkJoinHeading)
        await expect(joiner.getByRole("heading", { level: 1, name: `Join ${team.name}` })).toBeVisible();
      await joiner.getByLabel("Your name").fill(person.name);
      await passwordField(joiner).fill(person.password);
      await repeatPasswordField(joiner).fill(person.password);
      await joiner.getByRole("button", { name: "Create account and join" }).click();
      await expect(joiner).toHaveURL(new RegExp(`/teams/${team.slug}$`));
      await expect(joiner.getByRole("status")).toContainText(`Welcome to ${team.name}!`);
    } finally {
      await joiner.context().close();
    }
  }
}

/**
 * Clicks and waits for the POST it sends (to a path ending in `pathPart`, or matching it);
 * returns its status. With JS on, Remix enhances the form into a fetch (`?_data=`); with JS
 * off it is a plain form post. Either way is checked.
 */
export async function submitAndStatus(
  page: Page,
  button: Locator,
  pathPart: string | RegExp,
  javaScriptEnabled: boolean,
): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => {
      if (r.request().method() !== "POST") return false;
      const pathname = new URL(r.url()).pathname;
      return typeof pathPart === "string" ? pathname.endsWith(pathPart) : pathPart.test(pathname);
    }),
    button.click(),
  ]);
  expect(
    new URL(response.url()).searchParams.has("_data"),
    javaScriptEnabled ? "JS on: the form is sent by fetch" : "JS off: a plain form post",
  ).toBe(javaScriptEnabled);
  return response.status();
}
