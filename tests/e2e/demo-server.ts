import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const DEMO_PASSWORD = "trust-health-demo";
export const demoEmail = (person: string) => `${person}@demo.trust-health.test`;

export type DemoServer = { base: string; stop: () => Promise<void> };

/**
 * A second production server on a freshly seeded demo database under test-results/<folder>/,
 * for tests that need history (charts, incidents, action items) without touching the shared
 * e2e story. The port must be free; several helpers running browser tests at once each pass
 * their own.
 */
export async function startDemoServer(folder: string, port: number): Promise<DemoServer> {
  const dir = path.join(root, "test-results", folder);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_PATH: path.join(dir, "demo.sqlite"),
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: base,
    SESSION_SECRET: `e2e-${folder}-only-session-secret-0123456789abcdef`,
    LOG_REQUESTS: "0",
    REMINDERS: "off",
    SMTP_URL: "",
  };
  await promisify(execFile)(process.execPath, ["scripts/demo.js", "--seed-only"], { cwd: root, env, timeout: 30_000 });
  const taken = await fetch(`${base}/healthz`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`something already answers on ${base}; stop it or choose another port`);

  let log = "";
  const child: ChildProcess = spawn(process.execPath, ["server.js"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => (log += chunk));
  child.stderr!.on("data", (chunk) => (log += chunk));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the demo server exited (${child.exitCode}):\n${log}`);
    const up = await fetch(`${base}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`the demo server did not answer ${base}/healthz within 20 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
