// Starts the production server for the browser tests on a FRESH, EMPTY database.
// Playwright's webServer runs this (see playwright.config.ts); it never builds.
//
// 1. checks that the build exists (the test script builds before Playwright runs),
// 2. deletes the previous e2e database folder (the first test is first-run setup),
// 3. runs server.js in this same process (like exec), so Playwright's SIGTERM
//    reaches the server directly and it closes cleanly.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "../..");
process.chdir(root);

const buildIndex = path.join(root, "build", "index.js");
if (!fs.existsSync(buildIndex)) {
  console.error(`[e2e] ${buildIndex} is missing. Build first: "npx remix build" (npm test does this for you).`);
  process.exit(1);
}

const env = process.env;
env.PORT ??= "3210";
env.HOST ??= "127.0.0.1";
env.NODE_ENV ??= "production";
env.LOG_REQUESTS ??= "0";
env.SESSION_SECRET ??= "e2e-only-session-secret-0123456789abcdef0123456789";
env.DATABASE_PATH ??= "test-results/e2e-db/trust-health.sqlite";

// Remove the old database (and its -wal/-shm files and session secret) with its folder.
const dbDir = path.dirname(path.resolve(env.DATABASE_PATH));
if (!dbDir.startsWith(path.join(root, "test-results") + path.sep)) {
  console.error(`[e2e] refusing to delete ${dbDir}: DATABASE_PATH for the browser tests must be under test-results/`);
  process.exit(1);
}
fs.rmSync(dbDir, { recursive: true, force: true });
fs.mkdirSync(dbDir, { recursive: true });
console.log(`[e2e] fresh database at ${path.resolve(env.DATABASE_PATH)}`);

await import(pathToFileURL(path.join(root, "server.js")).href);
