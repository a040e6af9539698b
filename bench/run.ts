/**
 * `npm run bench`: seeds both scales, measures every figure of issue 7 in one run,
 * prints a table against the goals and writes bench/results.json.
 *
 * Steps (each child process is a fresh Node process, so the figures are not skewed
 * by what ran before them):
 *   1. build the production bundle into a private temp directory (bench/build.mjs);
 *   2. team scale: seed through the model functions, then time the dashboard loader;
 *   3. org scale: seed 1,000 teams × 260 weeks, then time the org rollup;
 *   4. start the production server (node server.js) on the org database, measure the
 *      check-in and dashboard pages' JavaScript, then load answer submissions with
 *      autocannon at each connection count while sampling the server's memory;
 *   5. the same load against the bare node:http + better-sqlite3 floor;
 *   6. check that every 302 the app sent is an answer in the database.
 *
 * Settings (environment): BENCH_SECONDS (10) per measured HTTP run, BENCH_WARMUP_SECONDS (3),
 * BENCH_CONNECTIONS ("10,50"), BENCH_ROUNDS (3, app and floor alternating), BENCH_LOAD_PEOPLE (90000), BENCH_ORG_TEAMS (1000),
 * BENCH_ORG_WEEKS (260), BENCH_ORG_QUARTERS (2), BENCH_LOADER_MS (4000) / BENCH_LOADER_RUNS (400)
 * per dashboard preset, BENCH_ROLLUP_MS (12000) / BENCH_ROLLUP_RUNS (100), BENCH_DIR (a new
 * temp dir), BENCH_KEEP=1 to keep the databases and build. With BENCH_DIR or BENCH_KEEP, each
 * server's own output (the app's --trace-gc lines among it) is kept there as server-<port>.log.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import crypto from "node:crypto";
import { createCookieSessionStorage } from "@remix-run/node";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { weeklyCycleAt } from "~/domain/cycles";
import { envInt, log, WHY } from "./lib";

/**
 * BENCH_QUICK=1: the whole bench on small data in under a minute (CI runs it so the bench
 * cannot rot; its timings mean nothing). Explicit BENCH_* settings still win.
 */
const QUICK = process.env.BENCH_QUICK === "1";
if (QUICK) {
  const small: Record<string, string> = {
    BENCH_SECONDS: "2",
    BENCH_WARMUP_SECONDS: "1",
    BENCH_ROUNDS: "1",
    BENCH_LOAD_PEOPLE: "4000",
    BENCH_ORG_TEAMS: "40",
    BENCH_ORG_WEEKS: "60",
    BENCH_ORG_QUARTERS: "1",
    BENCH_LOADER_MS: "300",
    BENCH_LOADER_RUNS: "50",
    BENCH_ROLLUP_MS: "400",
    BENCH_ROLLUP_RUNS: "20",
  };
  for (const [k, v] of Object.entries(small)) if (!process.env[k]) process.env[k] = v;
}
/** BENCH_LIGHTHOUSE=0 skips Lighthouse (it needs Chromium). */
const LIGHTHOUSE = process.env.BENCH_LIGHTHOUSE !== "0";
/** BENCH_HEAP_CAP=0 starts the server without npm start's --max-*-size flags, to compare GC pauses. */
const HEAP_CAP = process.env.BENCH_HEAP_CAP !== "0";

const ROOT = path.resolve(import.meta.dirname, "..");
const runStarted = performance.now();
const loadAtStart = os.loadavg();

const SECONDS = envInt("BENCH_SECONDS", 10);
const WARMUP_SECONDS = envInt("BENCH_WARMUP_SECONDS", 3);
const ROUNDS = Math.max(1, envInt("BENCH_ROUNDS", 3));
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "10,50")
  .split(",")
  .map((c) => Number(c.trim()))
  .filter((c) => c > 0);
const KEEP = process.env.BENCH_KEEP === "1";
/** BENCH_PROFILE=1: run the app server under --cpu-prof and print where its time went. */
const PROFILE = process.env.BENCH_PROFILE === "1";
const SLOW_MS = 500;
const KB = 1000;
const MB = 1000 * 1000;

const GOALS = {
  seedSeconds: 120,
  submitRatio: 0.25,
  submitP99Ms: 30,
  submitWorst50Ms: 1000,
  dashboardMs: 10,
  rollupMs: 100,
  rollup52Ms: 150,
  orgPayloadKb: 150,
  checkInJsKb: 120,
  dashboardJsKb: 120,
  lighthouse: 95,
  rssMb: 300,
};

const dir = process.env.BENCH_DIR
  ? path.resolve(process.env.BENCH_DIR)
  : fs.mkdtempSync(path.join(os.tmpdir(), "trust-health-bench-"));
fs.mkdirSync(dir, { recursive: true });
const appDir = path.join(dir, "app");
const teamDb = path.join(dir, "team.sqlite");
const orgDb = path.join(dir, "org.sqlite");
const peopleFile = path.join(dir, "people.json");
const SESSION_SECRET = crypto.randomBytes(32).toString("hex");

const children = new Set<ChildProcess>();
function cleanup() {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGKILL");
}
process.on("exit", cleanup);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

function removeDatabase(file: string) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}

/** Runs a bench child to completion and returns what it wrote to BENCH_OUT. */
async function runChild<T>(label: string, args: string[], env: Record<string, string>): Promise<T> {
  const out = path.join(dir, `${label}.json`);
  fs.rmSync(out, { force: true });
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, BENCH_OUT: out },
    stdio: "inherit",
  });
  children.add(child);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  children.delete(child);
  if (code !== 0) throw new Error(`${label} failed (exit ${code})`);
  return fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, "utf8")) as T) : (undefined as T);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

type Server = { child: ChildProcess; port: number; base: string; output: string[] };

