import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";

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
