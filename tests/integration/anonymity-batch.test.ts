/**
 * Group commit (writeInBatch): answers queued in the same turn of the event loop share one
 * transaction and one checkpoint, each still succeeds or fails on its own, nothing settles before
 * the batch is on disk, and the WAL is empty afterwards.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { weeklyCycleAt } from "~/domain/cycles";
import { batchCounts, scrubCounts, writeInBatch } from "~/models/anonymous-store.server";
import { submitCheckInAnswers } from "~/models/answers.server";
import { makeTeamWithPeople } from "../support/factories";

const answer = (why: string) => ({ score: 4, why, help: null, appreciation: null });

function storedWhys(teamId: number) {
  return (
    getDb()
      .$client.prepare(
        "select why from check_in_responses r join cycles c on c.id = r.cycle_id where c.team_id = ? order by why",
      )
      .all(teamId) as { why: string }[]
  ).map((r) => r.why);
}

function participants(teamId: number) {
  return (
    getDb()
      .$client.prepare(
        "select count(*) as n from participations p join cycles c on c.id = p.cycle_id where c.team_id = ?",
      )
      .get(teamId) as { n: number }
  ).n;
}

describe("writeInBatch", () => {
  it("stores a burst of answers in one commit and one checkpoint, and empties the WAL", async () => {
    const { team, members } = await makeTeamWithPeople(8);
    const periodKey = weeklyCycleAt(new Date(), team.timeZone).periodKey;
    const before = { batches: batchCounts(), scrubs: scrubCounts().done };

    const results = await Promise.all(
      members.map((m, i) => writeInBatch(() => submitCheckInAnswers(team, m.id, periodKey, answer(`w${i}`)))),
    );

    expect(results).toEqual(members.map(() => ({ ok: true })));
    const after = batchCounts();
    expect(after.flushed - before.batches.flushed, "one batch for the burst").toBe(1);
    expect(after.writes - before.batches.writes).toBe(members.length);
    expect(scrubCounts().done - before.scrubs, "one checkpoint for the burst").toBe(1);
    expect(fs.statSync(`${process.env.DATABASE_PATH}-wal`).size).toBe(0);
    expect(storedWhys(team.id)).toEqual(members.map((_, i) => `w${i}`).sort());
    expect(participants(team.id)).toBe(members.length);
  });

  it("settles each write on its own: a refusal or a throw in the batch leaves the others stored", async () => {
    const { team, members } = await makeTeamWithPeople(3);
    const [a, b, c] = members;
    if (!a || !b || !c) throw new Error("three members expected");
    const periodKey = weeklyCycleAt(new Date(), team.timeZone).periodKey;

    const settled = await Promise.allSettled([
      writeInBatch(() => submitCheckInAnswers(team, a.id, periodKey, answer("a-first"))),
      // The same person twice in one batch: the second is refused, the first stands.
      writeInBatch(() => submitCheckInAnswers(team, a.id, periodKey, answer("a-again"))),
      // A write that has already changed rows and then throws: its savepoint is rolled back.
      writeInBatch(() => {
        submitCheckInAnswers(team, b.id, periodKey, answer("b-undone"));
        throw new Error("boom after writing");
      }),
      writeInBatch(() => submitCheckInAnswers(team, c.id, periodKey, answer("c"))),
    ]);

    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(settled[0]).toEqual({ status: "fulfilled", value: { ok: true } });
    expect(settled[1]).toEqual({ status: "fulfilled", value: { ok: false, reason: "already-answered" } });
    expect(settled[2]).toMatchObject({ status: "rejected", reason: new Error("boom after writing") });
    expect(storedWhys(team.id)).toEqual(["a-first", "c"]);
    expect(participants(team.id), "b's participation was rolled back with its answer").toBe(2);
  });

  it("rejects every write of a batch that cannot commit, and stores none of them", async () => {
    const { team, members } = await makeTeamWithPeople(2);
    const periodKey = weeklyCycleAt(new Date(), team.timeZone).periodKey;
    const sqlite = getDb().$client;
    // Another connection holds the write lock for longer than busy_timeout allows.
    const Database = (await import("better-sqlite3")).default;
    const other = new Database(process.env.DATABASE_PATH!);
    other.prepare("begin immediate").run();
    const timeout = sqlite.pragma("busy_timeout", { simple: true }) as number;
    sqlite.pragma("busy_timeout = 0");
    try {
      const settled = await Promise.allSettled(
        members.map((m, i) => writeInBatch(() => submitCheckInAnswers(team, m.id, periodKey, answer(`x${i}`)))),
      );
      expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected"]);
    } finally {
      sqlite.pragma(`busy_timeout = ${timeout}`);
      other.prepare("rollback").run();
      other.close();
    }
    expect(storedWhys(team.id)).toEqual([]);
    expect(participants(team.id)).toBe(0);
  });
});
