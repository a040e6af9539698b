import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/field";
import { ActionItemForm, StatusOptions } from "~/components/incidents/action-item-fields";
import { toActionRow } from "~/components/incidents/action-item-table";
import { IncidentsSubnav, OverdueBadge, StatusBadge } from "~/components/incidents/subnav";
import { ACTION_STATUS_LABELS } from "~/domain/incidents";
import { calendarDayIn } from "~/domain/calendar-day";
import { formatInstant } from "~/domain/instant-format";
import { getActionItem, setActionItemStatus, updateActionItem } from "~/models/action-items.server";
import { listIncidentChoices } from "~/models/incidents.server";
import { memberChoices } from "~/models/teams.server";
import { requireTeamRole, safeRedirect } from "~/utils/auth.server";
import { failureOf } from "~/utils/form-state";
import { parseFormData, postedIntent, readFormData } from "~/utils/forms.server";
import { actionItemPageSchema } from "~/utils/incident-forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { invariantResponse, rowId } from "~/utils/invariant";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, team, role } = await requireTeamRole(request, params.slug);
  const item = getActionItem(team.id, rowId(params.id));
  invariantResponse(item, "There is no such action item in this team.", { status: 404 });
  const today = calendarDayIn(new Date(), team.timeZone);
  return json({
    team: { name: team.name, slug: team.slug },
    role,
    item: {
      ...toActionRow(item, { today, timeZone: team.timeZone, userId: user.id, role }),
      notes: item.notes,
      createdAt: formatInstant(item.createdAt, team.timeZone),
      updatedAt: item.updatedAt ? formatInstant(item.updatedAt, team.timeZone) : null,
    },
    editValues: {
      title: item.title,
      ownerId: item.ownerId ? String(item.ownerId) : "",
      dueDate: item.dueDate,
      status: item.status,
      source: item.source,
      incidentId: item.incidentId ? String(item.incidentId) : "",
      notes: item.notes ?? "",
    },
    members: role === "lead" ? memberChoices(team.id) : [],
    incidents:
      role === "lead"
        ? listIncidentChoices(team.id).map((i) => ({
            id: i.id,
            label: `${i.severity} · ${i.title} (${formatInstant(i.startedAt, team.timeZone)})`,
          }))
        : [],
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, team, role } = await requireTeamRole(request, params.slug);
  const item = getActionItem(team.id, rowId(params.id));
  invariantResponse(item, "There is no such action item in this team.", { status: 404 });
  const here = `/teams/${team.slug}/action-items/${item.id}`;
  const form = await readFormData(request);
  // Who may use which form is checked before what it holds.
  const intent = postedIntent(form);
  if (intent === "status" && role !== "lead" && item.ownerId !== user.id)
    throw new Response("Only the item's owner or a team lead can change its status.", { status: 403 });
  if (intent === "edit" && role !== "lead")
    throw new Response("Only a team lead can edit an action item; its owner can change its status.", { status: 403 });
  const { data, failure } = parseFormData(form, actionItemPageSchema(team.id));
  if (failure) return failure;
  switch (data.intent) {
    case "status": {
      setActionItemStatus(team.id, item.id, data.status);
      const back = safeRedirect(data.back, here);
      return redirectWithFlash(
        request,
        back,
        `“${item.title}” is now ${ACTION_STATUS_LABELS[data.status].toLowerCase()}.`,
      );
    }
    case "edit": {
      const { intent: _intent, ...input } = data;
      updateActionItem(team.id, item.id, input);
      return redirectWithFlash(request, here, "Action item saved.");
    }
  }
}

export default function ActionItemPage() {
  const { team, role, item, editValues, members, incidents } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const statusErrors = failureOf(result, "status").errors;
  return (
    <div className="stack">
      <IncidentsSubnav slug={team.slug} role={role} />
      <p className="muted small">
        <Link to={`/teams/${team.slug}/action-items`}>← Action tracker</Link>
      </p>
      <section className={`card${item.overdue ? " overdue" : ""}`} aria-labelledby="item-heading">
        <h2 id="item-heading" style={{ marginTop: 0 }}>
          {item.title} {item.overdue ? <OverdueBadge /> : null}
        </h2>
        <dl className="facts">
          <dt>Owner</dt>
          <dd>{item.ownerName}</dd>
          <dt>Due</dt>
          <dd>{item.dueDate}</dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={item.status} label={item.statusLabel} />
            {item.completedAt ? ` on ${item.completedAt}` : null}
          </dd>
          <dt>Source</dt>
          <dd>
            {item.sourceLabel}
            {item.incidentId ? (
              <>
                {" "}
                of <Link to={`/teams/${team.slug}/incidents/${item.incidentId}`}>{item.incidentTitle}</Link>
              </>
            ) : null}
            {item.premortemId ? (
              <>
                {" "}
                <Link to={`/teams/${team.slug}/premortem/${item.premortemId}`}>{item.premortemTitle}</Link>
              </>
            ) : null}
          </dd>
          <dt>Created</dt>
          <dd>{item.createdAt}</dd>
        </dl>
        {item.notes ? <p className="prewrap">{item.notes}</p> : null}
        <FormError message={failureOf(result).formError} />
        {item.canChangeStatus ? (
          <Form method="post" className="row" noValidate>
            <input type="hidden" name="intent" value="status" />
            <Field name="status" label={item.isMine ? "Your item's status" : "Status"} error={statusErrors.status}>
              <select id="field-status" name="status" defaultValue={item.status} style={{ width: "auto" }}>
                <StatusOptions />
              </select>
            </Field>
            <button type="submit" disabled={busy}>
              Update status
            </button>
          </Form>
        ) : null}
      </section>
      {role === "lead" ? (
        <section className="card" aria-labelledby="edit-heading">
          <h3 id="edit-heading" style={{ marginTop: 0 }}>
            Edit
          </h3>
          <ActionItemForm
            intent="edit"
            state={failureOf(result, "edit")}
            values={editValues}
            members={members}
            incidents={incidents}
            busy={busy}
            submitLabel="Save action item"
          />
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.title ?? "Action item"} · Trust Health` },
];
