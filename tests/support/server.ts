import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { getDb } from "#db/client.server";

export type TestServer = {
  baseUrl: string;
  port: number;
  process: ChildProcess;
  logs: string[];
  stop: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts the production build (server.js) as a child process on the test's own
 * SQLite file, and waits until /healthz answers.
 */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort();
  const logs: string[] = [];
  const child = spawn(process.execPath, ["server.js"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => logs.push(String(d)));
  child.stderr!.on("data", (d) => logs.push(String(d)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${logs.join("")}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${logs.join("")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    port,
    process: child,
    logs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * One production server for the whole test file: registers beforeAll (migrate the file's
 * database, then start) and afterAll (stop). Call it at the top level of the file, after any
 * beforeAll that must seed the database before the server starts.
 *
 * Returns a stand-in whose fields read the running server, so `server.baseUrl` works in tests
 * and hooks that run after the start.
 */
export function serverForFile(env: Record<string, string> = {}): TestServer {
  let started: TestServer | undefined;
  beforeAll(async () => {
    getDb(); // migrate the test's database before the server opens it
    started = await startServer(env);
  });
  afterAll(async () => started?.stop());
  const current = () => {
    if (!started)
      throw new Error("serverForFile(): the server is only there in tests and hooks that run after its beforeAll");
    return started;
  };
  return {
    get baseUrl() {
      return current().baseUrl;
    },
    get port() {
      return current().port;
    },
    get process() {
      return current().process;
    },
    get logs() {
      return current().logs;
    },
    stop: () => current().stop(),
  };
}
