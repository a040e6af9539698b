// Runs before each test file (in its own process): a fresh SQLite file per file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trust-health-test-"));
process.env.DATABASE_PATH = path.join(dir, "test.sqlite");
process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret-0123456789";
process.env.NODE_ENV = "test";
