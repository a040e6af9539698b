/**
 * GET /metrics read by a real Prometheus (Debian's package) on loopback, and the Grafana
 * dashboard checked against what /metrics exports.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { createIncident } from "~/models/incidents.server";
import { signedIn } from "../support/client";
import { makeTeamWithPeople, makeUser } from "../support/factories";
import { freePort, serverForFile } from "../support/server";
import { weeksAgo } from "../support/weeks";
import { answerCheckIn } from "../support/answers";

const PROMETHEUS = "/usr/bin/prometheus";
type Team = Awaited<ReturnType<typeof makeTeamWithPeople>>;
let released: Team, hidden: Team;
let adminEmail = "";

function answerLastWeek(t: Team, scores: number[]) {
  answerCheckIn(t, weeksAgo(1, "UTC"), scores);
}

beforeAll(async () => {
  getDb();
  adminEmail = (await makeUser({ isAdmin: true })).email;
  released = await makeTeamWithPeople(4, { name: "Released", slug: "released-team" });
  hidden = await makeTeamWithPeople(4, { name: "Hidden", slug: "hidden-team" });
  answerLastWeek(released, [4, 4, 5, 3]); // mean 4, n 4 of 5 members
  answerLastWeek(hidden, [1, 2]); // 2 < threshold 3: hidden
  const started = new Date(Date.now() - 3 * 3_600_000);
  for (const severity of ["SEV1", "SEV2", "SEV2"] as const) {
    createIncident(released.team.id, {
      title: `Outage ${severity}`,
      severity,
      startedAt: started,
      detectedAt: null,
      resolvedAt: new Date(started.getTime() + 30 * 60_000),
      summary: null,
      postmortemUrl: null,
      postmortemPublishedAt: null,
      audit: {},
    });
  }
});
const server = serverForFile();

let token = "";
async function scrape(auth = `Bearer ${token}`) {
  const res = await fetch(`${server.baseUrl}/metrics`, { headers: { Authorization: auth } });
  return { status: res.status, type: res.headers.get("Content-Type"), text: await res.text() };
}
const exportedNames = (text: string) => new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));

describe("GET /metrics", () => {
  it("needs a token an admin created on /org/metrics (shown once, kept hashed)", async () => {
    const admin = await signedIn(server, adminEmail);
    const res = await admin.post("/org/metrics", { intent: "create", name: "Prometheus test" });
    expect(res.status).toBe(200);
    token = /data-testid="new-metrics-token">([^<]+)</.exec(await res.text())?.[1] ?? "";
    expect(token).toMatch(/^thm_[\w-]{43}$/);
    expect(await (await admin.get("/org/metrics")).text()).not.toContain(token);
    const stored = getDb().$client.prepare("select token_hash from metrics_tokens").all() as { token_hash: string }[];
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    expect((await scrape("")).status).toBe(401);
    expect((await scrape("Bearer thm_wrong")).status).toBe(401);
    const lead = await signedIn(server, released.lead.email);
    expect((await lead.get("/org/metrics")).status).toBe(403);
  });

  it("exports released figures with units in the names, and nothing for a hidden team", async () => {
    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toMatch(/^trusthealth_weekly_trust_mean\{team="released-team"\} 4$/m);
    expect(text).toMatch(/^trusthealth_weekly_trust_responses\{team="released-team"\} 4$/m);
    expect(text).toMatch(/^trusthealth_weekly_participation_ratio\{team="released-team"\} 0\.8$/m);
    expect(text).toMatch(/^trusthealth_weekly_trust_week_info\{team="released-team",week="\d{4}-W\d{2}"\} 1$/m);
    expect(text).toMatch(/^trusthealth_incidents_total\{team="released-team",severity="SEV2"\} 2$/m);
    expect(text).toMatch(/^trusthealth_incident_time_to_recover_median_seconds\{team="released-team"\} 1800$/m);
    // The hidden team: no weekly figure of any kind, and it is not in the org-wide mean.
    expect(text).not.toMatch(/^trusthealth_weekly_\w+\{team="hidden-team"/m);
    expect(text).toMatch(/^trusthealth_org_weekly_trust_mean 4$/m);
    expect(text).toMatch(/^trusthealth_org_weekly_teams_included 1$/m);
  });
});

describe("a real Prometheus scraping /metrics", () => {
  let prometheus: ChildProcess | undefined;
  let dir = "";
  const logs: string[] = [];
  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once("exit", resolve));
      prometheus.kill("SIGTERM");
      await exited;
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    "reads trusthealth_weekly_trust_mean with the released value; a hidden team's series is absent",
    { timeout: 120_000 },
    async () => {
      expect(fs.existsSync(PROMETHEUS), "Install Debian's prometheus package (scripts/test-all.sh does it)").toBe(true);
      expect(token).not.toBe("");
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "trust-health-prometheus-"));
      const port = await freePort();
      const config = [
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "scrape_configs:",
        "  - job_name: trusthealth",
        "    metrics_path: /metrics",
        "    authorization:",
        "      type: Bearer",
        `      credentials: ${token}`,
        "    static_configs:",
        `      - targets: ["127.0.0.1:${server.port}"]`,
        "",
      ].join("\n");
      fs.writeFileSync(path.join(dir, "prometheus.yml"), config);
      prometheus = spawn(
        PROMETHEUS,
        [
          `--config.file=${path.join(dir, "prometheus.yml")}`,
          `--storage.tsdb.path=${path.join(dir, "data")}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      prometheus.stdout!.on("data", (d) => logs.push(String(d)));
      prometheus.stderr!.on("data", (d) => logs.push(String(d)));

      type Sample = { metric: Record<string, string>; value: [number, string] };
      const query = async (q: string): Promise<Sample[] | null> => {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`);
          if (!res.ok) return null;
          return ((await res.json()) as { data: { result: Sample[] } }).data.result;
        } catch {
          return null; // not listening yet
        }
      };
      // Poll until the first successful scrape shows up (no fixed sleep).
      let series: Sample[] = [];
      const deadline = Date.now() + 90_000;
      for (;;) {
        if (prometheus.exitCode !== null) throw new Error(`prometheus exited:\n${logs.join("")}`);
        series = (await query("trusthealth_weekly_trust_mean")) ?? [];
        if (series.length > 0) break;
        if (Date.now() > deadline) throw new Error(`no samples from the scrape:\n${logs.join("").slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(series.map((s) => [s.metric.team, s.value[1]])).toEqual([["released-team", "4"]]);
      expect(series[0]!.metric.job).toBe("trusthealth");
      // Same scrape: the hidden team has no series, and the target is healthy.
      expect(await query('trusthealth_weekly_trust_mean{team="hidden-team"}')).toEqual([]);
      expect((await query('up{job="trusthealth"}'))?.map((s) => s.value[1])).toEqual(["1"]);
      const incidents = await query('trusthealth_incidents_total{team="released-team",severity="SEV2"}');
      expect(incidents?.map((s) => s.value[1])).toEqual(["2"]);
    },
  );
});

describe("the Grafana dashboard in docs/", () => {
  it("parses and uses only metrics /metrics exports", async () => {
    const file = path.resolve(import.meta.dirname, "../../docs/grafana-dashboard.json");
    const dashboard = JSON.parse(fs.readFileSync(file, "utf8")) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
      templating: { list: Array<{ definition?: string }> };
    };
    const exprs = [
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
      ...dashboard.templating.list.map((v) => v.definition ?? ""),
    ];
    expect(dashboard.panels.length).toBeGreaterThan(5);
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\btrusthealth_\w+/g)].map((m) => m[0])));
    expect(used.size).toBeGreaterThan(8);
    const exported = exportedNames((await scrape()).text);
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    expect(used).toContain("trusthealth_weekly_trust_mean");
  });
});
