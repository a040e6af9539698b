/**
 * Votes on disk (issue 15): the same votes cast in different orders leave byte-identical
 * database files, so neither the counts' nor the usage rows' layout tells who voted when —
 * and therefore nothing pairs a voter with a comment. Runs the real model on fresh files.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { differingPages, seededOrder } from "../support/sqlite-forensics";

type Vote = { voter: number; comment: string };

const keyFor = (i: number) => crypto.createHash("sha256").update(`comment-${i}`).digest("hex").slice(0, 32);

/** Eight members, each with three votes over twelve comments. */
const VOTES: Vote[] = Array.from({ length: 8 }, (_, voter) =>
  [0, 1, 2].map((j) => ({ voter, comment: keyFor((voter * 5 + j * 7) % 12) })),
).flat();

async function fileAfter(order: number[]): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "th-votes-"));
  process.env.DATABASE_PATH = path.join(dir, "db.sqlite");
  vi.resetModules();
  const client = await import("#db/client.server");
  const { createTeam, addMember } = await import("~/models/teams.server");
  const { castVote } = await import("~/models/votes.server");
  const db = client.getDb();
  const team = createTeam({ name: "Votes", slug: "votes", timeZone: "UTC" });
  db.$client.prepare("update teams set created_at = 0").run();
  const userIds: number[] = [];
  for (let i = 0; i < 8; i++) {
    const row = db.$client
      .prepare("insert into users (email, display_name, password_hash, created_at) values (?, ?, 'x', 0) returning id")
      .get(`p${i}@example.com`, `P${i}`) as { id: number };
    addMember(team.id, row.id, "member", new Date("2020-01-01T00:00:00Z"));
    userIds.push(row.id);
  }
  for (const i of order) {
    const vote = VOTES[i]!;
    expect(castVote(team.id, "2026-W47", userIds[vote.voter]!, vote.comment).ok).toBe(true);
  }
  client.closeDatabase();
  return fs.readFileSync(process.env.DATABASE_PATH);
}

const original = process.env.DATABASE_PATH;
afterEach(() => {
  process.env.DATABASE_PATH = original;
  vi.resetModules();
});

describe("votes on disk", () => {
  it("the same votes in three different orders leave byte-identical files", async () => {
    const inOrder = await fileAfter(VOTES.map((_, i) => i));
    const shuffled = await fileAfter(seededOrder(VOTES.length, 7));
    const reversed = await fileAfter(VOTES.map((_, i) => VOTES.length - 1 - i));
    expect(differingPages(inOrder, shuffled)).toEqual([]);
    expect(differingPages(inOrder, reversed)).toEqual([]);
  });
});
