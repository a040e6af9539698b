import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { EmailField, Field, FormError } from "~/components/field";
import { limitMessage, loginSucceeded, reserveLoginAttempt } from "~/models/login-limits.server";
import { getUserByEmail } from "~/models/users.server";
import { getUser, safeRedirect } from "~/utils/auth.server";
import { loginSchema } from "~/utils/account-forms.server";
import { failureOf } from "~/utils/form-state";
import { formFailure, parseForm } from "~/utils/forms.server";
import { DUMMY_HASH, verifyPassword } from "~/utils/password.server";
import { getEnv } from "~/utils/env.server";
import { signIn } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  const user = await getUser(request);
  if (user) throw redirect(redirectTo);
  return { redirectTo, canEmailReset: Boolean(getEnv().SMTP_URL) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { form, data, failure } = await parseForm(request, loginSchema);
  if (failure) return failure;
  const client = (context as { clientAddress?: string }).clientAddress;
  // The attempt is reserved before the slow hash runs, so a burst of guesses cannot all be checked.
  const reservation = reserveLoginAttempt(data.email, client);
  if (!reservation.ok) return formFailure(form, {}, 429, limitMessage(reservation.kind, reservation.minutes));
  const user = getUserByEmail(data.email);
  // Verify against a dummy hash for unknown emails so timing does not reveal who has an account.
  const ok = await verifyPassword(data.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) {
    return formFailure(form, { password: "That email and password do not match an account." }, 400);
  }
  loginSucceeded(data.email, reservation.ids);
  return redirect(safeRedirect(data.redirectTo), { headers: { "Set-Cookie": await signIn(request, user.id) } });
}

export default function Login() {
  const { redirectTo, canEmailReset } = useLoaderData<typeof loader>();
  const { values, errors, formError } = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state === "submitting";
  return (
    <div style={{ maxWidth: 480, margin: "0 auto" }}>
      <h1>Sign in</h1>
      <div className="card">
        <Form method="post" noValidate>
          <FormError message={formError} />
          <input type="hidden" name="redirectTo" value={values.redirectTo ?? redirectTo} />
          <EmailField defaultValue={values.email} error={errors.email} />
          <Field
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            error={errors.password}
            required
          />
          <button type="submit" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </Form>
      </div>
      <p className="muted small">
        {canEmailReset ? (
          <>
            <Link to="/forgot-password">Forgot your password?</Link>{" "}
          </>
        ) : (
          "Forgot your password? Ask your team lead or an administrator for a reset link. "
        )}
        New here? Ask your team lead for an invite link.
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Sign in · Trust Health" }];
