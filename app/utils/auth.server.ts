import { redirect } from "@remix-run/node";
import type { Role } from "#db/schema";
import { getMembership, getTeamBySlug, type Team } from "~/models/teams.server";
import { getUserById, type PublicUser } from "~/models/users.server";
import { getSession } from "./session.server";

export async function getUser(request: Request): Promise<PublicUser | null> {
  const session = await getSession(request);
  const userId = session.get("userId");
  if (typeof userId !== "number") return null;
  return getUserById(userId) ?? null;
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

/** Only same-site paths are allowed as redirect targets after sign-in. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/teams"): string {
  if (!to || typeof to !== "string") return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
