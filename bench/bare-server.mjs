// The floor the app is compared with: node:http + better-sqlite3 doing the same
// write as an answer submission, and nothing else (no framework, no session check,
// no validation beyond reading the fields).
//
// Same database file, same pragmas as db/client.server.ts (WAL, synchronous=FULL,
// foreign keys on, busy timeout). Per request, in one transaction, the statements
// submitCheckInAnswers runs: look the cycle up (create it on first use), insert the
// participation, insert the answer under a random key. 302 on success, 409 when the
// person already answered that cycle.
//
// The request is the one the app gets (POST /teams/<slug>/check-in, form body); the
// person comes from the body's `uid` field because this floor does not read sessions.
//
//   DATABASE_PATH=… PORT=… node bench/bare-server.mjs
import crypto from "node:crypto";
import http from "node:http";
import Database from "better-sqlite3";

const db = new Database(process.env.DATABASE_PATH);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");

const teamIds = new Map(
  db
    .prepare("select id, slug from teams")
    .all()
    .map((t) => [t.slug, t.id]),
);
const findCycle = db.prepare("select id from cycles where team_id = ? and kind = 'weekly' and period_key = ?");
const createCycle = db.prepare(
  "insert into cycles (team_id, kind, period_key, opens_at, closes_at) values (?, 'weekly', ?, ?, ?) on conflict do nothing",
);
const insertParticipation = db.prepare(
  "insert into participations (cycle_id, user_id) values (?, ?) on conflict do nothing",
);
const insertResponse = db.prepare(
  "insert into check_in_responses (id, cycle_id, score, why, help, appreciation) values (?, ?, ?, ?, ?, ?)",
);

const submit = db.transaction((teamId, userId, periodKey, score, why, help, appreciation) => {
  let cycle = findCycle.get(teamId, periodKey);
  if (!cycle) {
    const now = Date.now();
    createCycle.run(teamId, periodKey, now, now + 7 * 86_400_000);
    cycle = findCycle.get(teamId, periodKey);
  }
  if (insertParticipation.run(cycle.id, userId).changes !== 1) return false;
  insertResponse.run(crypto.randomBytes(16).toString("hex"), cycle.id, score, why, help, appreciation);
  return true;
});

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/healthz") {
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    return;
  }
  const match = /^\/teams\/([^/]+)\/check-in$/.exec(req.url ?? "");
  if (req.method !== "POST" || !match) {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    const teamId = teamIds.get(match[1]);
    const userId = Number(form.get("uid"));
    const score = Number(form.get("score"));
    if (!teamId || !Number.isInteger(userId) || !(score >= 1 && score <= 5)) {
      res.writeHead(400).end();
      return;
    }
    // IMMEDIATE takes the write lock up front, so a write from another process (the app
    // server finishing its last requests) makes this wait for busy_timeout instead of
    // failing at the read-to-write upgrade. Within one process it costs the same.
    const ok = submit.immediate(
      teamId,
      userId,
      form.get("periodKey"),
      score,
      form.get("why") || null,
      form.get("help") || null,
      form.get("appreciation") || null,
    );
    if (ok) res.writeHead(302, { location: req.url }).end();
    else res.writeHead(409).end();
  });
});

server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`bare floor listening on ${process.env.PORT}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => server.close(() => process.exit(0)));
