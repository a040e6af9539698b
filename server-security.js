// Express middleware for the HTTP-level protections (docs/security.md), kept out of
// server.js so that file only wires them in. Nothing here reads a body's content or
// logs anything about who asked.

/** Form bodies above this are refused with 413 before Remix reads them. */
export const FORM_BODY_LIMIT = 1024 * 1024;
/** Past this, a refused body is no longer read and dropped: the connection is closed. */
const DISCARD_LIMIT = 64 * 1024 * 1024;
export const HSTS = "max-age=31536000; includeSubDomains";

const IMPORT_PATH = /^\/teams\/[^/]+\/import\/?$/;
const SAFE_METHODS = new Set(["GET", "HEAD"]);

const wantsJson = (req) =>
  req.path.startsWith("/api/") || "_data" in req.query || /application\/json/i.test(req.get("accept") ?? "");

function refuse(req, res, status, code, message) {
  res.status(status);
  res.setHeader("Cache-Control", "no-store");
  if (wantsJson(req)) res.json({ error: code, message });
  else res.type("text/plain; charset=utf-8").send(message);
}

/** The host the browser addressed, as Remix sees it (X-Forwarded-Host only from a trusted proxy). */
function requestHost(req) {
  const forwarded = req.get("x-forwarded-host");
  const trusted = forwarded && req.app.get("trust proxy fn")(req.socket.remoteAddress, 0);
  return ((trusted ? forwarded.split(",")[0] : req.get("host")) ?? "").trim().toLowerCase();
}

/**
 * Cross-site requests that change something are refused before Remix runs: a foreign
 * Origin (or "null"), or Sec-Fetch-Site: cross-site. Requests without an Origin (curl,
 * API clients and webhook senders, server to server) pass; bearer-token and signed
 * webhook endpoints do not rely on cookies, so they need no more than that.
 */
export function crossSiteGuard({ appUrl } = {}) {
  const configured = appUrl ? new URL(appUrl).origin : null;
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin");
    const site = (req.get("sec-fetch-site") ?? "").toLowerCase();
    let foreign = site === "cross-site";
    if (!foreign && origin !== undefined) {
      let parsed = null;
      try {
        parsed = origin === "null" ? null : new URL(origin);
      } catch {
        parsed = null;
      }
      const sameHost =
        parsed !== null && /^https?:$/.test(parsed.protocol) && parsed.host.toLowerCase() === requestHost(req);
      foreign = !(sameHost || (parsed !== null && parsed.origin === configured));
    }
    if (!foreign) return next();
    const from = origin && origin.length <= 200 ? ` (${origin.replace(/[^\x20-\x7e]/g, "?")})` : "";
    return refuse(
      req,
      res,
      403,
      "cross_site_request",
      `Refused: this request was sent from another site${from}, and Trust Health only accepts changes made from its own pages. Nothing was changed. Open Trust Health directly and try again.`,
    );
  };
}

/**
 * Caps request bodies: 413 at once when Content-Length is too large; otherwise the body
 * is counted as it arrives (a chunked body has no length) and held back from Remix until
 * it is complete, so an oversized one is refused with 413 before any route sees it.
 */
export function bodyLimit() {
  return (req, res, next) => {
    // Two routes count their own bodies and answer 413 in their own words: the JSON API (after
    // checking the token; 1 MB, app/utils/api.server.ts) and the CSV import page (a 2 MB file,
    // about 2.9 MB with its form; the page keeps what was chosen).
    if (SAFE_METHODS.has(req.method) || req.path.startsWith("/api/") || IMPORT_PATH.test(req.path)) return next();
    const limit = FORM_BODY_LIMIT;
    const mb = `${limit / 1024 / 1024} MB`;
    const tooLarge = () =>
      refuse(
        req,
        res,
        413,
        "payload_too_large",
        `The request is too large: this page accepts at most ${mb}. Nothing was saved; shorten the text or split the file.`,
      );
    const declared = Number(req.get("content-length"));
    if (Number.isFinite(declared) && declared > limit) {
      discardRest(req);
      return tooLarge();
    }
    if (!req.get("transfer-encoding")) return next();
    // A body without a length: count it before anything reads it. An oversized one is read
    // to its end and dropped (up to DISCARD_LIMIT), then answered, so the client sees the 413.
    const push = req.push;
    const held = [];
    let size = 0;
    req.push = function (chunk) {
      if (chunk === null) {
        req.push = push;
        if (size > limit) {
          push.call(req, null);
          process.nextTick(() => tooLarge());
          return false;
        }
        for (const piece of held) push.call(req, piece);
        push.call(req, null);
        process.nextTick(next);
        return false;
      }
      size += chunk.length;
      if (size > DISCARD_LIMIT) req.socket.destroy();
      else if (size > limit) held.length = 0;
      else held.push(chunk);
      return true;
    };
  };
}

/** Reads and drops what is left of a refused body, up to DISCARD_LIMIT, so the client can read its 413. */
function discardRest(req) {
  let seen = 0;
  req.on("data", (chunk) => {
    seen += chunk.length;
    if (seen > DISCARD_LIMIT) req.socket.destroy();
  });
  req.resume();
}

/** Strict-Transport-Security on https requests (directly, or through the trusted proxy's X-Forwarded-Proto). */
export function hsts() {
  return (req, res, next) => {
    if (req.secure) res.setHeader("Strict-Transport-Security", HSTS);
    next();
  };
}

/**
 * For responses from Remix: never cache a signed-in answer (documents, ?_data, CSV)
 * anywhere but in the person's own browser memory. `Vary: Cookie` on all of them.
 */
export function privateCaching() {
  return (req, res, next) => {
    const signedIn = /(?:^|;\s*)__session=/.test(req.get("cookie") ?? "") || req.get("authorization") !== undefined;
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      if (!res.headersSent) {
        res.vary("Cookie");
        if (signedIn || res.getHeader("Set-Cookie") !== undefined) res.setHeader("Cache-Control", "private, no-store");
        else if (res.getHeader("Cache-Control") === undefined) res.setHeader("Cache-Control", "no-store");
      }
      return writeHead.apply(this, args);
    };
    next();
  };
}