async function startServer(label: string, args: string[], cwd: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd,
    // A clean environment: only what the server is documented to read.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...env,
      PORT: String(port),
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const output: string[] = [];
  child.stdout!.on("data", (d) => output.push(String(d)));
  child.stderr!.on("data", (d) => output.push(String(d)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${label} exited (${child.exitCode}):\n${output.join("")}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return { child, port, base, output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${label} did not answer /healthz within 30 s:\n${output.join("")}`);
}

async function stopServer(server: Server) {
  // The server's own output (its --trace-gc lines among it) is kept beside the databases.
  fs.writeFileSync(path.join(dir, `server-${server.port}.log`), server.output.join(""));
  if (server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once("exit", r));
  process.kill(server.child.pid!, "SIGTERM");
  const timer = setTimeout(() => server.child.exitCode === null && process.kill(server.child.pid!, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
  children.delete(server.child);
}

function rssOf(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Samples the process's resident memory every 100 ms; VmHWM is the kernel's own peak. */
function memoryProbe(pid: number) {
  const read = () => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
      return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
    } catch {
      return { rss: 0, hwm: 0 };
    }
  };
  let maxRss = read().rss;
  const before = maxRss;
  const timer = setInterval(() => (maxRss = Math.max(maxRss, read().rss)), 100);
  return {
    stop() {
      clearInterval(timer);
      const last = read();
      return { beforeBytes: before, maxSampledBytes: Math.max(maxRss, last.rss), hwmBytes: last.hwm };
    },
  };
}

// ---------------------------------------------------------------------------------
// Page JavaScript

type JsAsset = { url: string; bytes: number; gzipBytes: number; via: "html" | "import" };

function attr(tag: string, name: string): string | null {
  return (
    new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, "i").exec(tag)?.[1] ??
    new RegExp(`\\s${name}\\s*=\\s*'([^']*)'`, "i").exec(tag)?.[1] ??
    null
  );
}

const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*|\bexport\s*\*\s*from\s*)["']([^"']+\.m?js)["']/g;

/**
 * The JavaScript a page makes the browser load: every <script src>, every
 * <link rel="modulepreload">, the modules the inline bootstrap script imports, and
 * (crawled) every static import of those, as served, each gzipped on its own.
 */
