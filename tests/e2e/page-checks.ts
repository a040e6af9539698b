import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { SCREENSHOT_DIR } from "./support";

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

/** axe-core's findings on the page as it is now (WCAG 2.x A and AA, and axe's best practices). */
export async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.length,
    first: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} — ${n.failureSummary?.split("\n")[1]?.trim() ?? ""}`),
  }));
}

/** Fails (softly, so one run lists every page) when axe finds anything. */
export async function expectNoAxeViolations(page: Page, name: string) {
  expect.soft(await axeViolations(page), `axe violations on ${name} (${page.viewportSize()?.width} px)`).toEqual([]);
}

/** Nothing sticks out sideways: the page is no wider than the window. */
export async function expectNoSidewaysScroll(page: Page, name: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect
    .soft(scrollWidth, `${name} is ${scrollWidth} px wide in a ${innerWidth} px window`)
    .toBeLessThanOrEqual(innerWidth);
}

/**
 * One main page, checked the way a phone and a desk see it: at 390 × 844 a full-page
 * screenshot (test-results/screenshots/phone/<name>.png), no sideways scrolling and no axe
 * violations; then the same at 1280 px (…/desktop/<name>.png).
 */
export async function checkPage(
  page: Page,
  url: string,
  name: string,
  options: { status?: number; ready?: (page: Page) => Promise<void> } = {},
) {
  for (const [size, viewport] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    await page.setViewportSize(viewport);
    const res = await page.goto(url);
    expect(res?.status(), `${url} answers`).toBe(options.status ?? 200);
    await page.waitForLoadState("networkidle");
    if (options.ready) await options.ready(page);
    await checkAsIs(page, `${size}/${name}`);
  }
}

/**
 * The page as it is now (after a form was sent, say): screenshot, no sideways scrolling, no axe
 * violations. axe runs inside the page, so it needs JavaScript: pass `axe: false` in a browser
 * that has it turned off (the same page is checked with JavaScript on elsewhere).
 */
export async function checkAsIs(page: Page, name: string, { axe = true }: { axe?: boolean } = {}) {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  await expectNoSidewaysScroll(page, name);
  if (axe) await expectNoAxeViolations(page, name);
}
