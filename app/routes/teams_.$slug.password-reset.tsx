import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/field";
import { PostButton } from "~/components/post-button";
import { Table } from "~/components/table";
import { ISSUED_RESET_LIFETIME_MS } from "~/domain/password-resets";
import { issuePasswordReset, mayIssueReset } from "~/models/password-resets.server";
import { getMembership, getTeamBySlug, listMembers } from "~/models/teams.server";
import { requireUser } from "~/utils/auth.server";
import { issueResetSchema } from "~/utils/account-forms.server";
import { formFailure, parseForm } from "~/utils/forms.server";
import { publicOrigin } from "~/utils/url.server";

/** Admins for any team; a lead for their own; members get 403, outsiders 404 (as for invites). */
async function requireResetter(request: Request, slug: string | undefined) {
  const user = await requireUser(request);
  const team = slug ? getTeamBySlug(slug) : undefined;
  if (!team) throw new Response("Team not found.", { status: 404 });
  const membership = getMembership(team.id, user.id);
  if (user.isAdmin || membership?.role === "lead") return { user, team, isMember: Boolean(membership) };
  if (membership) throw new Response("Only a team lead or an administrator can issue reset links.", { status: 403 });
  throw new Response("Team not found.", { status: 404 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, team, isMember } = await requireResetter(request, params.slug);
  const members = listMembers(team.id)
    .filter((m) => m.userId !== user.id)
    .map((m) => ({ userId: m.userId, displayName: m.displayName, email: m.email, role: m.role }));
  return json({ team: { name: team.name, slug: team.slug }, isMember, members });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, team } = await requireResetter(request, params.slug);
  const { form, data, failure } = await parseForm(request, issueResetSchema);
  if (failure) return failure;
  const target = listMembers(team.id).find((m) => m.userId === data.userId);
  if (!target) return formFailure(form, {}, 404, "That person is not on this team.");
  const allowed = mayIssueReset(user, target.userId);
  if (!allowed.ok) return formFailure(form, {}, 403, allowed.message);
  const token = issuePasswordReset(target.userId, user.id, ISSUED_RESET_LIFETIME_MS);
  return json(
    { ok: true as const, link: `${publicOrigin(request)}/reset/${token}`, name: target.displayName },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export default function PasswordResetLinks() {
  const { team, isMember, members } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  return (
    <div style={{ maxWidth: 720, margin: "0 auto" }}>
      <p className="muted small">
        {isMember ? <Link to={`/teams/${team.slug}/settings`}>← Settings</Link> : <Link to="/teams">← Teams</Link>}
      </p>
      <h1>Password reset links for {team.name}</h1>
      <p className="muted">
        For someone who cannot sign in. The link lets them choose a new password; it works once, expires in{" "}
        {ISSUED_RESET_LIFETIME_MS / 3_600_000} hours, replaces any earlier link, and signs them out everywhere when
        used. Hand it to them privately, as you would an invite. A lead can issue links only for people who are on no
        other team; an administrator can for anyone.
      </p>
      <FormError message={failure?.formError} />
      {result?.ok ? (
        <div className="card" role="status">
          <h2 style={{ marginTop: 0 }}>Reset link for {result.name}</h2>
          <code className="copy" data-testid="reset-link">
            {result.link}
          </code>
        </div>
      ) : null}
      <Table columns={["Name", "Email", "Role", "Reset link"]}>
        {members.map((m) => (
          <tr key={m.userId}>
            <td>{m.displayName}</td>
            <td>{m.email}</td>
            <td>{m.role}</td>
            <td>
              <PostButton
                intent="reset"
                fields={{ userId: m.userId }}
                className="secondary"
                aria-label={`Make a reset link for ${m.displayName}`}
              >
                Make a reset link
              </PostButton>
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Password reset links · Trust Health" }];
