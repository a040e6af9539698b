import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/field";
import { ActionItemForm } from "~/components/incidents/action-item-fields";
import { formatInstant } from "~/domain/instant-format";
import { createActionItem } from "~/models/action-items.server";
import { listIncidentChoices } from "~/models/incidents.server";
import { memberChoices } from "~/models/teams.server";
import { requireTeamRole } from "~/utils/auth.server";
import { failureOf } from "~/utils/form-state";
import { parseForm } from "~/utils/forms.server";
import { actionItemFormSchema } from "~/utils/incident-forms.server";
import { redirectWithFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const url = new URL(request.url);
  return json({
    team: { name: team.name, slug: team.slug },
    members: memberChoices(team.id),
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
  const { data, failure } = await parseForm(request, actionItemFormSchema(team.id));
  if (failure) return failure;
  createActionItem(team.id, data);
  return redirectWithFlash(request, `/teams/${team.slug}/action-items`, "Action item added to the tracker.");
}

export default function NewActionItem() {
  const { team, members, incidents, defaults } = useLoaderData<typeof loader>();
  const state = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack narrow-form">
      <p className="muted small">
        <Link to={`/teams/${team.slug}/action-items`}>← Action tracker</Link>
      </p>
      <h2>New action item</h2>
      <FormError message={state.formError} />
      <ActionItemForm
        state={state}
        values={defaults}
        members={members}
        incidents={incidents}
        busy={busy}
        submitLabel="Add to tracker"
        className="card"
      />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `New action item · ${data?.team.name ?? "Team"} · Trust Health` },
];
