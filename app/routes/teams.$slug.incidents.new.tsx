import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { IncidentForm } from "~/components/incidents/incident-fields";
import { createIncident } from "~/models/incidents.server";
import { requireTeamRole } from "~/utils/auth.server";
import { failureOf } from "~/utils/form-state";
import { parseForm } from "~/utils/forms.server";
import { incidentFormSchema } from "~/utils/incident-forms.server";
import { redirectWithFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  return json({ team: { name: team.name, slug: team.slug, timeZone: team.timeZone } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const { data, failure } = await parseForm(request, incidentFormSchema(team.timeZone));
  if (failure) return failure;
  const incident = createIncident(team.id, data);
  return redirectWithFlash(request, `/teams/${team.slug}/incidents/${incident.id}`, "Incident recorded.");
}

export default function NewIncident() {
  const { team } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack narrow-form">
      <p className="muted small">
        <Link to={`/teams/${team.slug}/incidents`}>← Incidents</Link>
      </p>
      <h2>Record an incident</h2>
      <IncidentForm
        state={failureOf(useActionData<typeof action>())}
        values={{}}
        timeZone={team.timeZone}
        busy={busy}
        submitLabel="Record incident"
      />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Record an incident · ${data?.team.name ?? "Team"} · Trust Health` },
];
