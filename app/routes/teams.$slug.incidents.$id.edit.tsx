import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/field";
import { IncidentFields } from "~/components/incidents/incident-fields";
import { getIncident, updateIncident } from "~/models/incidents.server";
import { requireTeamRole } from "~/utils/auth.server";
import { readFormData, type FormFailure } from "~/utils/forms.server";
import { incidentFormValues, parseIncidentForm } from "~/utils/incident-forms.server";
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
  const form = await readFormData(request);
  const { data, failure } = parseIncidentForm(form, team.timeZone);
  if (failure) return failure;
  updateIncident(team.id, incident.id, data);
  return redirectWithFlash(request, `/teams/${team.slug}/incidents/${incident.id}`, "Incident saved.");
}

export default function EditIncident() {
  const { team, incident, values } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack narrow-form">
      <p className="muted small">
        <Link to={`/teams/${team.slug}/incidents/${incident.id}`}>← {incident.title}</Link>
      </p>
      <h2>Edit incident</h2>
      <FormError
        message={
          result?.formError ??
          (result?.errors && Object.keys(result.errors).length
            ? "Some fields need attention; see the messages below."
            : undefined)
        }
      />
      <Form method="post" noValidate className="card">
        <IncidentFields values={result?.values ?? values} errors={result?.errors ?? {}} timeZone={team.timeZone} />
        <button type="submit" disabled={busy}>
          Save incident
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.incident.title ?? "incident"} · Trust Health` },
];
