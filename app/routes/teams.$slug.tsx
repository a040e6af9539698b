import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
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
  { to: "action-items", label: "Action items" },
  { to: "reminders", label: "Reminders", leadOnly: true },
  { to: "settings", label: "Settings", leadOnly: true },
];

// Pages that have no tab of their own, named in the phone menu's summary.
const OTHER_PAGES: Record<string, string> = {
  recovery: "Recovery checklist",
  premortem: "Pre-mortems",
  import: "Import CSV",
  tokens: "API tokens",
  pager: "PagerDuty / Opsgenie",
  review: "Action-item review",
};

/** The name of the page a path is on ("/teams/x/incidents/4" → Incidents), for the phone menu's summary. */
function currentPageName(pathname: string, slug: string, sections: typeof TEAM_SECTIONS): string {
  const rest = pathname.slice(`/teams/${slug}`.length).replace(/^\/+/, "").split("/")[0] ?? "";
  return sections.find((s) => s.to === rest)?.label ?? OTHER_PAGES[rest] ?? "Team";
}

function SectionLinks({ slug, sections }: { slug: string; sections: typeof TEAM_SECTIONS }) {
  return (
    <>
      {sections.map((s) => (
        <NavLink
          key={s.to}
          to={`/teams/${slug}${s.to ? `/${s.to}` : ""}`}
          end={s.to === ""}
          className={({ isActive }) => (isActive ? "active" : "")}
        >
          {s.label}
        </NavLink>
      ))}
    </>
  );
}

export default function TeamLayout() {
  const { team, role } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  const sections = TEAM_SECTIONS.filter((s) => !s.leadOnly || role === "lead");
  const current = currentPageName(pathname, team.slug, sections);
  return (
    <>
      <p className="muted small team-kicker">Team</p>
      <h1 className="team-name">{team.name}</h1>
      {/* Wide screens: one row of tabs. Phones: the same links folded into a menu that opens
          without JavaScript (<details>). CSS shows exactly one of the two, so there is one
          "Team" navigation at a time. Keyed by the path so a followed link closes the menu. */}
      <nav className="team-nav" aria-label="Team">
        <SectionLinks slug={team.slug} sections={sections} />
      </nav>
      <details className="team-menu" key={pathname}>
        <summary>
          <span className="team-menu-current">{current}</span>
          <span className="team-menu-label">Menu</span>
        </summary>
        <nav aria-label="Team">
          <SectionLinks slug={team.slug} sections={sections} />
        </nav>
      </details>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
