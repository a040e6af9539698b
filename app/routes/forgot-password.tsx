import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { EmailField, FormError } from "~/components/field";
import { limitMessage, reserveAction } from "~/models/login-limits.server";
import { getEnv } from "~/utils/env.server";
import { forgotPasswordSchema } from "~/utils/account-forms.server";
import { failureOf } from "~/utils/form-state";
import { formFailure, parseForm } from "~/utils/forms.server";
import { queueResetEmail } from "~/utils/reset-mail.server";
import { publicOrigin } from "~/utils/url.server";

/** Requests per network address per 15 minutes. */
const FORGOT_LIMIT = 10;
const NO_EMAIL = "This installation sends no email. Ask your team lead or an administrator for a password reset link.";
const SENT =
  "If an account uses that address, we have sent it a link to choose a new password. The link works once and expires in an hour. Check your spam folder if it does not arrive.";

export async function loader(_args: LoaderFunctionArgs) {
  return json({ canEmail: Boolean(getEnv().SMTP_URL) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { form, data, failure } = await parseForm(request, forgotPasswordSchema);
  if (failure) return failure;
  if (!getEnv().SMTP_URL) return formFailure(form, {}, 400, NO_EMAIL);
  const client = (context as { clientAddress?: string }).clientAddress ?? "unknown";
  const reservation = reserveAction(`forgot:${client}`, FORGOT_LIMIT);
  if (!reservation.ok) return formFailure(form, {}, 429, limitMessage("address", reservation.minutes));
  // Same answer, same work on the request, whether or not the address has an account.
  queueResetEmail(data.email, publicOrigin(request));
  return json({ ok: true as const, message: SENT });
}

export default function ForgotPassword() {
  const { canEmail } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failure = failureOf(result);
  return (
    <div style={{ maxWidth: 480, margin: "0 auto" }}>
      <h1>Forgot your password?</h1>
      {result?.ok ? (
        <div className="card" role="status">
          <p>{result.message}</p>
          <Link to="/login">Back to sign in</Link>
        </div>
      ) : canEmail ? (
        <div className="card">
          <Form method="post" noValidate>
            <FormError message={failure.formError} />
            <EmailField label="Your email address" defaultValue={failure.values.email} error={failure.errors.email} />
            <button type="submit" disabled={busy}>
              Email me a reset link
            </button>
          </Form>
        </div>
      ) : (
        <p>{NO_EMAIL}</p>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Forgot password · Trust Health" }];
