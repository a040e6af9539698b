// npm run demo       → seeds ./data/demo.sqlite (if empty) and starts the app on it
// npm run demo:seed  → only seeds; refuses a database that holds anything but demo data
import path from "node:path";

process.env.DATABASE_PATH ??= "./data/demo.sqlite";
const seedOnly = process.argv.includes("--seed-only");

const build = await import(path.resolve("build/index.js")).catch((error) => {
  console.error('Could not load the server build. Run "npm run build" first.');
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
const demo = build.entry.module;

try {
  demo.startup();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const state = demo.demoState();
if (state === "foreign") {
  console.error(`${process.env.DATABASE_PATH} holds data that is not demo data; the demo will not touch it.`);
  console.error("Point DATABASE_PATH at another file (the default is ./data/demo.sqlite).");
  process.exit(1);
}
if (state === "empty") {
  console.log(`Seeding demo data into ${process.env.DATABASE_PATH} (two years of history, takes a few seconds)…`);
  const started = Date.now();
  const summary = await demo.seedDemo();
  for (const team of summary)
    console.log(`  ${team.slug}: ${team.weeklyCount} weekly answers, ${team.surveyCount} survey answers`);
  console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} else {
  console.log(`${process.env.DATABASE_PATH} already holds the demo; delete it to seed afresh.`);
}

console.log("");
console.log("Demo sign-ins (password for all: " + demo.DEMO_PASSWORD + ")");
console.log(`  admin:               ${demo.DEMO_ADMIN_EMAIL}`);
for (const team of demo.DEMO_TEAMS) {
  console.log(`  ${team.name} lead:`.padEnd(23) + demo.demoEmail(team.lead));
  console.log(`  ${team.name} member:`.padEnd(23) + demo.demoEmail(team.members[1]));
}
console.log("");

if (!seedOnly) await import("../server.js");
