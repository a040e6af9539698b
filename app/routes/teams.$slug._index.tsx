import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { listPendingInvites, revokeInvite } from "~/models/invites.server";
import { listMembers } from "~/models/teams.server";
import { requireTeamRole } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms.server";
import { redirectWithFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, team, role } = await requireTeamRole(request, params.slug);
  const members = listMembers(team.id).map((m) => ({ userId: m.userId, displayName: m.displayName, role: m.role, isMe: m.userId === user.id }));
  const invites =
    role === "lead"
      ? listPendingInvites(team.id).map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString() }))
      : [];
  return json({ team: { name: team.name, slug: team.slug, timeZone: team.timeZone, threshold: team.threshold }, role, members, invites });
}

const revokeSchema = z.object({ intent: z.literal("revoke-invite"), inviteId: z.coerce.number().int().positive() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const { data, failure } = await parseForm(request, revokeSchema);
  if (failure) return failure;
  revokeInvite(team.id, data.inviteId);
  return redirectWithFlash(request, `/teams/${team.slug}`, "Invite revoked.");
}

export default function TeamHome() {
  const { team, role, members, invites } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <section className="card" aria-labelledby="members-heading">
        <div className="spread">
          <h2 id="members-heading" style={{ marginTop: 0 }}>
            Members ({members.length})
          </h2>
          {role === "lead" ? (
            <Link className="button secondary" to={`/teams/${team.slug}/invite`}>
              Invite someone
            </Link>
          ) : null}
        </div>
        <ul>
          {members.map((m) => (
            <li key={m.userId}>
              {m.displayName} {m.isMe ? <span className="muted">(you)</span> : null} {m.role === "lead" ? <span className="badge lead">lead</span> : null}
            </li>
          ))}
        </ul>
        <p className="muted small">
          Time zone {team.timeZone}. Results are shown only for {team.threshold} or more answers, and only after a check has closed.
        </p>
      </section>
      {role === "lead" ? (
        <section className="card" aria-labelledby="invites-heading">
          <h2 id="invites-heading" style={{ marginTop: 0 }}>
            Pending invites
          </h2>
          {invites.length === 0 ? (
            <p className="muted">No pending invites.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Email</th>
                    <th>Role</th>
                    <th>Expires</th>
                    <th>
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {invites.map((i) => (
                    <tr key={i.id}>
                      <td>{i.email}</td>
                      <td>{i.role}</td>
                      <td>{new Date(i.expiresAt).toUTCString().slice(0, 16)}</td>
                      <td>
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke-invite" />
                          <input type="hidden" name="inviteId" value={i.id} />
                          <button type="submit" className="link">
                            Revoke
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.team.name ?? "Team"} · Trust Health` }];
