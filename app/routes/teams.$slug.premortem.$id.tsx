import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/field";
import { ActionItemFields } from "~/components/incidents/action-item-fields";
import { ActionItemTable, toActionRow } from "~/components/incidents/action-item-table";
import { IncidentsSubnav } from "~/components/incidents/subnav";
import { calendarDayIn } from "~/domain/calendar-day";
import { formatInstant } from "~/domain/instant-format";
import { createActionItem, listActionItems } from "~/models/action-items.server";
import { getPremortem } from "~/models/premortems.server";
import { listMembers } from "~/models/teams.server";
import { requireTeamRole } from "~/utils/auth.server";
import { failureOf } from "~/utils/form-state";
import { parseForm } from "~/utils/forms.server";
import { actionItemFormSchema } from "~/utils/incident-forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { invariantResponse, rowId } from "~/utils/invariant";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, team, role } = await requireTeamRole(request, params.slug);
  const premortem = getPremortem(team.id, rowId(params.id));
  invariantResponse(premortem, "There is no such pre-mortem in this team.", { status: 404 });
  const today = calendarDayIn(new Date(), team.timeZone);
  return json({
    team: { name: team.name, slug: team.slug },
    role,
    premortem: {
      id: premortem.id,
      title: premortem.title,
      imaginedFailure: premortem.imaginedFailure,
      causes: premortem.causes,
      createdAt: formatInstant(premortem.createdAt, team.timeZone),
      createdByName: premortem.createdByName,
    },
    actions: listActionItems(team.id, { premortemId: premortem.id }).map((item) =>
      toActionRow(item, { today, timeZone: team.timeZone, userId: user.id, role }),
    ),
    members: role === "lead" ? listMembers(team.id).map((m) => ({ userId: m.userId, displayName: m.displayName })) : [],
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const premortem = getPremortem(team.id, rowId(params.id));
  invariantResponse(premortem, "There is no such pre-mortem in this team.", { status: 404 });
  const { data, failure } = await parseForm(
    request,
    actionItemFormSchema(team.id, {
      source: "premortem",
      status: "open",
      incidentId: null,
    }),
  );
  if (failure) return failure;
  createActionItem(team.id, { ...data, premortemId: premortem.id });
  return redirectWithFlash(
    request,
    `/teams/${team.slug}/premortem/${premortem.id}`,
    "Preventive action added to the tracker.",
  );
}

export default function PremortemPage() {
  const { team, role, premortem, actions, members } = useLoaderData<typeof loader>();
  const result = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack">
      <IncidentsSubnav slug={team.slug} role={role} />
      <p className="muted small">
        <Link to={`/teams/${team.slug}/premortem`}>← Pre-mortems</Link>
      </p>
      <section className="card" aria-labelledby="premortem-heading">
        <h2 id="premortem-heading" style={{ marginTop: 0 }}>
          Pre-mortem: {premortem.title}
        </h2>
        <p className="muted small">
          Held {premortem.createdAt}
          {premortem.createdByName ? ` by ${premortem.createdByName}` : ""}
        </p>
        <h3>Imagined failure</h3>
        <p className="prewrap">{premortem.imaginedFailure}</p>
        <h3>Likely causes</h3>
        <p className="prewrap">{premortem.causes}</p>
      </section>
      <section className="card" aria-labelledby="preventive-heading">
        <h3 id="preventive-heading" style={{ marginTop: 0 }}>
          Preventive actions
        </h3>
        {actions.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <ActionItemTable slug={team.slug} rows={actions} showSource={false} />
        )}
        {role === "lead" ? (
          <Form method="post" noValidate className="subform" aria-labelledby="add-preventive">
            <h4 id="add-preventive">Add a preventive action</h4>
            <FormError message={result.formError} />
            <ActionItemFields
              values={result.values}
              errors={result.errors}
              members={members}
              showSource={false}
              showStatus={false}
            />
            <button type="submit" disabled={busy}>
              Add preventive action
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Pre-mortem: ${data?.premortem.title ?? ""} · Trust Health` },
];
