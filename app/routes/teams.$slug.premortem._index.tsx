import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { IncidentsSubnav } from "~/components/incidents/subnav";
import { formatInstant } from "~/domain/instant-format";
import { listPremortems } from "~/models/premortems.server";
import { requireTeamRole } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team, role } = await requireTeamRole(request, params.slug);
  return json({
    team: { name: team.name, slug: team.slug },
    role,
    premortems: listPremortems(team.id).map((p) => ({
      id: p.id,
      title: p.title,
      createdAt: formatInstant(p.createdAt, team.timeZone),
      createdByName: p.createdByName,
      actionCount: p.actionCount,
    })),
  });
}

export default function Premortems() {
  const { team, role, premortems } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <IncidentsSubnav slug={team.slug} role={role} />
      <div className="spread">
        <div>
          <h2 style={{ margin: 0 }}>Pre-mortems</h2>
          <p className="muted small" style={{ margin: 0 }}>
            Before a risky release: imagine it has failed, name the likely causes, and put preventive actions on the
            tracker.
          </p>
        </div>
        {role === "lead" ? (
          <Link className="button" to={`/teams/${team.slug}/premortem/new`}>
            Run a pre-mortem
          </Link>
        ) : null}
      </div>
      {premortems.length === 0 ? (
        <p className="muted">No pre-mortems yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Release or change</th>
                <th scope="col">Held</th>
                <th scope="col">Preventive actions</th>
              </tr>
            </thead>
            <tbody>
              {premortems.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/teams/${team.slug}/premortem/${p.id}`}>{p.title}</Link>
                  </td>
                  <td>
                    {p.createdAt}
                    {p.createdByName ? ` by ${p.createdByName}` : ""}
                  </td>
                  <td>{p.actionCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Pre-mortems · ${data?.team.name ?? "Team"} · Trust Health` },
];
