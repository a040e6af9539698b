import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import net from "node:net";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, getDb } from "#db/client.server";
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

/**
 * Many members answer at once; returns the canary texts whose submission was acknowledged (302).
 * `onAcknowledged` runs as each acknowledgement arrives (the SIGKILL test kills the server there).
 */
async function answerConcurrently(
  baseUrl: string,
  slug: string,
  emails: string[] | Client[],
  periodKey: string,
  tag: string,
  onAcknowledged: (count: number) => void = () => {},
  inFlight = emails.length,
) {
  const clients = typeof emails[0] === "string" ? await signIn(baseUrl, emails as string[]) : (emails as Client[]);
  const acknowledged: string[] = [];
  // At most `inFlight` requests at once; the next is sent only when one has been answered. So when
  // the first acknowledgement arrives, at most `inFlight` answers have been sent at all, however
  // fast the server is (it writes every answer that arrives together in one batch).
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < clients.length; i = next++) {
      const canary = `${tag}-${i}`;
      try {
        const res = await clients[i]!.post(`/teams/${slug}/check-in`, { periodKey, score: (i % 5) + 1, why: canary });
        if (res.status === 302) {
          acknowledged.push(canary);
          onAcknowledged(acknowledged.length);
        }
      } catch {
        /* the server was killed mid-request: not acknowledged */
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, clients.length) }, worker));
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
      db.prepare("select why from check_in_responses where cycle_id = ?").all(cycle!.id) as { why: string }[]
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
    // Kill the server while the answers are in flight: as soon as the first one is acknowledged,
    // so the week's cycle exists and the rest are still on their way, however fast the machine.
    // Eight at a time: with every answer sent at once, one batch could take and acknowledge all 60.
    const acknowledged = await answerConcurrently(
      server.baseUrl,
      team.slug,
      clients,
      periodKey,
      "kill",
      (count) => {
        if (count === 1) server.process.kill("SIGKILL");
      },
      8,
    );
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

  it("on SIGTERM stops accepting, finishes the request in flight, then closes the database and its WAL", async () => {
    // Only this server may hold the file, or SQLite rightly keeps the WAL for the others.
    for (const s of servers.splice(0)) await s.stop();
    const { team, members } = await makeTeamWithPeople(1);
    const periodKey = weeklyCycleAt(new Date(), team.timeZone).periodKey;
    const server = await startServer({ LOG_REQUESTS: "0" });
    servers.push(server);
    const [client] = await signIn(server.baseUrl, [members[0]!.email]);
    // A POST whose body is held back until after the signal. "Expect: 100-continue" makes the
    // server say when it has the request: from then on it is in flight.
    const body = new URLSearchParams({ periodKey, score: "4", why: "in-flight" }).toString();
    const req = http.request(`${server.baseUrl}/teams/${team.slug}/check-in`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": Buffer.byteLength(body),
        Cookie: client!.cookieHeader(),
        Expect: "100-continue",
      },
    });
    const response = new Promise<number>((resolve, reject) => {
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
    });
    await new Promise((resolve) => req.once("continue", resolve));
    const exited = new Promise<number | null>((resolve) => server.process.once("exit", (code) => resolve(code)));
    closeDatabase(); // the test's own connection must not keep the WAL alive
    server.process.kill("SIGTERM");
    // New connections are refused once the signal is handled, while the held request is still open.
    for (;;) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = net.connect(server.port, "127.0.0.1");
        socket.once("connect", () => (socket.destroy(), resolve(false)));
        socket.once("error", () => resolve(true));
      });
      if (refused) break;
    }
    req.end(body);
    expect(await response).toBe(302);
    expect(await exited).toBe(0);
    const file = process.env.DATABASE_PATH!;
    expect(fs.existsSync(`${file}-wal`), "the WAL is checkpointed and removed").toBe(false);
    const db = new Database(file, { readonly: true });
    const stored = db.prepare("select count(*) as n from check_in_responses where why = 'in-flight'").get() as {
      n: number;
    };
    db.close();
    expect(stored.n).toBe(1);
  }, 60_000);

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
    // Answers of an open week are in the copy: the command says what two such copies would reveal.
    expect(out).toMatch(/answer\(s\) in this copy belong to cycles that are still open/);
    expect(out).toContain("back up at a cycle boundary");
    await during;
    // "Restore": open the copy as the database and find every answer acknowledged before the backup began.
    const cycleKeyCheck = new Database(dest, { readonly: true });
    const whys = (cycleKeyCheck.prepare("select why from check_in_responses").all() as { why: string }[]).map(
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
