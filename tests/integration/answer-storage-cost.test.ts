/**
 * What one answer costs on disk (issue 16, decision 0035): each answer rewrites its cycle in key
 * order, so the pages it touches must be the cycle's own few pages, not one page per earlier
 * answer spread over the whole table. And a database written before answers were keyed by cycle
 * is migrated with every answer kept, the new key, working triggers and no stale copy left.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";

const NOW = new Date("2026-11-25T12:00:00Z");
const PAGE = 4096;
const WAL_HEADER = 32;
const FRAME_HEADER = 24;

const original = process.env.DATABASE_PATH;
const originalMigrations = process.env.MIGRATIONS_PATH;
afterEach(() => {
  process.env.DATABASE_PATH = original;
  if (originalMigrations === undefined) delete process.env.MIGRATIONS_PATH;
  else process.env.MIGRATIONS_PATH = originalMigrations;
  vi.resetModules();
});

function freshFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "th-answer-cost-"));
  return path.join(dir, "db.sqlite");
}

/** Weeks of history for one team, written straight into the tables (ten answers a week). */
function seedHistory(sqlite: Database.Database, teamId: number, weeks: number) {
  const cycle = sqlite.prepare(
    "insert into cycles (team_id, kind, period_key, opens_at, closes_at) values (?, 'weekly', ?, ?, ?) returning id",
  );
  const answer = sqlite.prepare("insert into check_in_responses (id, cycle_id, score, why) values (?, ?, ?, ?)");
  sqlite.transaction(() => {
    for (let w = 0; w < weeks; w++) {
      const opens = Date.UTC(2020, 0, 6) + w * 7 * 86_400_000;
      const { id } = cycle.get(teamId, `history-${w}`, opens, opens + 7 * 86_400_000) as { id: number };
      for (let a = 0; a < 10; a++) {
        answer.run(crypto.randomBytes(16).toString("hex"), id, 1 + (a % 5), `week ${w} answer ${a} ${"x".repeat(40)}`);
      }
    }
  })();
}

describe("one answer's cost on disk", () => {
  it("touches the cycle's few pages, not one page per earlier answer of the week", async () => {
    process.env.DATABASE_PATH = freshFile();
    vi.resetModules();
    const client = await import("#db/client.server");
    const { createTeam, addMember } = await import("~/models/teams.server");
    const { submitCheckInAnswers } = await import("~/models/answers.server");
    const { scrubWal } = await import("~/models/anonymous-store.server");
    const { weeklyCycleAt } = await import("~/domain/cycles");
    const db = client.getDb();
    const team = createTeam({ name: "Cost", slug: "cost", timeZone: "UTC" });
    const people: number[] = [];
    for (let i = 0; i < 41; i++) {
      const row = db.$client
        .prepare("insert into users (email, display_name, password_hash) values (?, ?, 'x') returning id")
        .get(`p${i}@example.com`, `P${i}`) as { id: number };
      addMember(team.id, row.id, "member", new Date("2020-01-01T00:00:00Z"));
      people.push(row.id);
    }
    seedHistory(db.$client, team.id, 300);
    const periodKey = weeklyCycleAt(NOW, "UTC").periodKey;
    const answer = (userId: number) =>
      submitCheckInAnswers(
        team,
        userId,
        periodKey,
        { score: 4, why: `because ${userId}`, help: null, appreciation: null },
        NOW,
      );
    for (const userId of people.slice(0, 40)) expect(answer(userId)).toEqual({ ok: true });
    expect(scrubWal(db)).toBe(true);

    // A reader holding a snapshot keeps the next commit's pages in the WAL, where they can be counted.
    const reader = new Database(process.env.DATABASE_PATH, { readonly: true });
    try {
      reader.exec("begin");
      reader.prepare("select count(*) from cycles").get();
      expect(answer(people[40]!)).toEqual({ ok: true });
      const walBytes = fs.statSync(`${process.env.DATABASE_PATH}-wal`).size;
      const frames = (walBytes - WAL_HEADER) / (PAGE + FRAME_HEADER);
      const storedAnswers = (db.$client.prepare("select count(*) as n from check_in_responses").get() as { n: number })
        .n;
      console.log(`  one answer, 41st of its week, 3,041 answers stored: ${frames} pages written`);
      // The cycle's participations, answers and score index, plus a page split or two. With the
      // answers keyed by the random id alone this was one page per answer of the week (over 30).
      expect(storedAnswers).toBe(3041);
      expect(frames).toBeGreaterThan(0);
      expect(frames).toBeLessThanOrEqual(10);
    } finally {
      reader.exec("rollback");
      reader.close();
    }
    client.closeDatabase();
  });
});

