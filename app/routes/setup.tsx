import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { EmailField, Field, FormError, NewPasswordFields } from "~/components/field";
import { createFirstAdmin, hasAnyUser } from "~/models/users.server";
import { setupSchema } from "~/utils/account-forms.server";
import { failureOf } from "~/utils/form-state";
import { formFailure, parseForm } from "~/utils/forms.server";
import { getSession, signIn } from "~/utils/session.server";

export async function loader() {
  // /setup exists only until the first person has been created.
  if (hasAnyUser()) throw new Response("This installation is already set up.", { status: 404 });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  if (hasAnyUser()) throw new Response("This installation is already set up.", { status: 404 });
  const { form, data, failure } = await parseForm(request, setupSchema);
  if (failure) return failure;
  const admin = await createFirstAdmin(data);
  if (!admin) return formFailure(form, {}, 409, "Someone else has just set up this installation. Sign in instead.");
  const session = await getSession(request);
  session.flash("flash", { kind: "success", message: "Welcome! You are the administrator. Create your first team." });
  return redirect("/teams", { headers: { "Set-Cookie": await signIn(request, admin.id, session) } });
}

export default function Setup() {
  const { values, errors, formError } = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow-page" style={{ maxWidth: 560, margin: "0 auto" }}>
      <h1>Set up Trust Health</h1>
      <p className="muted">
        This installation is empty. Create the first administrator account; you can invite everyone else afterwards.
      </p>
      <div className="card">
        <Form method="post" noValidate>
          <FormError message={formError} />
          <Field
            name="displayName"
            label="Your name"
            autoComplete="name"
            defaultValue={values.displayName}
            error={errors.displayName}
            required
          />
          <EmailField defaultValue={values.email} error={errors.email} />
          <NewPasswordFields errors={errors} />
          <button type="submit" disabled={busy}>
            {busy ? "Creating…" : "Create administrator"}
          </button>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Set up · Trust Health" }];
