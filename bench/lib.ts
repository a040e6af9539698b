/**
 * Small helpers shared by the benchmark's processes: statistics, a stateless hash,
 * a timing loop, and the JSON hand-off between the orchestrator and its children.
 */
import fs from "node:fs";

export type Summary = { runs: number; median: number; p99: number; min: number; max: number; mean: number };

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    median: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? NaN,
    max: sorted.at(-1) ?? NaN,
    mean: sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1),
  };
}

/**
 * Calls `fn` repeatedly and returns each call's wall time in ms: a few warm-up calls
 * first (not kept), then until `maxRuns` calls or `maxMs` have passed, but at least
 * `minRuns` calls.
 */
export function timeCalls(
  fn: () => unknown,
  opts: { warmup?: number; minRuns?: number; maxRuns?: number; maxMs?: number },
): number[] {
  const { warmup = 20, minRuns = 20, maxRuns = 500, maxMs = 5_000 } = opts;
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < maxRuns && (samples.length < minRuns || performance.now() - started < maxMs)) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

/** A stateless hash of a few integers to [0, 1): the same inputs give the same "random" value. */
export function hashUnit(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p & 0xffff), 0x01000193);
    h = Math.imul(h ^ (p >>> 16), 0x01000193);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`${name} must be a non-negative number, got ${JSON.stringify(raw)}`);
  return n;
}

/** Children write their results to the file the orchestrator names in BENCH_OUT. */
export function writeResult(value: unknown) {
  const file = process.env.BENCH_OUT;
  if (!file) throw new Error("BENCH_OUT is not set (run through bench/run.ts)");
  fs.writeFileSync(file, JSON.stringify(value));
}

export function log(message: string) {
  process.stdout.write(`${message}\n`);
}

export const WHY = [
  "Handovers were smooth this week.",
  "The on-call rotation felt fair.",
  "We still don't know who owns the deploy pipeline.",
  "People owned their mistakes in the incident review.",
  "Priorities changed twice without explanation.",
  "Good pairing on the database migration.",
];
export const HELP = [
  "Reviewing my runbook for the failover.",
  "Understanding the new alerting rules.",
  "Clarity on who decides release dates.",
];
export const APPRECIATION = [
  "Thanks for staying late to help roll back safely.",
  "Great write-up of the outage timeline.",
  "Appreciate the patient code reviews.",
];

/**
 * Median CPU time (user + system, ms) of `runs` calls: what the work itself costs, which a
 * busy machine skews far less than wall time (other processes take the cores, not the CPU
 * time this process is billed).
 */
export function cpuMedian(fn: () => unknown, runs: number): number {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    fn();
    const d = process.cpuUsage(c);
    xs.push((d.user + d.system) / 1000);
  }
  return summarise(xs).median;
}
