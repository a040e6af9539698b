import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { IncidentForm } from "~/components/incidents/incident-fields";
import { getIncident, updateIncident } from "~/models/incidents.server";
import { requireTeamRole } from "~/utils/auth.server";
import { failureOf } from "~/utils/form-state";
import { parseForm } from "~/utils/forms.server";
import { incidentFormValues, incidentFormSchema } from "~/utils/incident-forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { invariantResponse, rowId } from "~/utils/invariant";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const incident = getIncident(team.id, rowId(params.id));
  invariantResponse(incident, "There is no such incident in this team.", { status: 404 });
  return json({
    team: { name: team.name, slug: team.slug, timeZone: team.timeZone },
    incident: { id: incident.id, title: incident.title },
    values: incidentFormValues(incident, team.timeZone),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const incident = getIncident(team.id, rowId(params.id));
  invariantResponse(incident, "There is no such incident in this team.", { status: 404 });
  const { data, failure } = await parseForm(request, incidentFormSchema(team.timeZone));
  if (failure) return failure;
  updateIncident(team.id, incident.id, data);
  return redirectWithFlash(request, `/teams/${team.slug}/incidents/${incident.id}`, "Incident saved.");
}

export default function EditIncident() {
  const { team, incident, values } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack narrow-form">
      <p className="muted small">
        <Link to={`/teams/${team.slug}/incidents/${incident.id}`}>← {incident.title}</Link>
      </p>
      <h2>Edit incident</h2>
      <IncidentForm
        state={failureOf(useActionData<typeof action>())}
        values={values}
        timeZone={team.timeZone}
        busy={busy}
        submitLabel="Save incident"
      />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.incident.title ?? "incident"} · Trust Health` },
];
