import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { ADMIN, createTeam, invitePeopleWhoJoin, screenshot, signIn } from "./support";

// Issue 14, "Done when": a lead connects PagerDuty in the settings, and incidents appear by
// themselves. Self-sufficient after foundation.spec.ts (which leaves the admin behind).
test.describe.configure({ mode: "serial" });

const TEAM = "On Call";
const PAM = { name: "Pam Pager", email: "pam.pager@example.com", password: "pam-password-1234" } as const;
const SECRET = "pd-webhook-signing-secret-" + crypto.randomBytes(12).toString("hex");
const FIXTURE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../fixtures/pagerduty/incident.triggered.json",
);
let slug = "";

test("(setup) the admin creates On Call; a lead joins", async ({ page, browser }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  slug = await createTeam(page, TEAM, "UTC");
  await invitePeopleWhoJoin(page, browser, { slug, name: TEAM }, [[PAM, "lead"]], { checkJoinHeading: false });
});

test("a lead connects PagerDuty; the secret is shown only as its last characters; a signed event makes an incident", async ({
  page,
  request,
}) => {
  await signIn(page, PAM.email, PAM.password);
  await page.goto(`/teams/${slug}/settings`);
  await page.getByRole("link", { name: "Connect PagerDuty or Opsgenie" }).click();
  await expect(page.getByRole("heading", { name: "Pager: PagerDuty and Opsgenie" })).toBeVisible();
  const url = (await page.getByTestId("pagerduty-url").textContent())?.trim() ?? "";
  expect(url).toMatch(new RegExp(`/hooks/pagerduty/${slug}$`));

  // A bad secret: the message sits beside the field.
  await page.getByLabel("Signing secret").fill("short");
  await page.getByRole("button", { name: "Save secret" }).click();
  await expect(page.getByLabel("Signing secret")).toHaveAccessibleDescription(/Paste the whole signing secret/);

  await page.getByLabel("Signing secret").fill(SECRET);
  await page.getByRole("button", { name: "Save secret" }).click();
  await expect(page.getByRole("status").filter({ hasText: "It is not shown again" })).toBeVisible();
  await expect(page.getByText(`…${SECRET.slice(-4)}`, { exact: true })).toBeVisible();
  expect(await page.content()).not.toContain(SECRET);

  await page.getByLabel("PagerDuty service id").fill("PF9KMXH");
  await page.getByLabel("Label (optional)").fill("API Service");
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("cell", { name: "PF9KMXH", exact: true })).toBeVisible();

  // PagerDuty delivers an event (server to server: no cookies, no Origin).
  const raw = fs.readFileSync(FIXTURE, "utf8");
  const signature = `v1=${crypto.createHmac("sha256", SECRET).update(raw).digest("hex")}`;
  const delivered = await request.post(url, {
    data: raw,
    headers: { "Content-Type": "application/json", "X-PagerDuty-Signature": signature },
  });
  expect(delivered.status()).toBe(200);

  await page.reload();
  await expect(page.getByTestId("pager-deliveries").getByRole("link", { name: "Incident created" })).toBeVisible();
  await screenshot(page, "pager-settings-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole("heading", { name: "Pager: PagerDuty and Opsgenie" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, "pager-settings-390");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto(`/teams/${slug}/incidents`);
  await page.getByRole("link", { name: "A little bump in the road" }).click();
  await expect(page.getByRole("link", { name: "https://acme.pagerduty.com/incidents/PGR0VU2" })).toBeVisible();
});

test("an Opsgenie secret is shown once", async ({ page }) => {
  await signIn(page, PAM.email, PAM.password);
  await page.goto(`/teams/${slug}/pager`);
  await page.getByRole("button", { name: "Create Opsgenie secret" }).click();
  const shown = page.getByTestId("new-opsgenie-secret");
  await expect(shown).toBeVisible();
  const secret = (await shown.textContent())?.trim() ?? "";
  expect(secret).toMatch(/^og_/);
  await page.reload();
  await expect(page.getByTestId("new-opsgenie-secret")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  await expect(page.getByText(`…${secret.slice(-4)}`, { exact: true })).toBeVisible();
});
