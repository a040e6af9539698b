import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CopyButton } from "~/components/copy-button";
import { Field, FormError } from "~/components/field";
import { MAX_INVITES_AT_ONCE, parseInviteList } from "~/domain/invite-list";
import { createInvite } from "~/models/invites.server";
import { getMembership, getTeamBySlug, listMembers } from "~/models/teams.server";
import { requireUser } from "~/utils/auth.server";
import { inviteMail, sendInviteMails } from "~/utils/invite-mail.server";
import { mailerFromEnv } from "~/utils/mail.server";
import { formFailure, parseForm } from "~/utils/forms.server";
import { inviteSchema } from "~/utils/team-forms.server";
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
  return json({ team: { name: team.name, slug: team.slug }, isMember, emailsInvites: Boolean(mailerFromEnv()) });
}

type Created = { email: string; link: string; emailed: boolean | null };
type InviteResult = {
  ok: boolean;
  created: Created[];
  /** One message per entry that was not invited. */
  problems: string[];
  /** What stays in the box: the entries that were not invited, one per line. */
  values: { email: string; role: string };
  /** Changes with every answer, so the form is drawn afresh with what is left to fix. */
  submission: string;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, team } = await requireInviter(request, params.slug);
  const { form, data, failure } = await parseForm(request, inviteSchema);
  if (failure) return failure;
  const entries = parseInviteList(data.email);
  if (entries.length === 0) return formFailure(form, { email: "Enter at least one email address" });
  if (entries.length > MAX_INVITES_AT_ONCE)
    return formFailure(form, {
      email: `Paste at most ${MAX_INVITES_AT_ONCE} addresses at once (${entries.length} given)`,
    });

  const members = new Set(listMembers(team.id).map((m) => m.email));
  const origin = publicOrigin(request);
  const created: Array<Omit<Created, "emailed">> = [];
  const problems: string[] = [];
  const leftOver: string[] = [];
  for (const entry of entries) {
    if ("error" in entry) {
      problems.push(entry.error);
      // An address to fix stays in the box; a repeat was invited by its first line.
      if (entry.kind === "invalid") leftOver.push(entry.text);
    } else if (members.has(entry.email)) {
      problems.push(`Line ${entry.line}: ${entry.email} is already on this team`);
    } else {
      const token = createInvite({ teamId: team.id, email: entry.email, role: data.role, invitedBy: user.id });
      created.push({ email: entry.email, link: `${origin}/invite/${token}` });
    }
  }
  const emailed = await sendInviteMails(
    created.map((c) => inviteMail({ to: c.email, teamName: team.name, inviterName: user.displayName, link: c.link })),
  );
  return json<InviteResult>(
    {
      ok: problems.length === 0,
      created: created.map((c, i) => ({ ...c, emailed: emailed ? emailed[i]! : null })),
      problems,
      values: { email: leftOver.join("\n"), role: data.role },
      submission: crypto.randomUUID(),
    },
    // A 4xx means nothing was stored; when some were invited the answer is a 200 that lists the rest.
    { status: created.length > 0 ? 200 : 400 },
  );
}

export default function Invite() {
  const { team, isMember, emailsInvites } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const created = result && "created" in result ? result.created : [];
  const problems = result && "created" in result ? result.problems : [];
  const fieldErrors = result && "errors" in result ? result.errors : {};
  const values = result?.values ?? {};
  const emailError = fieldErrors.email;
  const messages = emailError ? [emailError] : problems;
  const describedBy = ["field-email-hint", ...messages.map((_, i) => `field-email-error-${i}`)];
  return (
    <div style={{ maxWidth: 620, margin: "0 auto" }}>
      <p className="muted small">
        {isMember ? <Link to={`/teams/${team.slug}`}>← {team.name}</Link> : <Link to="/teams">← Teams</Link>}
      </p>
      <h1>Invite someone to {team.name}</h1>
      {created.length > 0 ? (
        <section className="card" role="status" aria-labelledby="links-heading">
          <h2 id="links-heading" style={{ marginTop: 0 }}>
            {created.length === 1 ? `Invite link for ${created[0]!.email}` : `${created.length} invite links`}
          </h2>
          <p>
            {emailsInvites
              ? "Each person was emailed their link. You can also send it yourself."
              : "Send each person their link."}{" "}
            A link works once and expires in 7 days.
          </p>
          <ul className="invite-links">
            {created.map((c) => (
              <li key={c.link}>
                <div className="spread">
                  <strong>{c.email}</strong>
                  <CopyButton text={c.link} label={`Copy the link for ${c.email}`} />
                </div>
                <code className="copy" data-testid="invite-link">
                  {c.link}
                </code>
                {c.emailed === true ? <p className="small muted">Emailed.</p> : null}
                {c.emailed === false ? (
                  <p className="small field-error">The email could not be sent: send this link yourself.</p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="card">
        <Form key={result && "submission" in result ? result.submission : "first"} method="post" noValidate>
          <FormError message={result && "formError" in result ? result.formError : undefined} />
          <Field
            name="email"
            label="Email addresses"
            hint="One per line, or separated by commas. Everyone on the list gets their own link."
          >
            {(control) => (
              <>
                <textarea
                  {...control}
                  rows={4}
                  defaultValue={values.email}
                  required
                  aria-invalid={messages.length > 0 ? true : undefined}
                  aria-describedby={describedBy.join(" ")}
                />
                {/* One message per entry that was not invited, each announced on its own. */}
                {messages.map((p, i) => (
                  <div key={p} className="field-error" id={`field-email-error-${i}`} role="alert">
                    {p}
                  </div>
                ))}
              </>
            )}
          </Field>
          <Field name="role" label="Role" error={fieldErrors.role}>
            <select id="field-role" name="role" defaultValue={values.role ?? "member"}>
              <option value="member">Member — answers rituals, sees released results</option>
              <option value="lead">Lead — also manages people, incidents and settings</option>
            </select>
          </Field>
          <button type="submit" disabled={busy}>
            Create invite links
          </button>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Invite · Trust Health" }];
