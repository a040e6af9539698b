import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/field";
import { Table } from "~/components/table";
import { TimeZoneField } from "~/components/time-zone-select";
import { allTimeZones } from "~/domain/teams";
import { createTeam, getTeamBySlug, listAllTeams, listTeamsForUser } from "~/models/teams.server";
import { requireAdmin, requireUser } from "~/utils/auth.server";
import { failureOf } from "~/utils/form-state";
import { formFailure, parseForm } from "~/utils/forms.server";
import { createTeamSchema } from "~/utils/team-forms.server";
import { redirectWithFlash } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const mine = listTeamsForUser(user.id).map((t) => ({
    slug: t.slug,
    name: t.name,
    role: t.role,
    timeZone: t.timeZone,
  }));
  const mySlugs = new Set(mine.map((t) => t.slug));
  const others = user.isAdmin
    ? listAllTeams()
        .filter((t) => !mySlugs.has(t.slug))
        .map((t) => ({ slug: t.slug, name: t.name, timeZone: t.timeZone }))
    : [];
  return json({ isAdmin: user.isAdmin, mine, others, timeZones: user.isAdmin ? allTimeZones() : [] });
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const { form, data, failure } = await parseForm(request, createTeamSchema);
  if (failure) return failure;
  if (getTeamBySlug(data.slug))
    return formFailure(form, { slug: `The address "${data.slug}" is taken by another team` });
  const team = createTeam(data);
  // The admin is not a member of the new team, so the next step is inviting its lead.
  return redirectWithFlash(
    request,
    `/teams/${team.slug}/invite`,
    `Team ${team.name} created. Invite its lead now; the lead invites the rest of the team.`,
  );
}

export default function Teams() {
  const { isAdmin, mine, others, timeZones } = useLoaderData<typeof loader>();
  const { values, errors, formError } = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>Your teams</h1>
      {mine.length === 0 ? (
        <p className="muted">
          {isAdmin
            ? "You are not a member of any team yet. Administrators see every team below."
            : "You are not on a team yet. Ask a lead for an invite link."}
        </p>
      ) : (
        <div className="grid">
          {mine.map((team) => (
            <Link
              key={team.slug}
              to={`/teams/${team.slug}`}
              className="card"
              style={{ textDecoration: "none", color: "inherit" }}
            >
              <h2 style={{ marginTop: 0 }}>{team.name}</h2>
              <span className={`badge ${team.role === "lead" ? "lead" : ""}`}>{team.role}</span>{" "}
              <span className="muted small">{team.timeZone}</span>
            </Link>
          ))}
        </div>
      )}
      {isAdmin ? (
        <>
          <h2>All teams in the organisation</h2>
          {others.length === 0 ? (
            <p className="muted">No other teams.</p>
          ) : (
            <Table cards columns={["Team", "Time zone", "People"]}>
              {others.map((t) => (
                <tr key={t.slug}>
                  <td>{t.name}</td>
                  <td>{t.timeZone}</td>
                  <td>
                    <Link to={`/teams/${t.slug}/invite`}>Invite someone</Link> ·{" "}
                    <Link to={`/teams/${t.slug}/password-reset`}>Password reset links</Link>
                  </td>
                </tr>
              ))}
            </Table>
          )}
          <p className="muted small">
            Administrators manage teams and people but are not members of a team unless invited; they never see a team's
            answers.
          </p>
          <h2 id="create-team">Create a team</h2>
          <div className="card" style={{ maxWidth: 560 }}>
            <Form method="post" noValidate aria-labelledby="create-team">
              <FormError message={formError} />
              <Field name="name" label="Team name" defaultValue={values.name} error={errors.name} required />
              <Field
                name="slug"
                label="Address"
                hint="Used in links: /teams/your-address. Leave empty to derive it from the name."
                defaultValue={values.slug}
                error={errors.slug}
              />
              <TimeZoneField zones={timeZones} value={values.timeZone ?? "UTC"} error={errors.timeZone} />
              <Field
                name="threshold"
                label="Anonymity threshold"
                type="number"
                hint="No result is shown for fewer answers than this. Never below 3."
                defaultValue={values.threshold ?? "3"}
                error={errors.threshold}
                inputProps={{ min: 3, step: 1 }}
              />
              <button type="submit" disabled={busy}>
                Create team
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Teams · Trust Health" }];
