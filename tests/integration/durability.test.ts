import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { weeklyCycleAt } from "~/domain/cycles";
import { Client, signedIn } from "../support/client";
import { makeTeamWithPeople } from "../support/factories";
import { startServer, type TestServer } from "../support/server";

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

async function signIn(baseUrl: string, emails: string[]) {
  return Promise.all(emails.map((email) => signedIn({ baseUrl }, email)));
}

/** Many members answer at once; returns the canary texts whose submission was acknowledged (302). */
async function answerConcurrently(
  baseUrl: string,
  slug: string,
  emails: string[] | Client[],
  periodKey: string,
  tag: string,
) {
  const clients = typeof emails[0] === "string" ? await signIn(baseUrl, emails as string[]) : (emails as Client[]);
  const acknowledged: string[] = [];
  await Promise.all(
    clients.map(async (client, i) => {
      const canary = `${tag}-${i}`;
      try {
        const res = await client.post(`/teams/${slug}/check-in`, { periodKey, score: (i % 5) + 1, why: canary });
        if (res.status === 302) acknowledged.push(canary);
      } catch {
        /* the server was killed mid-request: not acknowledged */
      }
    }),
  );
  return acknowledged;
}

function checkConsistency(file: string, cycleKey: string, acknowledged: string[]) {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const cycle = db.prepare("select id from cycles where period_key = ? and kind = 'weekly'").get(cycleKey) as
      { id: number } | undefined;
    expect(cycle).toBeDefined();
    const whys = (
      db.prepare("select why from weekly_responses where cycle_id = ?").all(cycle!.id) as { why: string }[]
    ).map((r) => r.why);
    for (const canary of acknowledged)
      expect(
        whys.filter((w) => w === canary),
        canary,
      ).toHaveLength(1);
    const participations = (
      db.prepare("select count(*) n from participations where cycle_id = ?").get(cycle!.id) as { n: number }
    ).n;
    // Neither half of an answer exists without the other.
    expect(participations).toBe(whys.length);
    return whys.length;
  } finally {
    db.close();
  }
}

describe("durability", () => {
  it("keeps every acknowledged answer exactly once through a SIGKILL mid-load", async () => {
    getDb();
    const { team, members } = await makeTeamWithPeople(60);
    const periodKey = weeklyCycleAt(new Date(), team.timeZone).periodKey;
    const server = await startServer({ LOG_REQUESTS: "0" });
    servers.push(server);
    const clients = await signIn(
      server.baseUrl,
      members.map((m) => m.email),
    );
    // Kill the server while the answers are in flight.
    const load = answerConcurrently(server.baseUrl, team.slug, clients, periodKey, "kill");
    await new Promise((r) => setTimeout(r, 40));
    server.process.kill("SIGKILL");
    const acknowledged = await load;
    await new Promise((r) =>
      server.process.exitCode !== null || server.process.signalCode ? r(null) : server.process.once("exit", r),
    );
    const stored = checkConsistency(process.env.DATABASE_PATH!, periodKey, acknowledged);
    expect(stored).toBeGreaterThanOrEqual(acknowledged.length);
    // The kill really happened mid-load: not everyone got through.
    expect(acknowledged.length).toBeLessThan(members.length);

    // Restart on the same file: it starts, and those who were not acknowledged can answer now.
    const restarted = await startServer({ LOG_REQUESTS: "0" });
    servers.push(restarted);
    const remaining = members.filter((_, i) => !acknowledged.includes(`kill-${i}`)).map((m) => m.email);
    const second = await answerConcurrently(restarted.baseUrl, team.slug, remaining, periodKey, "after");
    checkConsistency(process.env.DATABASE_PATH!, periodKey, [...acknowledged, ...second]);
  }, 120_000); // 60 sign-ins (slow scrypt by design) and two server starts; slow on a loaded machine

  it("npm run backup copies the live database consistently while answers are written", async () => {
    const { team, members } = await makeTeamWithPeople(30);
    const periodKey = weeklyCycleAt(new Date(), team.timeZone).periodKey;
    const server = await startServer({ LOG_REQUESTS: "0" });
    servers.push(server);
    const firstHalf = members.slice(0, 15).map((m) => m.email);
    const acknowledgedBefore = await answerConcurrently(server.baseUrl, team.slug, firstHalf, periodKey, "before");
    expect(acknowledgedBefore.length).toBe(15);
    const during = answerConcurrently(
      server.baseUrl,
      team.slug,
      members.slice(15).map((m) => m.email),
      periodKey,
      "during",
    );
    const dest = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "th-backup-")), "copy.sqlite");
    const out = execFileSync(process.execPath, ["scripts/backup.js", dest], {
      env: { ...process.env },
      encoding: "utf8",
    });
    expect(out).toContain("integrity ok");
    await during;
    // "Restore": open the copy as the database and find every answer acknowledged before the backup began.
    const cycleKeyCheck = new Database(dest, { readonly: true });
    const whys = (cycleKeyCheck.prepare("select why from weekly_responses").all() as { why: string }[]).map(
      (r) => r.why,
    );
    cycleKeyCheck.close();
    for (const canary of acknowledgedBefore) expect(whys).toContain(canary);
    const restored = await startServer({ DATABASE_PATH: dest, LOG_REQUESTS: "0" });
    servers.push(restored);
    expect((await fetch(`${restored.baseUrl}/healthz`)).status).toBe(200);
  }, 120_000);

  it("refuses to overwrite an existing backup file", () => {
    const run = spawnSync(process.execPath, ["scripts/backup.js", process.env.DATABASE_PATH!], {
      env: { ...process.env },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("already exists");
  });
});
