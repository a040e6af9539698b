import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { demoState, seedDemo } from "#db/seed/demo";
import { weeklySeries } from "~/models/results.server";
import { getTeamBySlug, listMembers } from "~/models/teams.server";
import { makeUser } from "../support/factories";

const DAY = 86400000;

describe("demo data", () => {
  it("seeds three teams with a lead and 6–9 members, and a dip after the major incident", async () => {
    getDb();
    expect(demoState()).toBe("empty");
    const now = new Date();
    await seedDemo(now);
    expect(demoState()).toBe("demo");
    for (const slug of ["platform", "payments", "mobile"]) {
      const team = getTeamBySlug(slug)!;
      const members = listMembers(team.id);
      expect(members.filter((m) => m.role === "lead")).toHaveLength(1);
      const plain = members.filter((m) => m.role === "member").length;
      expect(plain).toBeGreaterThanOrEqual(6);
      expect(plain).toBeLessThanOrEqual(9);
    }
    // The story: Platform's released weekly mean falls after the incident ~240 days ago and climbs back.
    const platform = getTeamBySlug("platform")!;
    const incident = now.getTime() - 240 * DAY;
    const mean = (from: number, to: number) => {
      const released = weeklySeries(platform, new Date(from), new Date(to), now)
        .map((w) => (w.result.status === "released" ? w.result.mean : null))
        .filter((m): m is number => m !== null);
      return released.reduce((a, b) => a + b, 0) / released.length;
    };
    const before = mean(incident - 120 * DAY, incident);
    const during = mean(incident + 14 * DAY, incident + 60 * DAY);
    const recent = mean(now.getTime() - 60 * DAY, now.getTime());
    expect(during).toBeLessThan(before - 0.7);
    expect(recent).toBeGreaterThan(during + 0.7);
  });

  it("refuses to seed a database that holds anything but demo data", async () => {
    await makeUser({ email: "real.person@example.com" });
    expect(demoState()).toBe("foreign");
    const run = spawnSync(process.execPath, ["scripts/demo.js", "--seed-only"], {
      env: { ...process.env },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("holds data that is not demo data");
  });
});
