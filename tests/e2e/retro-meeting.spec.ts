import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD, startDemoServer, type DemoServer } from "./demo-server";
import { passwordField, SCREENSHOT_DIR } from "./support";

// Issue 15: the retro as a meeting tool. Runs on its own demo database and server
// (E2E_PORT + 100), like dashboards.spec.ts, so it needs released comments to work with.
test.describe.configure({ mode: "serial" });

const PORT = Number(process.env.E2E_RETRO_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 100);
const DEMO = `http://127.0.0.1:${PORT}`;
const PRIYA = "priya.lead@demo.trust-health.test"; // Platform lead
const MEMBERS = ["chen.wei@demo.trust-health.test", "ben.okafor@demo.trust-health.test"];
const FULL_HD = { width: 1920, height: 1080 };

let server: DemoServer | undefined;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  server = await startDemoServer("e2e-retro", PORT);
});

test.afterAll(async () => {
  await server?.stop();
});

async function signedIn(browser: Browser, email: string, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ viewport: FULL_HD, ...options });
  const page = await context.newPage();
  const scriptErrors: string[] = [];
  page.on("pageerror", (error) => scriptErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      scriptErrors.push(message.text());
  });
  await page.goto(`${DEMO}/login`);
  await page.getByLabel("Email").fill(email);
  await passwordField(page).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  return { page, scriptErrors, close: () => context.close() };
}

/** React has taken over the page: the presenter's JavaScript-only tools are drawn. */
async function waitForPresenterScript(page: Page) {
  await expect(page.getByRole("button", { name: "Full screen" })).toBeVisible();
}

async function expectNoOverflow(page: Page, what: string) {
  const size = await page.evaluate(() => ({
    scrollHeight: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
    stageScroll: document.querySelector(".present-stage")!.scrollHeight,
    stageClient: document.querySelector(".present-stage")!.clientHeight,
    innerHeight: window.innerHeight,
    innerWidth: window.innerWidth,
  }));
  expect(size.scrollHeight, `${what}: no vertical scrolling`).toBeLessThanOrEqual(size.innerHeight);
  expect(size.scrollWidth, `${what}: no horizontal scrolling`).toBeLessThanOrEqual(size.innerWidth);
  expect(size.stageScroll, `${what}: nothing cut off inside the step`).toBeLessThanOrEqual(size.stageClient);
}

const STEPS = [
  "What changed since the last retro",
  "Trust and participation",
  "Incidents and follow-through",
  "What people wrote",
  "Open and overdue actions",
  "Trust-recovery checklist",
  "New actions agreed",
];

test("(1) the presenter moves through all seven steps with the keyboard; each fits 1920×1080", async ({ browser }) => {
  const lead = await signedIn(browser, PRIYA);
  const page = lead.page;
  try {
    await page.goto(`${DEMO}/teams/platform/retro`);
    await page.getByRole("link", { name: "Meeting mode" }).click();
    await expect(page).toHaveURL(/\/teams\/platform\/retro\/present/);
    await waitForPresenterScript(page);
    // No app chrome: neither the site header nor the team's navigation.
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "Team" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
    const fontSize = await page.locator(".present").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize, "large type, readable from across a room").toBeGreaterThanOrEqual(28);

    for (const [index, title] of STEPS.entries()) {
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(page.getByText(`Step ${index + 1} of ${STEPS.length}`)).toBeVisible();
      await expectNoOverflow(page, title);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `retro-present-step-${index + 1}.png`) });
      await page.keyboard.press(index % 2 === 0 ? "ArrowRight" : "Space");
    }
    // Past the last step the keyboard stays there; ← goes back; Esc leaves to the retro page.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(STEPS[6]!);
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(STEPS[5]!);
    await expect(page).toHaveURL(/step=6/);
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/\/teams\/platform\/retro\?/);
    await expect(page.getByRole("heading", { level: 2, name: "Retro" })).toBeVisible();
    expect(lead.scriptErrors).toEqual([]);
  } finally {
    await lead.close();
  }
});

