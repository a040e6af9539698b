import { NavLink } from "@remix-run/react";

const LINKS = [
  { to: "incidents", label: "Incidents" },
  { to: "action-items", label: "Action tracker" },
  { to: "recovery", label: "Recovery checklist" },
  { to: "premortem", label: "Pre-mortems" },
  { to: "import", label: "Import CSV", leadOnly: true },
  { to: "tokens", label: "API tokens", leadOnly: true },
  { to: "pager", label: "Pager", leadOnly: true },
];

/** The incident area's own links; the team navigation only carries Incidents and Action items. */
export function IncidentsSubnav({ slug, role }: { slug: string; role: "lead" | "member" }) {
  return (
    <nav className="subnav" aria-label="Incidents and follow-up">
      {LINKS.filter((l) => !l.leadOnly || role === "lead").map((l) => (
        <NavLink
          key={l.to}
          to={`/teams/${slug}/${l.to}`}
          end={false}
          className={({ isActive }) => (isActive ? "active" : "")}
        >
          {l.label}
        </NavLink>
      ))}
    </nav>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge sev-${severity}`}>{severity}</span>;
}

const STATUS_CLASS: Record<string, string> = { open: "", in_progress: "lead", done: "ok", dropped: "" };

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge ${STATUS_CLASS[status] ?? ""} status-${status}`}>{label}</span>;
}

export function OverdueBadge() {
  return <span className="badge danger overdue-badge">Overdue</span>;
}
