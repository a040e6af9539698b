import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { Field, FormError, NewPasswordFields } from "~/components/field";
import { acceptInvite, lookupInvite } from "~/models/invites.server";
import { getUser } from "~/utils/auth.server";
import { newAccountSchema } from "~/utils/account-forms.server";
import { failureOf } from "~/utils/form-state";
import { formFailure, parseForm, readFormData } from "~/utils/forms.server";
import { commitSession, getSession, signIn } from "~/utils/session.server";

const REASONS = {
  used: "This invite link has already been used. Sign in instead, or ask your lead for a new link.",
  expired: "This invite link has expired. Ask your lead for a new one.",
  unknown: "This invite link is not valid. Check that you copied all of it.",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invite = lookupInvite(params.token ?? "");
  if (invite.state !== "valid") {
    return json(
      { invite: { state: invite.state, message: REASONS[invite.state] }, signedInAs: null },
      { status: invite.state === "unknown" ? 404 : 410 },
    );
  }
  const user = await getUser(request);
  return json({
    invite: {
      state: "valid" as const,
      email: invite.email,
      role: invite.role,
      teamName: invite.teamName,
      hasAccount: invite.existingUserId !== null,
    },
    signedInAs: user ? { email: user.email, isInvitee: user.id === invite.existingUserId } : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const invite = lookupInvite(token);
  if (invite.state !== "valid") {
    const form = await readFormData(request);
    return formFailure(form, {}, 400, REASONS[invite.state]);
  }
  if (invite.existingUserId !== null) {
    // Someone who already has an account joins by signing in as themselves.
    const user = await getUser(request);
    if (!user || user.id !== invite.existingUserId) {
      throw redirect(`/login?redirectTo=${encodeURIComponent(`/invite/${token}`)}`);
    }
    const result = await acceptInvite(token, { existingUserId: user.id });
    if (!result.ok) return formFailure(new FormData(), {}, 400, REASONS[result.reason]);
    const session = await getSession(request);
    session.flash("flash", { kind: "success", message: `You joined ${invite.teamName}.` });
    return redirect(`/teams/${result.teamSlug}`, { headers: { "Set-Cookie": await commitSession(request, session) } });
  }
  const { form, data, failure } = await parseForm(request, newAccountSchema);
  if (failure) return failure;
  const result = await acceptInvite(token, data);
  if (!result.ok) return formFailure(form, {}, 400, REASONS[result.reason]);
  const session = await getSession(request);
  session.flash("flash", { kind: "success", message: `Welcome to ${invite.teamName}!` });
  return redirect(`/teams/${result.teamSlug}`, {
    headers: { "Set-Cookie": await signIn(request, result.userId, session) },
  });
}

export default function AcceptInvite() {
  const { invite, signedInAs } = useLoaderData<typeof loader>();
  const { values, errors, formError } = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state === "submitting";
  const { token } = useParams();
  if (invite.state !== "valid") {
    return (
      <div style={{ maxWidth: 560, margin: "0 auto" }}>
        <h1>Invite link</h1>
        <div className="alert error" role="alert">
          {invite.message}
        </div>
        <Link to="/login">Go to sign in</Link>
      </div>
    );
  }
  return (
    <div style={{ maxWidth: 560, margin: "0 auto" }}>
      <h1>Join {invite.teamName}</h1>
      <p className="muted">
        You were invited as a <strong>{invite.role}</strong> with <strong>{invite.email}</strong>.
      </p>
      <div className="card">
        <FormError message={formError} />
        {invite.hasAccount ? (
          signedInAs?.isInvitee ? (
            <Form method="post">
              <button type="submit">Join {invite.teamName}</button>
            </Form>
          ) : (
            <p>
              You already have an account.{" "}
              <Link to={`/login?redirectTo=${encodeURIComponent(`/invite/${token}`)}`}>Sign in as {invite.email}</Link>{" "}
              and open this link again to join.
            </p>
          )
        ) : (
          <Form method="post" noValidate>
            <Field
              name="displayName"
              label="Your name"
              hint="Shown to your team."
              autoComplete="name"
              defaultValue={values.displayName}
              error={errors.displayName}
              required
            />
            <NewPasswordFields errors={errors} />
            <button type="submit" disabled={busy}>
              {busy ? "Joining…" : "Create account and join"}
            </button>
          </Form>
        )}
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Join a team · Trust Health" }];
