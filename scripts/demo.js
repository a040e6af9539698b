// npm run demo       → seeds ./data/demo.sqlite (if empty) and starts the app on it
// npm run demo:seed  → only seeds; refuses a database that holds anything but demo data

process.env.DATABASE_PATH ??= "./data/demo.sqlite";
const seedOnly = process.argv.includes("--seed-only");

// The seed is not part of the server build: it runs from its TypeScript sources (db/seed/) via tsx.
const { register } = await import("tsx/esm/api");
register();
const demo = await import("../db/seed/demo.ts");
const { closeDatabase } = await import("../db/client.server.ts");
const { startup } = await import("../app/utils/process.server.ts");

try {
  startup();
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

// The server opens its own handle on the file.
closeDatabase();
if (!seedOnly) await import("../server.js");
