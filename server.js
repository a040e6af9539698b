// Production server: Express + Remix's request handler.
// Checks the environment and migrates the database before it listens.
import crypto from "node:crypto";
import path from "node:path";
import zlib from "node:zlib";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { bodyLimit, crossSiteGuard, hsts, privateCaching } from "./server-security.js";
import { turnTaking } from "./server-turns.js";

const buildPath = path.resolve(process.env.BUILD_PATH ?? "build/index.js");

let build;
try {
  build = await import(buildPath);
} catch (error) {
  console.error(`Could not load the server build at ${buildPath}. Run "npm run build" first.`);
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

let env;
try {
  env = build.entry.module.startup();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", "loopback");

// At most eight requests start per turn of the event loop; the rest wait their turn in arrival
// order, so a new connection is accepted within a few milliseconds even under load (server-turns.js).
app.use(turnTaking({ perTurn: 4 }));

// Security headers on every response. Scripts run only with this request's nonce;
// styles allow inline attributes because charts are drawn as SVG with style props.
app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  next();
});

// Request log: one line per request, written by the app's requestLogLine: the path with its
// secrets replaced, no query, no body, no address, nobody's name, and no line at all for the
// answer routes (docs/anonymity.md § Logs).
if (env.LOG_REQUESTS === "1") {
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = build.entry.module.requestLogLine(req.method, req.path, res.statusCode, ms);
      if (line) console.log(line);
    });
    next();
  });
}

// A route may answer without reading the request body (a 401, 403 or 404 decided from
// the URL and cookies alone). Remix pauses an unread body, and its unread rest would then
// stall the next request on this keep-alive connection: read it to the end and drop it,
// or close the connection once it passes 64 MB.
app.use((req, res, next) => {
  res.once("finish", () => {
    if (req.complete || req.destroyed) return;
    let drained = 0;
    req.removeAllListeners("data");
    req.on("data", (chunk) => {
      drained += chunk.length;
      if (drained > 64 * 1024 * 1024) req.destroy();
    });
    req.resume();
  });
  next();
});

app.use((_req, res, next) => {
  if (stopping) res.setHeader("Connection", "close");
  next();
});

// ---- Security (issue 11; see server-security.js and docs/security.md) ----------------
// HSTS over https, cross-site changes refused with 403, bodies capped with 413 — all
// before the static files or Remix run. Keep this block together when merging.
app.use(hsts());
app.use(crossSiteGuard({ appUrl: env.APP_URL }));
app.use(bodyLimit());
// ---- end of security block -----------------------------------------------------------

// Compression: documents, JSON (?_data) and assets, brotli when the browser offers it, else
// gzip. Small bodies (a 302, a 204) go as they are. Remix calls res.flush() after each chunk
// of a streamed response, which this middleware provides, so streaming still streams.
app.use(
  compression({
    threshold: 1024,
    brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
  }),
);

app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

// ---- Security: signed-in answers from Remix are never cached (Cache-Control, Vary) ----
app.use(privateCaching());
// ---- end of security block -----------------------------------------------------------

app.all(
  "*",
  createRequestHandler({
    build,
    mode: env.NODE_ENV === "development" ? "development" : "production",
    getLoadContext: (req, res) => ({ clientAddress: req.ip ?? "unknown", cspNonce: res.locals.cspNonce }),
  }),
);

let scheduler;
const onListen = () => {
  const where = env.HOST ?? "localhost";
  console.log(`Trust Health listening on http://${where}:${env.PORT} (database ${env.DATABASE_PATH})`);
  // Reminders (email, team webhooks) run inside this process; see docs/decisions/0006-reminders.md.
  if (typeof build.entry.module.startScheduler === "function") scheduler = build.entry.module.startScheduler();
  else console.error("Reminders: this build has no startScheduler export; nothing will be sent.");
};
const server = env.HOST ? app.listen(env.PORT, env.HOST, onListen) : app.listen(env.PORT, onListen);

// Graceful shutdown: stop accepting, let the requests in flight finish (at most SHUTDOWN_GRACE_MS),
// stop the scheduler, then close the database so SQLite checkpoints the WAL and removes it.
const SHUTDOWN_GRACE_MS = 10_000;
let stopping = false;
function shutdown() {
  if (stopping) return;
  stopping = true;
  scheduler?.stop();
  const finish = (code) => {
    try {
      build.entry.module.closeDatabase();
    } catch (error) {
      console.error(`shutdown: could not close the database: ${error instanceof Error ? error.message : error}`);
      code = 1;
    }
    process.exit(code);
  };
  server.close(() => finish(0));
  // Keep-alive connections that are idle now, or become idle after their last response, are closed.
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  idle.unref();
  setTimeout(() => {
    console.error(`shutdown: requests still running after ${SHUTDOWN_GRACE_MS} ms; closing them`);
    server.closeAllConnections();
    finish(1);
  }, SHUTDOWN_GRACE_MS).unref();
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, shutdown);
