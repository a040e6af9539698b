import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createCookieSessionStorage, redirect, type SessionStorage } from "@remix-run/node";
import { createSession, deleteSession, deleteUserSessions, SESSION_LIFETIME_MS } from "~/models/sessions.server";
import { dataDir, getEnv } from "./env.server";

let secret: string | undefined;

/**
 * SESSION_SECRET when set; otherwise a secret generated once and kept in the data
 * folder, so sessions survive restarts of a local install.
 */
function sessionSecret(): string {
  if (secret) return secret;
  const env = getEnv();
  if (env.SESSION_SECRET) return (secret = env.SESSION_SECRET);
  const file = path.join(dataDir(), ".session-secret");
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    secret = crypto.randomBytes(32).toString("hex");
    fs.writeFileSync(file, secret, { mode: 0o600 });
  }
  return secret;
}

const storages = new Map<boolean, SessionStorage>();

function storageFor(request: Request): SessionStorage {
  const secure = new URL(request.url).protocol === "https:";
  let storage = storages.get(secure);
  if (!storage) {
    storage = createCookieSessionStorage({
      cookie: {
        name: "__session",
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure,
        secrets: [sessionSecret()],
        maxAge: SESSION_LIFETIME_MS / 1000,
      },
    });
    storages.set(secure, storage);
  }
  return storage;
}

export async function getSession(request: Request) {
  return storageFor(request).getSession(request.headers.get("Cookie"));
}

export async function commitSession(request: Request, session: Awaited<ReturnType<typeof getSession>>) {
  return storageFor(request).commitSession(session);
}

async function destroySession(request: Request, session: Awaited<ReturnType<typeof getSession>>) {
  return storageFor(request).destroySession(session);
}

type CookieSession = Awaited<ReturnType<typeof getSession>>;

/** The raw server-side session id carried by the cookie, if any. */
export function sessionIdOf(session: CookieSession): string | undefined {
  const sid = session.get("sid");
  return typeof sid === "string" && sid.length > 0 ? sid : undefined;
}

/**
 * Signs `userId` in: always a new server-side session (never the id the browser came
 * with, so a planted cookie cannot be promoted), the old one removed. Returns Set-Cookie.
 */
export async function signIn(request: Request, userId: number, session?: CookieSession): Promise<string> {
  const cookie = session ?? (await getSession(request));
  const old = sessionIdOf(cookie);
  if (old) deleteSession(old);
  cookie.unset("userId");
  cookie.set("sid", createSession(userId));
  return commitSession(request, cookie);
}

/** Ends this browser's session on the server and clears its cookie. Returns Set-Cookie. */
export async function signOut(request: Request): Promise<string> {
  const session = await getSession(request);
  const sid = sessionIdOf(session);
  if (sid) deleteSession(sid);
  return destroySession(request, session);
}

/** Ends every session of `userId` (this browser's too). Returns Set-Cookie with a message for /login. */
export async function signOutEverywhere(request: Request, userId: number, message: string): Promise<string> {
  deleteUserSessions(userId);
  const session = await getSession(request);
  session.unset("sid");
  session.unset("userId");
  session.flash("flash", { kind: "success", message } satisfies Flash);
  return commitSession(request, session);
}

export type Flash = { kind: "success" | "error"; message: string };

/** POST/redirect/GET with a one-time message shown on the next page. */
export async function redirectWithFlash(
  request: Request,
  to: string,
  message: string,
  kind: Flash["kind"] = "success",
  init?: { session?: Awaited<ReturnType<typeof getSession>> },
) {
  const session = init?.session ?? (await getSession(request));
  session.flash("flash", { kind, message } satisfies Flash);
  return redirect(to, {
    headers: { "Set-Cookie": await commitSession(request, session) },
  });
}
