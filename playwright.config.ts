import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

// Browser tests: Debian's Chromium drives the PRODUCTION build (node server.js) on a
// fresh, empty SQLite database. This config never builds: `npm test` (scripts/test-all.sh)
// runs `npx remix build` first. Run alone with: npx remix build && npx playwright test

const root = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE_URL = `http://127.0.0.1:${PORT}`;

if (!fs.existsSync(path.join(root, "build", "index.js"))) {
  throw new Error(
    'build/index.js is missing: the browser tests run the production build. Run "npx remix build" first (npm test does it for you).',
  );
}
if (!fs.existsSync(CHROMIUM)) {
  throw new Error(
    `${CHROMIUM} is missing: install Debian's Chromium with "apt-get update && apt-get install -y chromium" ("npx playwright install" cannot download browsers here).`,
  );
}

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e-artifacts",
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: "list",
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium" }],
  webServer: {
    // Deletes test-results/e2e-db/, then runs server.js with the env below.
    command: "node tests/e2e/start-server.mjs",
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      DATABASE_PATH: "test-results/e2e-db/trust-health.sqlite",
      SESSION_SECRET: "e2e-only-session-secret-0123456789abcdef0123456789",
      APP_URL: BASE_URL,
      LOG_REQUESTS: "0",
    },
  },
});
