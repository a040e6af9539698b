import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/field";
import { Table } from "~/components/table";
import { TimeZoneOptions } from "~/components/time-zone-select";
import { allTimeZones, slugField, slugify, teamNameField, thresholdField, timeZoneField } from "~/domain/teams";
import { createTeam, getTeamBySlug, listAllTeams, listTeamsForUser } from "~/models/teams.server";
import { requireAdmin, requireUser } from "~/utils/auth.server";
import { formFailure, parseForm, type FormFailure } from "~/utils/forms.server";
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

const createTeamSchema = z.object({
  name: teamNameField,
  slug: z.string().optional(),
  timeZone: timeZoneField,
  threshold: thresholdField.default(3),
});

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const { form, data, failure } = await parseForm(request, createTeamSchema);
  if (failure) return failure;
  const slugInput = data.slug?.trim() ? data.slug : slugify(data.name);
  const slug = slugField.safeParse(slugInput);
  if (!slug.success) return formFailure(form, { slug: slug.error.issues[0]!.message });
  if (getTeamBySlug(slug.data))
    return formFailure(form, { slug: `The address "${slug.data}" is taken by another team` });
  const team = createTeam({ name: data.name, slug: slug.data, timeZone: data.timeZone, threshold: data.threshold });
  // The admin is not a member of the new team, so the next step is inviting its lead.
  return redirectWithFlash(
    request,
    `/teams/${team.slug}/invite`,
    `Team ${team.name} created. Invite its lead now; the lead invites the rest of the team.`,
  );
}

export default function Teams() {
  const { isAdmin, mine, others, timeZones } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  const values = result?.values ?? {};
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
              <FormError message={result?.formError} />
              <Field name="name" label="Team name" defaultValue={values.name} error={result?.errors.name} required />
              <Field
                name="slug"
                label="Address"
                hint="Used in links: /teams/your-address. Leave empty to derive it from the name."
                defaultValue={values.slug}
                error={result?.errors.slug}
              />
              <Field
                name="timeZone"
                label="Time zone"
                hint="Weekly checks run Monday to Sunday in this time zone."
                error={result?.errors.timeZone}
              >
                {(control) => (
                  <select {...control} defaultValue={values.timeZone ?? "UTC"}>
                    <TimeZoneOptions zones={timeZones} />
                    {values.timeZone && !timeZones.includes(values.timeZone) ? (
                      <option value={values.timeZone}>{values.timeZone}</option>
                    ) : null}
                  </select>
                )}
              </Field>
              <Field
                name="threshold"
                label="Anonymity threshold"
                type="number"
                hint="No result is shown for fewer answers than this. Never below 3."
                defaultValue={values.threshold ?? "3"}
                error={result?.errors.threshold}
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
