import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { toActionRow } from "~/components/incidents/action-item-table";
import { LinkedActions } from "~/components/linked-actions";
import { IncidentsSubnav } from "~/components/incidents/subnav";
import { calendarDayIn } from "~/domain/calendar-day";
import { formatInstant } from "~/domain/instant-format";
import { createActionItem, listActionItems } from "~/models/action-items.server";
import { getPremortem } from "~/models/premortems.server";
import { memberChoices } from "~/models/teams.server";
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
    members: role === "lead" ? memberChoices(team.id) : [],
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
  const page = useLoaderData<typeof loader>();
  const { team, role, premortem } = page;
  const result = failureOf(useActionData<typeof action>());
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
      <LinkedActions kind="premortem" page={page} failure={result} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Pre-mortem: ${data?.premortem.title ?? ""} · Trust Health` },
];
