import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError, NewPasswordFields } from "~/components/field";
import { completePasswordReset, lookupPasswordReset } from "~/models/password-resets.server";
import { resetPasswordSchema } from "~/utils/account-forms.server";
import { failureOf } from "~/utils/form-state";
import { formFailure, parseForm } from "~/utils/forms.server";
import { getSession, signIn } from "~/utils/session.server";

const REASONS = {
  used: "This reset link has already been used. Sign in, or ask for a new link.",
  expired: "This reset link has expired. Ask your lead or an administrator for a new one, or use “Forgot password”.",
  unknown: "This reset link is not valid. Check that you copied all of it.",
} as const;

export async function loader({ params }: LoaderFunctionArgs) {
  const reset = lookupPasswordReset(params.token ?? "");
  if (reset.state !== "valid") {
    return json(
      { reset: { state: reset.state, message: REASONS[reset.state], email: "" } },
      { status: reset.state === "unknown" ? 404 : 410 },
    );
  }
  return json({ reset: { state: "valid" as const, message: "", email: reset.email } });
}

/** Sets the new password, ends every session of the person, and signs this browser in. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { form, data, failure } = await parseForm(request, resetPasswordSchema);
  if (failure) return failure;
  const result = await completePasswordReset(params.token ?? "", data.password);
  if (!result.ok) return formFailure(form, {}, 400, REASONS[result.reason]);
  const session = await getSession(request);
  session.flash("flash", {
    kind: "success",
    message: "Your password is changed. Every other device where you were signed in has been signed out.",
  });
  return redirect("/teams", { headers: { "Set-Cookie": await signIn(request, result.userId, session) } });
}

export default function ResetPassword() {
  const { reset } = useLoaderData<typeof loader>();
  const { errors, formError } = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state === "submitting";
  return (
    <div style={{ maxWidth: 560, margin: "0 auto" }}>
      <h1>Choose a new password</h1>
      {reset.state !== "valid" ? (
        <>
          <div className="alert error" role="alert">
            {reset.message}
          </div>
          <Link to="/login">Go to sign in</Link>
        </>
      ) : (
        <div className="card">
          <p>
            For <strong>{reset.email}</strong>. The link works once; saving signs you out everywhere else.
          </p>
          <Form method="post" noValidate>
            <FormError message={formError} />
            <NewPasswordFields errors={errors} label="New password" repeatLabel="Repeat the new password" />
            <button type="submit" disabled={busy}>
              {busy ? "Saving…" : "Save the new password"}
            </button>
          </Form>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Reset password · Trust Health" }];
