/**
 * A checkpoint that cannot run (another connection holds a snapshot) never loses or duplicates an
 * answer, never makes the answer wait, and is retried until the WAL is empty again.
 */
import fs from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { weeklyCycleAt } from "~/domain/cycles";
import { scrubCounts } from "~/models/anonymous-store.server";
import { submitCheckInAnswers } from "~/models/answers.server";
import { makeTeamWithPeople } from "../support/factories";

describe("WAL scrubbing when a reader holds a snapshot", () => {
  it("keeps every answer exactly once, then truncates the WAL once the reader lets go", async () => {
    const { team, members } = await makeTeamWithPeople(6);
    const file = process.env.DATABASE_PATH!;
    const periodKey = weeklyCycleAt(new Date(), team.timeZone).periodKey;
    // First answer with nobody in the way: the WAL is empty afterwards.
    expect(submitCheckInAnswers(team, members[0]!.id, periodKey, answer("first"))).toEqual({ ok: true });
    expect(fs.statSync(`${file}-wal`).size).toBe(0);

    // Another process's reader, inside a read transaction: its snapshot pins the WAL.
    const reader = new Database(file, { readonly: true });
    reader.prepare("begin").run();
    reader.prepare("select count(*) from check_in_responses").get();
    const postponedBefore = scrubCounts().postponed;
    for (const [i, m] of members.slice(1).entries()) {
      expect(submitCheckInAnswers(team, m.id, periodKey, answer(`while-pinned-${i}`))).toEqual({ ok: true });
    }
    expect(fs.statSync(`${file}-wal`).size, "the WAL holds the pinned commits").toBeGreaterThan(0);
    expect(scrubCounts().pending).toBe(true);
    // The retry keeps failing while the snapshot is held…
    await expect.poll(() => scrubCounts().postponed).toBeGreaterThan(postponedBefore);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);

    // …and succeeds once it is released.
    reader.prepare("commit").run();
    reader.close();
    await expect.poll(() => scrubCounts().pending, { timeout: 5_000 }).toBe(false);
    expect(fs.statSync(`${file}-wal`).size).toBe(0);

    const whys = (
      getDb()
        .$client.prepare(
          "select why from check_in_responses r join cycles c on c.id = r.cycle_id where c.team_id = ? order by why",
        )
        .all(team.id) as { why: string }[]
    ).map((r) => r.why);
    expect(whys).toEqual(["first", ...members.slice(1).map((_, i) => `while-pinned-${i}`)].sort());
    const people = getDb()
      .$client.prepare(
        "select count(*) as n from participations p join cycles c on c.id = p.cycle_id where c.team_id = ?",
      )
      .get(team.id) as { n: number };
    expect(people.n).toBe(members.length);
  });
});

function answer(why: string) {
  return { score: 3, why, help: null, appreciation: null };
}
