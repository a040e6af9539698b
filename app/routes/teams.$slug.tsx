import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { requireTeamRole } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team, role } = await requireTeamRole(request, params.slug);
  return json({ team: { name: team.name, slug: team.slug }, role });
}

export const TEAM_SECTIONS: Array<{ to: string; label: string; leadOnly?: boolean }> = [
  { to: "", label: "Home" },
  { to: "check-in", label: "Weekly check" },
  { to: "survey", label: "Quarterly survey" },
  { to: "dashboard", label: "Dashboard" },
  { to: "retro", label: "Retro" },
  { to: "incidents", label: "Incidents" },
  { to: "actions", label: "Action items" },
  { to: "reminders", label: "Reminders", leadOnly: true },
  { to: "settings", label: "Settings", leadOnly: true },
];

export default function TeamLayout() {
  const { team, role } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="muted small" style={{ marginBottom: 4 }}>
        Team
      </p>
      <h1 style={{ marginBottom: 8 }}>{team.name}</h1>
      <nav className="team-nav" aria-label="Team">
        {TEAM_SECTIONS.filter((s) => !s.leadOnly || role === "lead").map((s) => (
          <NavLink
            key={s.to}
            to={`/teams/${team.slug}${s.to ? `/${s.to}` : ""}`}
            end={s.to === ""}
            className={({ isActive }) => (isActive ? "active" : "")}
          >
            {s.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