describe("migration 0008: answers keyed by cycle", () => {
  it("keeps every answer, keys them by cycle, keeps the triggers and leaves no stale copy in the file", async () => {
    // A database as the previous release left it: migrations up to 0007, layout version 1.
    const oldMigrations = fs.mkdtempSync(path.join(os.tmpdir(), "th-migrations-"));
    fs.cpSync("db/migrations", oldMigrations, { recursive: true });
    // Every migration from 0008 on goes: drizzle applies only those newer than the last one applied.
    const journalFile = path.join(oldMigrations, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { idx: number; tag: string }[] };
    for (const later of journal.entries.filter((e) => e.idx >= 8)) {
      fs.rmSync(path.join(oldMigrations, `${later.tag}.sql`));
    }
    journal.entries = journal.entries.filter((e) => e.idx < 8);
    fs.writeFileSync(journalFile, JSON.stringify(journal));

    const file = freshFile();
    process.env.DATABASE_PATH = file;
    process.env.MIGRATIONS_PATH = oldMigrations;
    vi.resetModules();
    const before = await import("#db/client.server");
    const { createTeam } = await import("~/models/teams.server");
    const oldDb = before.getDb();
    const team = createTeam({ name: "Old", slug: "old", timeZone: "UTC" });
    const canaries: string[] = [];
    const cycle = oldDb.$client
      .prepare(
        "insert into cycles (team_id, kind, period_key, opens_at, closes_at) values (?, 'weekly', '2026-W01', 0, 1) returning id",
      )
      .get(team.id) as { id: number };
    const insert = oldDb.$client.prepare(
      "insert into check_in_responses (id, cycle_id, score, why) values (?, ?, ?, ?)",
    );
    for (let i = 0; i < 50; i++) {
      const canary = `canary-${crypto.randomBytes(6).toString("hex")}`;
      canaries.push(canary);
      insert.run(crypto.randomBytes(16).toString("hex"), cycle.id, 1 + (i % 5), canary);
    }
    oldDb.$client
      .prepare(
        "insert into weekly_aggregates (cycle_id, team_id, period_key, opens_at, member_count, d1, d2, d3, d4, d5) values (?, ?, '2026-W01', 0, 50, 10, 10, 10, 10, 10)",
      )
      .run(cycle.id, team.id);
    const oldPk = oldDb.$client
      .prepare("select name from pragma_table_info('check_in_responses') where pk > 0 order by pk")
      .all();
    expect(oldPk).toEqual([{ name: "id" }]);
    oldDb.$client.pragma("user_version = 1");
    before.closeDatabase();

    // The new release opens it.
    delete process.env.MIGRATIONS_PATH;
    vi.resetModules();
    const after = await import("#db/client.server");
    const db = after.getDb();
    const sqlite = db.$client;
    const pk = (table: string) =>
      sqlite.prepare(`select name from pragma_table_info('${table}') where pk > 0 order by pk`).all();
    expect(pk("check_in_responses")).toEqual([{ name: "cycle_id" }, { name: "id" }]);
    expect(pk("survey_responses")).toEqual([{ name: "cycle_id" }, { name: "id" }]);
    const stored = sqlite.prepare("select why from check_in_responses order by why").all() as { why: string }[];
    expect(stored.map((r) => r.why)).toEqual([...canaries].sort());
    const triggers = sqlite.prepare("select name from sqlite_master where type = 'trigger' order by name").all();
    // Migration 0009 then drops the aggregate triggers on insert and delete (the answer path
    // recounts); the one on update stays.
    expect(triggers.map((t) => (t as { name: string }).name)).toEqual(
      expect.arrayContaining([
        "survey_answer_changes_delete",
        "survey_answer_changes_insert",
        "survey_answer_changes_update",
        "weekly_aggregates_after_update",
      ]),
    );
    expect(triggers.map((t) => (t as { name: string }).name)).not.toContain("weekly_aggregates_after_insert");
    // The aggregate trigger still follows a change to a closed week's answers.
    sqlite.prepare("update check_in_responses set score = 5 where why = ?").run(canaries[0]);
    const counts = sqlite.prepare("select d1, d2, d3, d4, d5 from weekly_aggregates where cycle_id = ?").get(cycle.id);
    expect(counts).toEqual({ d1: 9, d2: 10, d3: 10, d4: 10, d5: 11 });
    expect(sqlite.pragma("user_version", { simple: true })).toBe(2);
    expect(sqlite.pragma("freelist_count", { simple: true })).toBe(0);
    after.closeDatabase();

    // Each answer's text is in the file once: the old table's pages are gone, not just unlinked.
    const bytes = fs.readFileSync(file);
    const copies = canaries.map((c) => bytes.toString("latin1").split(c).length - 1);
    expect(copies).toEqual(canaries.map(() => 1));
  });
});
