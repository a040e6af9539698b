// npm run backup [-- <destination>]
// A consistent copy of the live database using SQLite's online backup API:
// safe while the app is running and answers are being written.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const source = path.resolve(process.env.DATABASE_PATH ?? "./data/trust-health.sqlite");
if (!fs.existsSync(source)) {
  console.error(`No database at ${source}. Set DATABASE_PATH to the file to back up.`);
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const destination = path.resolve(
  process.argv[2] ?? path.join(path.dirname(source), "backups", `trust-health-${stamp}.sqlite`),
);
if (fs.existsSync(destination)) {
  console.error(`${destination} already exists; choose another destination.`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(destination), { recursive: true });

const db = new Database(source, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
const started = Date.now();
await db.backup(destination);
db.close();

const copy = new Database(destination, { readonly: true });
const check = copy.pragma("integrity_check", { simple: true });
copy.close();
if (check !== "ok") {
  console.error(`The copy failed its integrity check: ${check}`);
  process.exit(1);
}
console.log(`Backed up ${source} → ${destination} in ${Date.now() - started} ms (integrity ok).`);

// Two copies taken inside one open cycle show which answers arrived between them
// (docs/anonymity.md § What is not defended). Say so when that is the case now.
const live = new Database(destination, { readonly: true });
const now = Date.now();
const open = live
  .prepare(
    `select count(*) as n from (
       select r.cycle_id from check_in_responses r join cycles c on c.id = r.cycle_id where c.opens_at <= ? and c.closes_at > ?
       union all
       select s.cycle_id from survey_responses s join cycles c on c.id = s.cycle_id where c.opens_at <= ? and c.closes_at > ?)`,
  )
  .get(now, now, now, now);
live.close();
if (open.n > 0) {
  console.log(
    [
      `Note: ${open.n} answer(s) in this copy belong to cycles that are still open.`,
      "Any two copies taken inside the same open week (or survey) show which answers arrived between them,",
      "which can narrow down who wrote what. Keep one copy per cycle, or back up at a cycle boundary",
      "(early Monday on your teams' clocks, before anyone answers), and delete older copies of an open cycle.",
    ].join("\n"),
  );
}
