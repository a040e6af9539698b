import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/field";
import { IncidentFields } from "~/components/incidents/incident-fields";
import { createIncident } from "~/models/incidents.server";
import { requireTeamRole } from "~/utils/auth.server";
import { readFormData, type FormFailure } from "~/utils/forms.server";
import { parseIncidentForm } from "~/utils/incident-forms.server";
import { redirectWithFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  return json({ team: { name: team.name, slug: team.slug, timeZone: team.timeZone } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const form = await readFormData(request);
  const { data, failure } = parseIncidentForm(form, team.timeZone);
  if (failure) return failure;
  const incident = createIncident(team.id, data);
  return redirectWithFlash(request, `/teams/${team.slug}/incidents/${incident.id}`, "Incident recorded.");
}

export default function NewIncident() {
  const { team } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack narrow-form">
      <p className="muted small">
        <Link to={`/teams/${team.slug}/incidents`}>← Incidents</Link>
      </p>
      <h2>Record an incident</h2>
      <FormError
        message={
          result?.formError ??
          (result?.errors && Object.keys(result.errors).length
            ? "Some fields need attention; see the messages below."
            : undefined)
        }
      />
      <Form method="post" noValidate className="card">
        <IncidentFields values={result?.values ?? {}} errors={result?.errors ?? {}} timeZone={team.timeZone} />
        <button type="submit" disabled={busy}>
          Record incident
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Record an incident · ${data?.team.name ?? "Team"} · Trust Health` },
];
