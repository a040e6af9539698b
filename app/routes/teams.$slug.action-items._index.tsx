import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Field, FieldError } from "~/components/field";
import { ActionItemTable, toActionRow } from "~/components/incidents/action-item-table";
import { IncidentsSubnav } from "~/components/incidents/subnav";
import { MemberOptions, StatusOptions } from "~/components/incidents/action-item-fields";
import { calendarDayIn } from "~/domain/calendar-day";
import { countActionItems, listActionItems, type ActionItemFilters } from "~/models/action-items.server";
import { memberChoices } from "~/models/teams.server";
import { requireTeamRole } from "~/utils/auth.server";
import { issuesToFieldErrors } from "~/utils/forms.server";
import { trackerQuerySchema } from "~/utils/incident-filters.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, team, role } = await requireTeamRole(request, params.slug);
  const today = calendarDayIn(new Date(), team.timeZone);
  const members = memberChoices(team.id);
  const url = new URL(request.url);
  const raw = {
    status: url.searchParams.get("status") ?? "active",
    owner: url.searchParams.get("owner") ?? "",
    overdue: url.searchParams.get("overdue") ?? "",
  };
  const parsed = trackerQuerySchema.safeParse(raw);
  const errors: Record<string, string> = {};
  const filters: ActionItemFilters = {};
  if (!parsed.success) Object.assign(errors, issuesToFieldErrors(parsed.error, "data"));
  const q = parsed.success ? parsed.data : { status: "active" as const, owner: "", overdue: "" };
  if (q.status !== "all") filters.status = q.status;
  if (q.owner === "me") filters.ownerId = user.id;
  else if (q.owner !== "") filters.ownerId = Number(q.owner);
  if (q.overdue === "1") filters.overdueOn = today;

  const rows = listActionItems(team.id, filters).map((item) =>
    toActionRow(item, { today, timeZone: team.timeZone, userId: user.id, role }),
  );
  return json(
    {
      team: { name: team.name, slug: team.slug },
      role,
      rows,
      members,
      values: raw,
      errors,
      counts: {
        active: countActionItems(team.id, { status: "active" }),
        overdue: countActionItems(team.id, { overdueOn: today }),
        mine: countActionItems(team.id, { status: "active", ownerId: user.id }),
      },
    },
    { status: parsed.success ? 200 : 400 },
  );
}

export default function ActionTracker() {
  const { team, role, rows, members, values, errors, counts } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <IncidentsSubnav slug={team.slug} role={role} />
      <div className="spread">
        <div>
          <h2 style={{ margin: 0 }}>Action tracker</h2>
          <p className="muted small" style={{ margin: 0 }}>
            {counts.active} open, <Link to="?overdue=1">{counts.overdue} overdue</Link>,{" "}
            <Link to="?owner=me">{counts.mine} yours</Link>. Everyone on the team sees this list; owners update their
            own items.
          </p>
        </div>
        <div className="row">
          <Link className="button secondary" to={`/teams/${team.slug}/review`}>
            Two-weekly review
          </Link>
          <a className="button secondary" href={`/teams/${team.slug}/action-items.csv`} download>
            Export CSV
          </a>
          {role === "lead" ? (
            <Link className="button" to={`/teams/${team.slug}/action-items/new`}>
              New action item
            </Link>
          ) : null}
        </div>
      </div>
      <Form method="get" className="card filters" aria-label="Filter action items">
        <div className="grid">
          <Field name="status" id="filter-status" label="Status" error={errors.status} defaultValue={values.status}>
            {(control) => (
              <select {...control}>
                <option value="active">Open or in progress</option>
                <option value="all">All</option>
                <StatusOptions />
              </select>
            )}
          </Field>
          <Field name="owner" id="filter-owner" label="Owner" error={errors.owner} defaultValue={values.owner}>
            {(control) => (
              <select {...control}>
                <option value="">Everyone</option>
                <option value="me">Me</option>
                <MemberOptions members={members} />
              </select>
            )}
          </Field>
          <div className="field">
            <span className="label">Due</span>
            <label className="choice">
              <input type="checkbox" name="overdue" value="1" defaultChecked={values.overdue === "1"} /> Overdue only
            </label>
            <FieldError message={errors.overdue} />
          </div>
        </div>
        <div className="row">
          <button type="submit">Filter</button>
          <Link to={`/teams/${team.slug}/action-items`}>Clear</Link>
        </div>
      </Form>
      {rows.length === 0 ? (
        <p className="muted">No action items match.</p>
      ) : (
        <ActionItemTable slug={team.slug} rows={rows} />
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Action tracker · ${data?.team.name ?? "Team"} · Trust Health` },
];
