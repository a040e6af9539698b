/**
 * Lighthouse (mobile, the default emulation and simulated throttling) against pages of
 * the running production server, signed in with a session cookie.
 *
 *   node --import tsx bench/lighthouse.ts   (BENCH_OUT, BENCH_LH_PAGES = JSON [{ name, url }], BENCH_LH_COOKIE)
 *
 * Chromium: CHROME_PATH, else /usr/bin/chromium, headless with --no-sandbox.
 */
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { log, writeResult } from "./lib";

type Page = { name: string; url: string };
const pages = JSON.parse(process.env.BENCH_LH_PAGES ?? "[]") as Page[];
const cookie = process.env.BENCH_LH_COOKIE ?? "";

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  logLevel: "silent",
});
const results: Record<string, unknown> = {};

async function audit(page: Page) {
  const runner = await lighthouse(page.url, {
    port: chrome.port,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance"],
    extraHeaders: cookie ? { Cookie: cookie } : undefined,
  });
  if (!runner?.lhr) throw new Error(`Lighthouse returned nothing for ${page.url}`);
  return runner.lhr;
}
try {
  for (const page of pages) {
    const started = performance.now();
    let lhr = await audit(page);
    // A run whose trace could not be recorded (NO_NAVSTART and its kind) has no score, and
    // Lighthouse's own message says to run it again: up to twice more, and the output says so.
    for (let retry = 1; retry <= 2 && lhr.categories.performance?.score === null && lhr.runtimeError; retry++) {
      log(
        `  Lighthouse, ${page.name}: no score (${lhr.runtimeError.code ?? lhr.runtimeError.message}); run ${retry + 1} of 3`,
      );
      lhr = await audit(page);
    }
    const result = (id: string) => lhr.audits[id];
    const num = (id: string) => result(id)?.numericValue ?? null;
    const out = {
      url: page.url,
      finalUrl: lhr.finalDisplayedUrl,
      score: lhr.categories.performance?.score === null ? null : Math.round(lhr.categories.performance!.score! * 100),
      fcpMs: num("first-contentful-paint"),
      lcpMs: num("largest-contentful-paint"),
      tbtMs: num("total-blocking-time"),
      cls: num("cumulative-layout-shift"),
      speedIndexMs: num("speed-index"),
      totalByteWeight: num("total-byte-weight"),
      compressionSavingsBytes:
        result("uses-text-compression")?.details?.type === "opportunity"
          ? ((result("uses-text-compression")!.details as { overallSavingsBytes?: number }).overallSavingsBytes ?? 0)
          : 0,
      runtimeError: lhr.runtimeError?.message ?? null,
      seconds: (performance.now() - started) / 1000,
    };
    results[page.name] = out;
    log(
      `  Lighthouse mobile, ${page.name}: performance ${out.score}; FCP ${(out.fcpMs! / 1000).toFixed(1)} s, LCP ${(out.lcpMs! / 1000).toFixed(1)} s, TBT ${out.tbtMs?.toFixed(0)} ms, ${((out.totalByteWeight ?? 0) / 1000).toFixed(0)} KB transferred (${out.seconds.toFixed(0)} s)`,
    );
    if (out.finalUrl !== page.url) log(`    (landed on ${out.finalUrl})`);
    if (out.runtimeError) log(`    Lighthouse could not score it: ${out.runtimeError}`);
    if (out.score === null) {
      for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time"]) {
        const problem = result(id)?.errorMessage;
        if (problem) log(`    ${id}: ${problem}`);
      }
    }
  }
} finally {
  await chrome.kill();
}
writeResult(results);
