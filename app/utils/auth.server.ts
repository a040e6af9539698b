import { redirect } from "@remix-run/node";
import type { Role } from "#db/schema";
import { getMembership, getTeamBySlug, type Team } from "~/models/teams.server";
import { userForSession } from "~/models/sessions.server";
import type { PublicUser } from "~/models/users.server";
import { getSession, sessionIdOf } from "./session.server";

/** The signed-in person: the cookie's session id must name a live row in the sessions table. */
export async function getUser(request: Request): Promise<PublicUser | null> {
  const sid = sessionIdOf(await getSession(request));
  if (!sid) return null;
  return userForSession(sid) ?? null;
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

/** The guard on every protected loader and action: signed out → /login?redirectTo=… */
export async function requireUser(request: Request): Promise<PublicUser> {
  const user = await getUser(request);
  if (!user) throw loginRedirect(request);
  return user;
}

export async function requireAdmin(request: Request): Promise<PublicUser> {
  const user = await requireUser(request);
  if (!user.isAdmin) throw new Response("Only an administrator can do this.", { status: 403 });
  return user;
}

export type TeamAccess = { user: PublicUser; team: Team; role: Role };

/**
 * The guard for team pages: a person outside the team gets 404 (the team's
 * existence is not confirmed), a member asking for a lead's work gets 403.
 * Admins are not team members by virtue of being admins.
 */
export async function requireTeamRole(
  request: Request,
  slug: string | undefined,
  needed: Role = "member",
): Promise<TeamAccess> {
  const user = await requireUser(request);
  const team = slug ? getTeamBySlug(slug) : undefined;
  const membership = team ? getMembership(team.id, user.id) : undefined;
  if (!team || !membership) throw new Response("Team not found.", { status: 404 });
  if (needed === "lead" && membership.role !== "lead") {
    throw new Response("Only a team lead can do this.", { status: 403 });
  }
  return { user, team, role: membership.role };
}

// The origin a redirect target is resolved against: a target that keeps this origin is a
// path on this site; anything else (//host, /\host, a tab or newline the browser strips
// before resolving, a scheme) is not.
const PROBE_ORIGIN = "http://trust-health.invalid";

/**
 * A redirect target that stays on this site, as a normalised path (with query and
 * fragment), or `fallback`. Control characters (tab, CR, LF…) and backslashes are refused
 * outright: browsers drop or reinterpret them, and a CR/LF cannot go into a Location header.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/teams"): string {
  if (!to || typeof to !== "string" || to.length > 2000) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(to, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  return url.pathname + url.search + url.hash;
}