test("(2) without JavaScript the meeting mode is one link per step", async ({ browser }) => {
  const lead = await signedIn(browser, PRIYA, { javaScriptEnabled: false });
  try {
    const page = lead.page;
    await page.goto(`${DEMO}/teams/platform/retro/present`);
    const steps = page.getByRole("navigation", { name: "Steps" }).getByRole("link");
    await expect(steps).toHaveCount(7);
    await expect(page.getByRole("button", { name: "Full screen" })).toHaveCount(0);
    await steps.nth(4).click();
    await expect(page).toHaveURL(/step=5/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(STEPS[4]!);
    await expectNoOverflow(page, "step 5 without JavaScript");
  } finally {
    await lead.close();
  }
});

test("(3) a lead turns a 'why' comment into an action item; a member sees 'we did' on their home page", async ({
  browser,
}) => {
  const lead = await signedIn(browser, PRIYA);
  let words = "";
  try {
    const page = lead.page;
    await page.goto(`${DEMO}/teams/platform/retro`);
    await expect(page.getByRole("heading", { level: 3, name: "Why" })).toBeVisible();
    const first = page.getByTestId("why-comments").getByRole("listitem").first();
    words = (await first.locator("blockquote").textContent())!.trim();
    // From here on, the comment by its key: the list is shuffled again on every load.
    const key = (await first.getAttribute("data-comment"))!;
    const comment = page.getByTestId("why-comments").locator(`[data-comment="${key}"]`);
    await comment.getByText("Make this an action item").click();
    const form = comment.getByRole("form", { name: "New action item from a comment" });
    await expect(form.getByLabel("Action item")).toHaveValue(words.slice(0, 200));
    await form.getByLabel("Owner").selectOption({ label: "Chen Wei" });
    await form.getByRole("button", { name: "Create action item" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Action item created from a comment." })).toBeVisible();
    // The comment now links to its action item instead of offering to create one.
    await expect(comment.locator("blockquote")).toHaveText(words);
    await expect(comment.getByRole("link", { name: /^action item “/ })).toContainText(words.slice(0, 30));
    await expect(comment.getByText("Make this an action item")).toHaveCount(0);
    expect(lead.scriptErrors).toEqual([]);
  } finally {
    await lead.close();
  }

  const member = await signedIn(browser, MEMBERS[1]!);
  try {
    await member.page.goto(`${DEMO}/teams/platform`);
    const weDid = member.page.getByRole("region", { name: "You said, we did" });
    await expect(weDid).toContainText(words);
    await expect(weDid).toContainText("We did:");
    await expect(weDid).toContainText("Open");
    await expect(weDid).toContainText("needs no authorship");
    await member.page.screenshot({ path: path.join(SCREENSHOT_DIR, "retro-we-did-home.png"), fullPage: true });
  } finally {
    await member.close();
  }
});

test("(4) two members vote from their own browsers while the presenter's screen shows the counts change", async ({
  browser,
}) => {
  const lead = await signedIn(browser, PRIYA);
  const [chen, ben] = [await signedIn(browser, MEMBERS[0]!), await signedIn(browser, MEMBERS[1]!)];
  try {
    const presenter = lead.page;
    await presenter.goto(`${DEMO}/teams/platform/retro/present?step=4`);
    await waitForPresenterScript(presenter);
    await expect(presenter.getByRole("heading", { level: 1 })).toHaveText("What people wrote");
    await expect(presenter.getByText(/Vote on your phone: .*\/teams\/platform\/retro\/vote/)).toBeVisible();

    await chen.page.goto(`${DEMO}/teams/platform/retro/vote`);
    await expect(chen.page.getByTestId("votes-left")).toHaveText("3 votes");
    const first = chen.page.getByTestId("vote-comments").getByRole("listitem").first();
    const key = (await first.getAttribute("data-comment"))!;
    const count = presenter.locator(`[data-comment="${key}"]`).getByTestId("vote-count");
    await expect(count).toHaveText("0 votes");

    await chen.page
      .locator(`[data-comment="${key}"]`)
      .getByRole("button", { name: /^Vote for:/ })
      .click();
    await expect(chen.page.getByRole("status").filter({ hasText: "Vote counted. 2 votes left." })).toBeVisible();
    await expect(count).toHaveText("1 vote"); // the presenter's screen, without a reload

    await ben.page.goto(`${DEMO}/teams/platform/retro/vote`);
    await ben.page
      .locator(`[data-comment="${key}"]`)
      .getByRole("button", { name: /^Vote for:/ })
      .click();
    await expect(ben.page.getByRole("status").filter({ hasText: "Vote counted." })).toBeVisible();
    await expect(count).toHaveText("2 votes");
    await expectNoOverflow(presenter, "the comments step with votes");
    await presenter.screenshot({ path: path.join(SCREENSHOT_DIR, "retro-present-votes.png") });

    // Chen spends the other two votes; the buttons then stay disabled and the page says so.
    for (let i = 0; i < 2; i++) {
      await chen.page
        .getByTestId("vote-comments")
        .getByRole("button", { name: /^Vote for:/ })
        .nth(i + 1)
        .click();
      await expect(chen.page.getByRole("status").filter({ hasText: "Vote counted." })).toBeVisible();
    }
    await expect(chen.page.getByTestId("votes-left")).toHaveText("0 votes");
    await expect(chen.page.getByRole("button", { name: /^Vote for:/ }).first()).toBeDisabled();
    for (const person of [lead, chen, ben]) expect(person.scriptErrors).toEqual([]);
  } finally {
    for (const person of [lead, chen, ben]) await person.close();
  }
});
