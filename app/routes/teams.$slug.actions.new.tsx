import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/field";
import { ActionItemFields } from "~/components/incidents/action-item-fields";
import { formatInstant } from "~/domain/incidents";
import { createActionItem } from "~/models/action-items.server";
import { listIncidentChoices } from "~/models/incidents.server";
import { listMembers } from "~/models/teams.server";
import { requireTeamRole } from "~/utils/auth.server";
import { readFormData, type FormFailure } from "~/utils/forms.server";
import { parseActionItemForm } from "~/utils/incident-forms.server";
import { redirectWithFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const url = new URL(request.url);
  return json({
    team: { name: team.name, slug: team.slug },
    members: listMembers(team.id).map((m) => ({ userId: m.userId, displayName: m.displayName })),
    incidents: listIncidentChoices(team.id).map((i) => ({
      id: i.id,
      label: `${i.severity} · ${i.title} (${formatInstant(i.startedAt, team.timeZone)})`,
    })),
    defaults: {
      incidentId: url.searchParams.get("incidentId") ?? "",
      source: url.searchParams.get("source") ?? "",
      status: "open",
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const form = await readFormData(request);
  const { data, failure } = parseActionItemForm(form, team.id);
  if (failure) return failure;
  createActionItem(team.id, data);
  return redirectWithFlash(request, `/teams/${team.slug}/actions`, "Action item added to the tracker.");
}

export default function NewActionItem() {
  const { team, members, incidents, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack narrow-form">
      <p className="muted small">
        <Link to={`/teams/${team.slug}/actions`}>← Action tracker</Link>
      </p>
      <h2>New action item</h2>
      <FormError message={result?.formError} />
      <Form method="post" noValidate className="card">
        <ActionItemFields
          values={result?.values ?? defaults}
          errors={result?.errors ?? {}}
          members={members}
          incidents={incidents}
        />
        <button type="submit" disabled={busy}>
          Add to tracker
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `New action item · ${data?.team.name ?? "Team"} · Trust Health` },
];