async function pageJavaScript(base: string, pagePath: string, cookie: string) {
  const res = await fetch(base + pagePath, { headers: { cookie }, redirect: "manual" });
  const html = await res.text();
  if (res.status !== 200) return { status: res.status, assets: [] as JsAsset[], bytes: 0, gzipBytes: 0, files: 0 };
  const pageUrl = new URL(pagePath, base);
  const found = new Map<string, JsAsset["via"]>();
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
    const src = attr(tag, "src");
    if (src) found.set(new URL(src, pageUrl).href, "html");
  }
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    if ((attr(tag, "rel") ?? "").toLowerCase() === "modulepreload" && attr(tag, "href"))
      found.set(new URL(attr(tag, "href")!, pageUrl).href, "html");
  }
  for (const [, body] of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    for (const [, spec] of body!.matchAll(STATIC_IMPORT))
      if (!found.has(new URL(spec!, pageUrl).href)) found.set(new URL(spec!, pageUrl).href, "html");
    for (const [, spec] of body!.matchAll(/\bimport\(\s*["']([^"']+\.m?js)["']\s*\)/g))
      if (!found.has(new URL(spec!, pageUrl).href)) found.set(new URL(spec!, pageUrl).href, "html");
  }
  const assets: JsAsset[] = [];
  const queue = [...found.keys()];
  const seen = new Set(queue);
  while (queue.length) {
    const url = queue.shift()!;
    const r = await fetch(url);
    if (!r.ok) throw new Error(`asset ${url}: ${r.status}`);
    const buf = Buffer.from(await r.arrayBuffer());
    assets.push({
      url: new URL(url).pathname,
      bytes: buf.length,
      gzipBytes: zlib.gzipSync(buf).length,
      via: found.get(url) ?? "import",
    });
    for (const [, spec] of buf.toString("utf8").matchAll(STATIC_IMPORT)) {
      const next = new URL(spec!, url).href;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return {
    status: res.status,
    files: assets.length,
    bytes: assets.reduce((a, x) => a + x.bytes, 0),
    gzipBytes: assets.reduce((a, x) => a + x.gzipBytes, 0),
    notPreloaded: assets.filter((a) => a.via === "import").map((a) => a.url),
    assets,
  };
}

// ---------------------------------------------------------------------------------
// Compressed page weight: what goes over the wire with Accept-Encoding: br, gzip

/** Bytes on the wire (compressed as sent) and the Content-Encoding of one GET. */
function wireGet(url: string, cookie = ""): Promise<{ status: number; bytes: number; encoding: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { "accept-encoding": "br, gzip", ...(cookie ? { cookie } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const wire = Buffer.concat(chunks);
        const encoding = String(res.headers["content-encoding"] ?? "identity");
        const body =
          encoding === "br" ? zlib.brotliDecompressSync(wire) : encoding === "gzip" ? zlib.gunzipSync(wire) : wire;
        resolve({ status: res.statusCode ?? 0, bytes: wire.length, encoding, body });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** The document, its stylesheets and its JavaScript (as pageJavaScript finds it), compressed as served. */
async function pageWeight(base: string, pagePath: string, cookie: string, js: { assets: JsAsset[] }) {
  const doc = await wireGet(base + pagePath, cookie);
  const html = doc.body.toString("utf8");
  const css = (html.match(/<link\b[^>]*>/gi) ?? [])
    .filter((tag) => (attr(tag, "rel") ?? "").toLowerCase() === "stylesheet" && attr(tag, "href"))
    .map((tag) => new URL(attr(tag, "href")!, base + pagePath).href);
  let assetBytes = 0;
  let rawAssetBytes = 0;
  for (const url of [...css, ...js.assets.map((a) => new URL(a.url, base).href)]) {
    const r = await wireGet(url);
    assetBytes += r.bytes;
    rawAssetBytes += r.body.length;
  }
  return {
    status: doc.status,
    documentBytes: doc.bytes,
    documentRawBytes: doc.body.length,
    documentEncoding: doc.encoding,
    assetBytes,
    rawAssetBytes,
    totalBytes: doc.bytes + assetBytes,
    rawTotalBytes: doc.body.length + rawAssetBytes,
  };
}

// ---------------------------------------------------------------------------------
// Profile (BENCH_PROFILE=1)

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};

/** Self time of the server's CPU profile, by function and by package/app file. */
function printProfile(profileDir: string) {
  const files = fs.existsSync(profileDir) ? fs.readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile")) : [];
  if (files.length === 0) return log("  (no CPU profile written)");
  const file = path.join(profileDir, files[0]!);
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const area = (url: string) => {
    if (!url) return "(native/vm)";
    const nm = url.lastIndexOf("node_modules/");
    if (nm >= 0) {
      const rest = url.slice(nm + 13).split("/");
      return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
    }
    if (url.includes("/build/index.js")) return "app (build/index.js)";
    if (url.startsWith("node:")) return url;
    return path.basename(url);
  };
  const byFn = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const n = nodes.get(id)!;
    if (n.callFrame.functionName === "(idle)") continue;
    total += us;
    const key = `${n.callFrame.functionName || "(anonymous)"} ${area(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    byArea.set(area(n.callFrame.url), (byArea.get(area(n.callFrame.url)) ?? 0) + us);
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, us]) => `    ${((us / total) * 100).toFixed(1).padStart(5)} %  ${name}`)
      .join("\n");
  log(
    `  server CPU profile (${file}), busy ${secs(total / 1000)}; self time by area:\n${top(byArea, 15)}\n  by function:\n${top(byFn, 30)}`,
  );
}

// ---------------------------------------------------------------------------------
// Load

type People = { teams: { slug: string; timeZone: string }[]; people: [number, number][]; adminId: number };

type LoadFigure = {
  target: "app" | "bare";
  connections: number;
  seconds: number;
  requests: number;
  ok302: number;
  okPerSecond: number;
  perSecondMedian: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  otherStatuses: Record<string, number>;
  errors: number;
  timeouts: number;
  gc: ReturnType<typeof gcPauses>;
  /** Answers that took SLOW_MS or more, and when (ms after the run began) the first ten were sent. */
  slow: { count: number; sentAtMs: number[] };
  memory?: { beforeBytes: number; maxSampledBytes: number; hwmBytes: number };
};

function loadRequests(
  people: People,
  cookies: string[],
  makeKey: (teamIndex: number, k: number) => string,
  counter: { next: number },
) {
  return [
    {
      method: "POST" as const,
      path: "/",
      setupRequest: (req: Record<string, unknown>) => {
        const k = counter.next++;
        const [userId, teamIndex] = people.people[k % people.people.length]!;
        const team = people.teams[teamIndex]!;
        let body = `periodKey=${encodeURIComponent(makeKey(teamIndex, k))}&score=${1 + (k % 5)}&uid=${userId}`;
        if (k % 3 === 0) body += `&why=${encodeURIComponent(WHY[k % WHY.length]!)}`;
        return {
          ...req,
          method: "POST",
          path: `/teams/${team.slug}/check-in`,
          headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies[k % cookies.length]! },
          body,
        };
      },
    },
  ];
}

async function load(
  target: "app" | "bare",
  server: Server,
  connections: number,
  seconds: number,
  requests: ReturnType<typeof loadRequests>,
  withMemory: boolean,
): Promise<LoadFigure> {
  const probe = withMemory ? memoryProbe(server.child.pid!) : null;
  const outputFrom = server.output.length;
  const run = autocannon({
    url: server.base,
    connections,
    duration: seconds,
    requests: requests as never,
    timeout: 10,
  });
  // When the slow answers were sent, to tell a run's first moments (connections still being
  // accepted: Node accepts one per event-loop turn) from a queue that builds up during the run.
  const started = performance.now();
  const slowAt: number[] = [];
  (run as unknown as NodeJS.EventEmitter).on(
    "response",
    (_client: unknown, _status: number, _bytes: number, ms: number) => {
      if (ms >= SLOW_MS) slowAt.push(Math.max(0, Math.round(performance.now() - started - ms)));
    },
  );
  const result = await run;
  const memory = probe?.stop();
  // Let the requests still in flight at the deadline finish before anything else runs:
  // a request sent now queues behind them.
  await fetch(`${server.base}/healthz`).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 250));
  if (server.child.exitCode !== null || server.child.signalCode !== null) {
    throw new Error(
      `the ${target} server died during the load (exit ${server.child.exitCode ?? server.child.signalCode}):\n${server.output.join("").slice(-3000)}`,
    );
  }
  const gc = gcPauses(server.output.slice(outputFrom).join(""));
  const stats = (result as unknown as { statusCodeStats: Record<string, { count: number }> }).statusCodeStats ?? {};
  const ok302 = stats["302"]?.count ?? 0;
  const otherStatuses = Object.fromEntries(
    Object.entries(stats)
      .filter(([code]) => code !== "302")
      .map(([code, s]) => [code, s.count]),
  );
  return {
    target,
    connections,
    seconds: result.duration,
    requests: result.requests.total,
    ok302,
    okPerSecond: ok302 / result.duration,
    perSecondMedian: result.requests.p50,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    otherStatuses,
    errors: result.errors,
    timeouts: result.timeouts,
    gc,
    slow: { count: slowAt.length, sentAtMs: slowAt.slice(0, 10) },
    ...(memory ? { memory } : {}),
  };
}

/** Garbage-collection pauses from --trace-gc output: major (Mark-Compact) and minor (Scavenge). */
function gcPauses(text: string) {
  const pauses = (kind: string) =>
    [...text.matchAll(new RegExp(`${kind}[^\\n]*?,\\s*([\\d.]+) / [\\d.]+ ms`, "g"))].map((m) => Number(m[1]));
  const major = pauses("Mark-Compact");
  const minor = pauses("Scavenge");
  return {
    majorCount: major.length,
    majorMaxMs: major.length ? Math.max(...major) : 0,
    majorTotalMs: major.reduce((a, b) => a + b, 0),
    minorCount: minor.length,
    minorMaxMs: minor.length ? Math.max(...minor) : 0,
    minorTotalMs: minor.reduce((a, b) => a + b, 0),
  };
}

/** The current week of each zone, recomputed when a week closes during the run. */
function currentWeekKeys() {
  const cache = new Map<string, { key: string; closesAt: number }>();
  return (timeZone: string) => {
    let entry = cache.get(timeZone);
    if (!entry || Date.now() >= entry.closesAt) {
      const w = weeklyCycleAt(new Date(), timeZone);
      entry = { key: w.periodKey, closesAt: w.closesAt.getTime() };
      cache.set(timeZone, entry);
    }
    return entry.key;
  };
}

// ---------------------------------------------------------------------------------

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  log(
    `Trust Health benchmark — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
  );
  log(
    `work directory ${dir}${KEEP ? " (kept)" : ""}; HTTP: ${ROUNDS} round(s) of ${SECONDS} s runs at ${CONNECTIONS.join(", ")} connections after ${WARMUP_SECONDS} s warm-up`,
  );
  log(
    `load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(" ")} (other work on the machine skews every figure)`,
  );

  // 1. Build.
  let t = performance.now();
  fs.mkdirSync(path.join(appDir, "public"), { recursive: true });
  for (const entry of fs.readdirSync(path.join(ROOT, "public"))) {
    if (entry === "build") continue;
    const link = path.join(appDir, "public", entry);
    fs.rmSync(link, { force: true, recursive: true });
    fs.symlinkSync(path.join(ROOT, "public", entry), link);
  }
  if (!fs.existsSync(path.join(appDir, "node_modules")))
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(appDir, "node_modules"));
  await runChild("build", [path.join(ROOT, "bench", "build.mjs"), appDir], {});
  const buildMs = performance.now() - t;
  log(`built in ${secs(buildMs)}`);

  // 2. Team scale.
  log("team scale: one team, five years, 10 members, 200 incidents, 500 action items");
  removeDatabase(teamDb);
  const tsx = ["--import", "tsx"];
  const teamSeed = await runChild<{ seedMs: number; counts: Record<string, number> }>(
    "team-seed",
    [...tsx, "bench/team-scale.ts", "seed"],
    { DATABASE_PATH: teamDb },
  );
  type Dash = {
    median: number;
    p99: number;
    runs: number;
    weeks: number;
    incidents: number;
    jsonBytes: number;
    stringifyMs: number;
    cpuMedian: number;
  };
  const teamMeasure = await runChild<{ coldMs: number; "12w": Dash; "1y": Dash; all: Dash }>(
    "team-measure",
    [...tsx, "bench/team-scale.ts", "measure"],
    { DATABASE_PATH: teamDb },
  );

  // 3. Org scale.
  log("org scale: 1,000 teams × 260 weeks × 10 members");
  removeDatabase(orgDb);
  const orgSeed = await runChild<{
    seedMs: number;
    phases: Record<string, number>;
    twin: { identical: boolean; rows: number };
    totals: Record<string, number>;
    dbBytes: number;
  }>("org-seed", [...tsx, "bench/org-scale.ts", "seed"], { DATABASE_PATH: orgDb, BENCH_PEOPLE_FILE: peopleFile });
  type Rollup = {
    median: number;
    p99: number;
    runs: number;
    teams: number;
    releasedTeams: number;
    jsonBytes: number;
    cpuMedian: number;
  };
  const orgMeasure = await runChild<{
    coldMs: number;
    rollup: Rollup;
    rollup52: { median: number; p99: number; runs: number; cpuMedian: number };
    orgTeamDashboard: Record<string, { median: number; p99: number }>;
  }>("org-measure", [...tsx, "bench/org-scale.ts", "measure"], { DATABASE_PATH: orgDb });

  // 4. The app over HTTP.
  const people = JSON.parse(fs.readFileSync(peopleFile, "utf8")) as People;
  t = performance.now();
  const storage = createCookieSessionStorage({
    cookie: {
      name: "__session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: false,
      secrets: [SESSION_SECRET],
      maxAge: 60 * 60 * 24 * 30,
    },
  });
  // Sessions live on the server (docs/security.md): one row per person, the cookie carries its id.
  const cookieFor = async (userId: number) => {
    const sid = crypto.randomBytes(32).toString("base64url");
    const db = new Database(orgDb);
    db.prepare("insert into sessions (id_hash, user_id, created_at, expires_at) values (?, ?, ?, ?)").run(
      crypto.createHash("sha256").update(sid).digest("hex"),
      userId,
      Date.now(),
      Date.now() + 30 * 86_400_000,
    );
    db.close();
    const session = await storage.getSession();
    session.set("sid", sid);
    return (await storage.commitSession(session)).split(";")[0]!;
  };
  const cookies: string[] = new Array(people.people.length);
  const sessionDb = new Database(orgDb);
  const addSession = sessionDb.prepare(
    "insert into sessions (id_hash, user_id, created_at, expires_at) values (?, ?, ?, ?)",
  );
  const sids = people.people.map(() => crypto.randomBytes(32).toString("base64url"));
  const mintedAt = Date.now();
  sessionDb.transaction(() => {
    people.people.forEach(([userId], k) =>
      addSession.run(
        crypto.createHash("sha256").update(sids[k]!).digest("hex"),
        userId,
        mintedAt,
        mintedAt + 30 * 86_400_000,
      ),
    );
  })();
  sessionDb.close();
  for (let i = 0; i < people.people.length; i += 2000) {
    await Promise.all(
      people.people.slice(i, i + 2000).map(async (_person, j) => {
        const session = await storage.getSession();
        session.set("sid", sids[i + j]);
        cookies[i + j] = (await storage.commitSession(session)).split(";")[0]!;
      }),
    );
  }
  log(`minted ${cookies.length} session cookies in ${secs(performance.now() - t)}`);

  log(
    "app server: node server.js (production build) on the org database; bare floor: bench/bare-server.mjs on the same file",
  );
  const profileDir = path.join(dir, "profile");
  const profileArgs = PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${profileDir}`] : [];
  // The same V8 flags as `npm start` (package.json), so the RSS measured is the RSS shipped.
  const startFlags = HEAP_CAP
    ? ((JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.start as string).match(
        /--max-[a-z-]+-size=\d+/g,
      ) ?? [])
    : [];
  // --trace-gc: every collection's pause goes to stdout; the major ones (Mark-Compact) are counted below.
  const app = await startServer(
    "app server",
    [...startFlags, "--trace-gc", ...profileArgs, path.join(ROOT, "server.js")],
    appDir,
    {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      DATABASE_PATH: orgDb,
      SESSION_SECRET,
      LOG_REQUESTS: "0",
      REMINDERS: "off",
      BUILD_PATH: path.join(appDir, "build", "index.js"),
      MIGRATIONS_PATH: path.join(ROOT, "db", "migrations"),
    },
  );
  const serverStartRss = memoryProbe(app.child.pid!).stop();
  const bare = await startServer("bare server", [path.join(ROOT, "bench", "bare-server.mjs")], ROOT, {
    DATABASE_PATH: orgDb,
  });

  // Page JavaScript, signed in as a member who is not part of the load.
  const last = people.people.length - 1;
  const pageTeam = people.teams[people.people[last]![1]]!.slug;
  const checkInJs = await pageJavaScript(app.base, `/teams/${pageTeam}/check-in`, cookies[last]!);
  const dashboardJs = await pageJavaScript(app.base, `/teams/${pageTeam}/dashboard`, cookies[last]!);
  log(
    `check-in page JS: ${checkInJs.files} files, ${fmt(checkInJs.gzipBytes / KB)} KB gzip; dashboard page: ${dashboardJs.status === 200 ? `${dashboardJs.files} files, ${fmt(dashboardJs.gzipBytes / KB)} KB gzip` : `HTTP ${dashboardJs.status}`}`,
  );
  const checkInWeight = await pageWeight(app.base, `/teams/${pageTeam}/check-in`, cookies[last]!, checkInJs);
  const dashboardWeight = await pageWeight(app.base, `/teams/${pageTeam}/dashboard`, cookies[last]!, dashboardJs);
  log(
    `page weight over the wire (br/gzip as served): check-in ${fmt(checkInWeight.totalBytes / KB)} KB (${fmt(checkInWeight.rawTotalBytes / KB)} KB uncompressed), dashboard ${fmt(dashboardWeight.totalBytes / KB)} KB (${fmt(dashboardWeight.rawTotalBytes / KB)} KB uncompressed)`,
  );

  // The org page as an admin sees it first: the document and its loader JSON.
  const adminCookie = await cookieFor(people.adminId);
  const orgDoc = await wireGet(`${app.base}/org`, adminCookie);
  const orgJson = await wireGet(`${app.base}/org?_data=routes%2Forg`, adminCookie);
  const orgPage = {
    status: orgDoc.status,
    documentBytes: orgDoc.body.length,
    documentWireBytes: orgDoc.bytes,
    jsonBytes: orgJson.body.length,
    jsonWireBytes: orgJson.bytes,
    teamsInFirstView: (orgDoc.body.toString("utf8").match(/<tr data-team=/g) ?? []).length,
  };
  log(
    `org page, first view: HTTP ${orgPage.status}, ${orgPage.teamsInFirstView} teams shown; document ${fmt(orgPage.documentBytes / KB)} KB (${fmt(orgPage.documentWireBytes / KB)} KB ${orgDoc.encoding}), loader JSON ${fmt(orgPage.jsonBytes / KB)} KB`,
  );

  // Lighthouse, mobile, on the quiet server (before the load).
  type Lh = {
    score: number | null;
    fcpMs: number;
    lcpMs: number;
    tbtMs: number;
    totalByteWeight: number;
    compressionSavingsBytes: number;
  };
  let lighthouseResult: Record<string, Lh> | null = null;
  if (LIGHTHOUSE) {
    try {
      lighthouseResult = await runChild<Record<string, Lh>>("lighthouse", [...tsx, "bench/lighthouse.ts"], {
        BENCH_LH_PAGES: JSON.stringify([
          { name: "check-in", url: `${app.base}/teams/${pageTeam}/check-in` },
          { name: "dashboard", url: `${app.base}/teams/${pageTeam}/dashboard` },
        ]),
        BENCH_LH_COOKIE: cookies[last]!,
      });
    } catch (error) {
      log(`  Lighthouse did not run: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // Everyone but the page-JS person, each request a different person. The app can only
  // take this week's answers, so its runs share one pass through the people; the bare
  // floor writes each run to its own cycle key (a new one whenever the pass wraps).
  const rotation: People = { teams: people.teams, people: people.people.slice(0, last), adminId: people.adminId };
  const rotationCookies = cookies.slice(0, last);
  const weekKey = currentWeekKeys();
  const appCounter = { next: 0 };
  // Which (team, week) cycles the load wrote to: each team's own current week, which is not
  // the same ISO week in every zone around Monday 00:00 UTC.
  const loadedCycles = new Set<string>();
  const appReqs = loadRequests(
    rotation,
    rotationCookies,
    (i) => {
      const key = weekKey(people.teams[i]!.timeZone);
      loadedCycles.add(`${people.teams[i]!.slug}|${key}`);
      return key;
    },
    appCounter,
  );
  const bareReqs = (run: string) =>
    loadRequests(rotation, rotationCookies, (_i, k) => `bench-${run}-${Math.floor(k / rotation.people.length)}`, {
      next: 0,
    });

  const appMemory = memoryProbe(app.child.pid!);
  let appWarmup: LoadFigure | null = null;
  if (WARMUP_SECONDS > 0) {
    appWarmup = await load("app", app, CONNECTIONS[0]!, WARMUP_SECONDS, appReqs, false);
    await load("bare", bare, CONNECTIONS[0]!, WARMUP_SECONDS, bareReqs("warmup"), false);
  }
  // App and floor alternate, run by run, so a busy moment on the machine hits both.
  const appRuns: (LoadFigure & { round: number; rssAfterBytes: number })[] = [];
  const bareRuns: (LoadFigure & { round: number })[] = [];
  const describe = (f: LoadFigure) =>
    `${fmt(f.okPerSecond, 0)} answers/s, p50 ${fmt(f.latencyMs.p50)} ms, p99 ${fmt(f.latencyMs.p99)} ms, max ${fmt(f.latencyMs.max)} ms${f.slow.count ? ` (${f.slow.count} took ≥ ${SLOW_MS} ms; sent at ${f.slow.sentAtMs.join(", ")}${f.slow.count > 10 ? ", …" : ""} ms into the run)` : ""}${Object.keys(f.otherStatuses).length ? `, other statuses ${JSON.stringify(f.otherStatuses)}` : ""}${f.errors ? `, errors ${f.errors}` : ""}`;
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of CONNECTIONS) {
      const a = { ...(await load("app", app, c, SECONDS, appReqs, true)), round, rssAfterBytes: rssOf(app.child.pid!) };
      appRuns.push(a);
      log(
        `  round ${round}, ${String(c).padStart(3)} connections — app:  ${describe(a)}; RSS after ${fmt(a.rssAfterBytes / MB, 0)} MB`,
      );
      const b = { ...(await load("bare", bare, c, SECONDS, bareReqs(`r${round}c${c}`), false)), round };
      bareRuns.push(b);
      log(`  round ${round}, ${String(c).padStart(3)} connections — bare: ${describe(b)}`);
    }
  }
  const appPeak = appMemory.stop();
  const acknowledged = (appWarmup?.ok302 ?? 0) + appRuns.reduce((a, r) => a + r.ok302, 0);
  const appErrors = app.output
    .join("")
    .split("\n")
    .filter((l) => /error/i.test(l))
    .slice(0, 5);
  if (appCounter.next > rotation.people.length)
    log(
      `  WARNING: the app runs needed ${appCounter.next} people but only ${rotation.people.length} exist; raise BENCH_LOAD_PEOPLE`,
    );
  await stopServer(app);
  await stopServer(bare);
  if (PROFILE) printProfile(profileDir);

  // Every 302 is an answer in the database, and every answer stored is a request the load sent.
  // Counted per team in the team's own current week only: around Monday 00:00 UTC one zone is
  // still in last week while another is in this one, and last week's key of the first is a
  // seeded, closed week of the second (that mix-up made the old check report "INCONSISTENT").
  const check = new Database(orgDb, { readonly: true });
  const countCycle = check.prepare(
    "select count(*) as n from check_in_responses r join cycles c on c.id = r.cycle_id join teams t on t.id = c.team_id where t.slug = ? and c.kind = 'weekly' and c.period_key = ?",
  );
  let stored = 0;
  for (const pair of loadedCycles) {
    const [slug, key] = pair.split("|") as [string, string];
    stored += (countCycle.get(slug, key) as { n: number }).n;
  }
  check.close();
  // Sent: every request autocannon built (setupRequest runs once per request written). The
  // ones sent but not acknowledged were in flight when a run's deadline came: autocannon stops
  // reading then, but the server still finishes (and stores) them. So 302s ≤ stored ≤ sent, and
  // the gap between 302s and stored is at most the connections open at each deadline.
  const sent = appCounter.next;
  // A request autocannon gave up on (its 10 s timeout, or a socket error) is also one whose
  // answer the server may still have stored without the 302 being seen.
  const abandoned = [...(appWarmup ? [appWarmup] : []), ...appRuns].reduce((n, r) => n + r.errors, 0);
  const inFlightAllowance =
    (appWarmup ? CONNECTIONS[0]! : 0) + ROUNDS * CONNECTIONS.reduce((a, c) => a + c, 0) + abandoned;
  const storedOk = stored >= acknowledged && stored <= sent && stored - acknowledged <= inFlightAllowance;
  log(
    `  answers stored in the loaded cycles: ${stored.toLocaleString("en")}; requests sent ${sent.toLocaleString("en")}; 302s received ${acknowledged.toLocaleString("en")}; ` +
      `${stored - acknowledged} stored without a 302 seen (in flight at a run's deadline or given up by autocannon: ≤ ${inFlightAllowance}, of them ${abandoned} timeouts/errors), ${sent - stored} sent but not stored: ` +
      (storedOk ? "consistent" : "INCONSISTENT"),
  );

  // Per connection count: the median round.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  const perConnections = CONNECTIONS.map((c) => {
    const a = appRuns.filter((r) => r.connections === c);
    const b = bareRuns.filter((r) => r.connections === c);
    return {
      connections: c,
      app: {
        okPerSecond: median(a.map((r) => r.okPerSecond)),
        p50: median(a.map((r) => r.latencyMs.p50)),
        p99: median(a.map((r) => r.latencyMs.p99)),
        max: median(a.map((r) => r.latencyMs.max)),
      },
      bare: {
        okPerSecond: median(b.map((r) => r.okPerSecond)),
        p50: median(b.map((r) => r.latencyMs.p50)),
        p99: median(b.map((r) => r.latencyMs.p99)),
        max: median(b.map((r) => r.latencyMs.max)),
      },
      appMaxes: a.map((r) => r.latencyMs.max),
      gc: {
        majorCount: a.reduce((n, r) => n + r.gc.majorCount, 0),
        majorMaxMs: Math.max(0, ...a.map((r) => r.gc.majorMaxMs)),
        minorMaxMs: Math.max(0, ...a.map((r) => r.gc.minorMaxMs)),
      },
      ratios: a.map((r, i) => r.okPerSecond / b[i]!.okPerSecond),
      ratio: median(a.map((r, i) => r.okPerSecond / b[i]!.okPerSecond)),
      nonRedirects: a.reduce((n, r) => n + Object.values(r.otherStatuses).reduce((x, y) => x + y, 0) + r.errors, 0),
    };
  });

  // 6. Report.
  const totalMs = performance.now() - runStarted;
  type Row = { figure: string; goal: string; measured: string; met: boolean | null };
  const rows: Row[] = [];
  rows.push({
    figure: `Seeding, org scale (${orgSeed.totals.teams} teams, ${(orgSeed.totals.checkInResponses ?? "?").toLocaleString("en")} answers)`,
    goal: `< ${GOALS.seedSeconds} s`,
    measured: secs(orgSeed.seedMs),
    met: orgSeed.seedMs < GOALS.seedSeconds * 1000,
  });
  for (const pc of perConnections) {
    const first = pc.connections === CONNECTIONS[0];
    rows.push({
      figure: `Answer submit, ${pc.connections} conn: app ÷ bare (302s/s)`,
      goal: first ? `≥ ${GOALS.submitRatio * 100} %` : "—",
      measured: `${fmt(pc.ratio * 100)} % (${fmt(pc.app.okPerSecond, 0)} vs ${fmt(pc.bare.okPerSecond, 0)} /s; rounds ${pc.ratios.map((r) => fmt(r * 100, 0)).join(", ")} %)`,
      met: first ? Number.isFinite(pc.ratio) && pc.ratio >= GOALS.submitRatio : null,
    });
    rows.push({
      figure: `Answer submit, ${pc.connections} conn: app latency`,
      goal: first ? `p99 < ${GOALS.submitP99Ms} ms` : "—",
      measured: `${fmt(pc.app.p50)} / p99 ${fmt(pc.app.p99)} ms`,
      met: first ? pc.app.p99 < GOALS.submitP99Ms : null,
    });
    if (pc.connections >= 50)
      rows.push({
        figure: `Answer submit, ${pc.connections} conn: worst latency (app / bare)`,
        goal: `< ${GOALS.submitWorst50Ms / 1000} s`,
        measured: `${fmt(pc.app.max, 0)} / ${fmt(pc.bare.max, 0)} ms (rounds ${pc.appMaxes.map((m) => fmt(m, 0)).join(", ")} ms); major GC ${pc.gc.majorCount}×, longest ${fmt(pc.gc.majorMaxMs, 0)} ms`,
        met: pc.app.max < GOALS.submitWorst50Ms,
      });
    rows.push({
      figure: `Answer submit, ${pc.connections} conn: bare latency`,
      goal: "(reference)",
      measured: `${fmt(pc.bare.p50)} / p99 ${fmt(pc.bare.p99)} ms`,
      met: null,
    });
    if (pc.nonRedirects > 0)
      rows.push({
        figure: `Answer submit, ${pc.connections} conn: app non-302 answers`,
        goal: "0",
        measured: String(pc.nonRedirects),
        met: false,
      });
  }
  for (const preset of ["12w", "all"] as const) {
    const d = teamMeasure[preset];
    rows.push({
      figure: `Dashboard loader, big team, ${preset === "12w" ? "last 12 weeks (default)" : "all history (5 years)"}`,
      goal: `< ${GOALS.dashboardMs} ms (median)`,
      measured: `${fmt(d.median, 2)} / p99 ${fmt(d.p99, 2)} ms (CPU ${fmt(d.cpuMedian, 2)} ms)`,
      met: d.median < GOALS.dashboardMs,
    });
  }
  rows.push({
    figure: `Org rollup, ${orgMeasure.rollup.teams} teams × ${envInt("BENCH_ORG_WEEKS", 260)} weeks, 12-week trend`,
    goal: `< ${GOALS.rollupMs} ms (median)`,
    measured: `${fmt(orgMeasure.rollup.median)} / p99 ${fmt(orgMeasure.rollup.p99)} ms (CPU ${fmt(orgMeasure.rollup.cpuMedian)} ms)`,
    met: orgMeasure.rollup.median < GOALS.rollupMs,
  });
  rows.push({
    figure: `Org rollup, 52-week trend`,
    goal: `< ${GOALS.rollup52Ms} ms (median)`,
    measured: `${fmt(orgMeasure.rollup52.median)} / p99 ${fmt(orgMeasure.rollup52.p99)} ms (CPU ${fmt(orgMeasure.rollup52.cpuMedian)} ms)`,
    met: orgMeasure.rollup52.median < GOALS.rollup52Ms,
  });
  rows.push({
    figure: `Org page, first view (${orgPage.teamsInFirstView} of ${orgMeasure.rollup.teams} teams; paged, sorted, searchable)`,
    goal: `< ${GOALS.orgPayloadKb} KB`,
    measured: `loader JSON ${fmt(orgPage.jsonBytes / KB)} KB; document ${fmt(orgPage.documentBytes / KB)} KB (${fmt(orgPage.documentWireBytes / KB)} KB compressed); rollup of all teams ${fmt(orgMeasure.rollup.jsonBytes / KB)} KB`,
    met:
      orgPage.status === 200 &&
      orgPage.jsonBytes < GOALS.orgPayloadKb * KB &&
      orgPage.documentBytes < GOALS.orgPayloadKb * KB,
  });
  rows.push({
    figure: `Check-in page JS (${checkInJs.files} files)`,
    goal: `≤ ${GOALS.checkInJsKb} KB gzip`,
    measured: `${fmt(checkInJs.gzipBytes / KB)} KB gzip (${fmt(checkInJs.bytes / KB)} KB raw)`,
    met: checkInJs.gzipBytes <= GOALS.checkInJsKb * KB,
  });
  rows.push({
    figure: `Dashboard page JS${dashboardJs.status === 200 ? ` (${dashboardJs.files} files)` : ""}`,
    goal: `≤ ${GOALS.dashboardJsKb} KB gzip`,
    measured:
      dashboardJs.status === 200
        ? `${fmt(dashboardJs.gzipBytes / KB)} KB gzip (${fmt(dashboardJs.bytes / KB)} KB raw)`
        : `not measured: page answered ${dashboardJs.status}`,
    met: dashboardJs.status === 200 ? dashboardJs.gzipBytes <= GOALS.dashboardJsKb * KB : false,
  });
  for (const [name, w] of [
    ["check-in", checkInWeight],
    ["dashboard", dashboardWeight],
  ] as const) {
    rows.push({
      figure: `Page weight over the wire, ${name} (document + CSS + JS)`,
      goal: "compressed",
      measured: `${fmt(w.totalBytes / KB)} KB (${fmt(w.rawTotalBytes / KB)} KB uncompressed; document ${w.documentEncoding})`,
      met: w.documentEncoding === "br" || w.documentEncoding === "gzip",
    });
  }
  for (const name of ["check-in", "dashboard"] as const) {
    const lh = lighthouseResult?.[name];
    rows.push({
      figure: `Lighthouse mobile performance, ${name}`,
      goal: `≥ ${GOALS.lighthouse}`,
      measured: lh
        ? `${lh.score} (FCP ${fmt(lh.fcpMs / 1000)} s, LCP ${fmt(lh.lcpMs / 1000)} s, TBT ${fmt(lh.tbtMs, 0)} ms, ${fmt(lh.totalByteWeight / KB, 0)} KB, compression would save ${fmt(lh.compressionSavingsBytes / KB, 0)} KB)`
        : "not run",
      met: lh ? (lh.score ?? 0) >= GOALS.lighthouse : null,
    });
  }
  rows.push({
    figure: "Bench consistency: answers stored vs requests sent vs 302s received",
    goal: "302s ≤ stored ≤ sent",
    measured: `${stored.toLocaleString("en")} stored, ${sent.toLocaleString("en")} sent, ${acknowledged.toLocaleString("en")} 302s (${stored - acknowledged} in flight at deadlines or timed out; ≤ ${inFlightAllowance})`,
    met: storedOk,
  });
  rows.push({
    figure: "Server peak RSS during the load (VmHWM)",
    goal: `< ${GOALS.rssMb} MB`,
    measured: `${fmt(appPeak.hwmBytes / MB, 0)} MB (idle after start ${fmt(serverStartRss.beforeBytes / MB, 0)} MB)`,
    met: appPeak.hwmBytes < GOALS.rssMb * MB,
  });

  const widths = [0, 1, 2].map((i) =>
    Math.max(
      ...rows.map((r) => [r.figure, r.goal, r.measured][i]!.length),
      ["figure", "goal", "measured (median / p99)"][i]!.length,
    ),
  );
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 6)).join(" | ")} |`;
  const table = [
    line(["figure", "goal", "measured (median / p99)", "met?  "]),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|--------|`,
    ...rows.map((r) => line([r.figure, r.goal, r.measured, r.met === null ? "" : r.met ? "met" : "MISSED"])),
  ].join("\n");
  log("");
  log(table);
  log("");
  log(
    `seeding: org ${secs(orgSeed.seedMs)} (twin check ${orgSeed.twin.identical ? "identical" : "DIFFERENT"} over ${orgSeed.twin.rows} rows; submitCheckInAnswers ${fmt(orgSeed.phases.modelUsPerAnswer!, 0)} µs/answer, bulk ${fmt(orgSeed.phases.bulkUsPerAnswer!)} µs/answer), team ${secs(teamSeed.seedMs)}; build ${secs(buildMs)}; total run ${secs(totalMs)}`,
  );
  if (appErrors.length) log(`server logged errors: ${appErrors.join(" / ")}`);
  log(
    `load average at end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );

  const results = {
    generatedAt: new Date().toISOString(),
    machine: {
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: os.loadavg(),
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memoryBytes: os.totalmem(),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    settings: {
      quick: QUICK,
      heapCap: HEAP_CAP,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      loadPeople: people.people.length,
      units: "KB = 1000 bytes, MB = 1000000 bytes; gzip = zlib default level, each file on its own",
    },
    goals: GOALS,
    table: rows,
    build: { ms: buildMs },
    teamScale: { seed: teamSeed, dashboard: teamMeasure },
    orgScale: { seed: orgSeed, measure: orgMeasure },
    http: {
      perConnections,
      app: appRuns,
      appWarmup,
      bare: bareRuns,
      appMemory: { ...appPeak, idleAfterStartBytes: serverStartRss.beforeBytes },
      acknowledged,
      sent,
      stored,
      storedConsistent: storedOk,
    },
    pages: {
      checkIn: checkInJs,
      dashboard: dashboardJs,
      weight: { checkIn: checkInWeight, dashboard: dashboardWeight },
      org: orgPage,
      lighthouse: lighthouseResult,
    },
    totalMs,
  };
  fs.writeFileSync(path.join(ROOT, "bench", "results.json"), JSON.stringify(results, null, 2) + "\n");
  log("wrote bench/results.json");
  if (!KEEP && !process.env.BENCH_DIR) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  cleanup();
  process.exit(1);
});
