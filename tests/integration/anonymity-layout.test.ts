/**
 * The strongest form of "the bytes carry no order": the same answers, arriving in two different
 * orders, leave byte-identical database files. Runs the real model functions on two fresh files.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { differingPages, seededOrder } from "../support/sqlite-forensics";

type Answer = { key: string; score: number; why: string | null; help: string | null; appreciation: string | null };

const NOW = new Date("2026-11-25T12:00:00Z");

function answers(n: number, seed: number): Answer[] {
  let x = seed;
  const r = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, (_, i) => ({
    key: crypto.createHash("sha256").update(`${seed}-${i}`).digest("hex").slice(0, 32),
    score: 1 + Math.floor(r() * 5),
    why: r() < 0.7 ? `why ${i} ${"x".repeat(Math.floor(r() * 300))}` : null,
    help: r() < 0.3 ? `help ${i} ${"y".repeat(Math.floor(r() * 200))}` : null,
    appreciation: r() < 0.3 ? `thanks ${i}` : null,
  }));
}

/** Seeds a fresh file with the same people, then submits `order` (indexes into `list`); returns the file's bytes. */
async function fileAfter(order: number[], list: Answer[], kind: "weekly" | "survey", prior = 0): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "th-layout-"));
  process.env.DATABASE_PATH = path.join(dir, "db.sqlite");
  vi.resetModules();
  const client = await import("#db/client.server");
  const { createTeam, addMember } = await import("~/models/teams.server");
  const { submitCheckInAnswers, submitSurveyAnswers } = await import("~/models/answers.server");
  const { weeklyCycleAt, quarterlyCycleAt } = await import("~/domain/cycles");
  const { DEFAULT_SURVEY_BANK } = await import("~/domain/survey-bank");
  const db = client.getDb();
  const team = createTeam({ name: "Layout", slug: "layout", timeZone: "UTC" });
  // Only the answers may differ between the two files: fix the one clock-stamped row.
  db.$client.prepare("update teams set created_at = 0").run();
  const userIds: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const row = db.$client
      .prepare("insert into users (email, display_name, password_hash, created_at) values (?, ?, 'x', 0) returning id")
      .get(`p${i}@example.com`, `P${i}`) as { id: number };
    addMember(team.id, row.id, "member", new Date("2020-01-01T00:00:00Z"));
    userIds.push(row.id);
  }
  let nextKey = "";
  const spy = vi
    .spyOn(crypto, "randomBytes")
    .mockImplementation(((size: number) =>
      size === 16 ? Buffer.from(nextKey, "hex") : crypto.webcrypto.getRandomValues(Buffer.alloc(size))) as never);
  try {
    // Last week's answers first, in the same order in both files: they share pages with this week's.
    const lastWeek = new Date(NOW.getTime() - 7 * 86400000);
    for (let i = 0; i < prior; i++) {
      nextKey = crypto.createHash("sha256").update(`prior-${i}`).digest("hex").slice(0, 32);
      const answer = { score: 3, why: `last week ${i}`, help: null, appreciation: null };
      submitCheckInAnswers(team, userIds[i]!, weeklyCycleAt(lastWeek, "UTC").periodKey, answer, lastWeek);
    }
    for (const i of order) {
      const a = list[i]!;
      nextKey = a.key;
      const result =
        kind === "weekly"
          ? submitCheckInAnswers(team, userIds[i]!, weeklyCycleAt(NOW, "UTC").periodKey, a, NOW)
          : submitSurveyAnswers(
              team,
              userIds[i]!,
              quarterlyCycleAt(new Date("2026-10-07T12:00:00Z"), "UTC", 14).periodKey,
              { answers: Object.fromEntries(DEFAULT_SURVEY_BANK.map((item) => [item.id, a.score])), comment: a.why },
              new Date("2026-10-07T12:00:00Z"),
            );
      expect(result).toEqual({ ok: true });
    }
  } finally {
    spy.mockRestore();
  }
  client.closeDatabase();
  return fs.readFileSync(process.env.DATABASE_PATH);
}

const original = process.env.DATABASE_PATH;
afterEach(() => {
  process.env.DATABASE_PATH = original;
  vi.resetModules();
});

describe("on-disk layout depends on the set of answers, not their order", () => {
  for (const [kind, n, prior] of [
    ["weekly", 8, 0],
    ["weekly", 60, 0],
    ["weekly", 30, 30],
    ["survey", 8, 0],
    ["survey", 40, 20],
  ] as const) {
    it(`${kind}, ${n} answers${prior ? ` after ${prior} of last week` : ""}: two arrival orders, byte-identical files`, async () => {
      const list = answers(n, n);
      const a = await fileAfter(seededOrder(n, 1), list, kind, prior);
      const b = await fileAfter(seededOrder(n, 2), list, kind, prior);
      expect(differingPages(a, b), "pages that differ between the two arrival orders").toEqual([]);
    }, 60_000);
  }
});
