import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ROLES } from "#db/schema";
import { Field, FormError } from "~/components/field";
import { createInvite } from "~/models/invites.server";
import { getMembership, getTeamBySlug, listMembers } from "~/models/teams.server";
import { requireUser } from "~/utils/auth.server";
import { emailField } from "~/utils/form-fields";
import { formFailure, parseForm, type FormFailure } from "~/utils/forms.server";
import { publicOrigin } from "~/utils/url.server";

/** Admins invite into any team; a lead into their own; members get 403, outsiders 404. */
async function requireInviter(request: Request, slug: string | undefined) {
  const user = await requireUser(request);
  const team = slug ? getTeamBySlug(slug) : undefined;
  if (!team) throw new Response("Team not found.", { status: 404 });
  const membership = getMembership(team.id, user.id);
  if (user.isAdmin || membership?.role === "lead") return { user, team, isMember: Boolean(membership) };
  if (membership) throw new Response("Only a team lead or an administrator can invite people.", { status: 403 });
  throw new Response("Team not found.", { status: 404 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team, isMember } = await requireInviter(request, params.slug);
  return json({ team: { name: team.name, slug: team.slug }, isMember });
}

const inviteSchema = z.object({
  email: emailField,
  role: z.enum(ROLES, { error: "Choose lead or member" }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, team } = await requireInviter(request, params.slug);
  const { form, data, failure } = await parseForm(request, inviteSchema);
  if (failure) return failure;
  if (listMembers(team.id).some((m) => m.email === data.email)) {
    return formFailure(form, { email: `${data.email} is already on this team` });
  }
  const token = createInvite({ teamId: team.id, email: data.email, role: data.role, invitedBy: user.id });
  return json({
    ok: true as const,
    link: `${publicOrigin(request)}/invite/${token}`,
    email: data.email,
    role: data.role,
  });
}

type ActionData = FormFailure | { ok: true; link: string; email: string; role: string };

export default function Invite() {
  const { team, isMember } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const failure = result && !result.ok ? result : undefined;
  const values = failure?.values ?? {};
  return (
    <div style={{ maxWidth: 620, margin: "0 auto" }}>
      <p className="muted small">
        {isMember ? <Link to={`/teams/${team.slug}`}>← {team.name}</Link> : <Link to="/teams">← Teams</Link>}
      </p>
      <h1>Invite someone to {team.name}</h1>
      {result?.ok ? (
        <div className="card" role="status">
          <h2 style={{ marginTop: 0 }}>Invite link for {result.email}</h2>
          <p>Send this link to them. It works once and expires in 7 days.</p>
          <code className="copy" data-testid="invite-link">
            {result.link}
          </code>
        </div>
      ) : null}
      <div className="card">
        <Form method="post" noValidate>
          <FormError message={failure?.formError} />
          <Field
            name="email"
            label="Email"
            type="email"
            defaultValue={values.email}
            error={failure?.errors.email}
            required
          />
          <Field name="role" label="Role" error={failure?.errors.role}>
            <select id="field-role" name="role" defaultValue={values.role ?? "member"}>
              <option value="member">Member — answers rituals, sees released results</option>
              <option value="lead">Lead — also manages people, incidents and settings</option>
            </select>
          </Field>
          <button type="submit" disabled={busy}>
            Create invite link
          </button>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Invite · Trust Health" }];
