import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError, NewPasswordFields } from "~/components/field";
import { createFirstAdmin, hasAnyUser } from "~/models/users.server";
import { emailField, formText, newPasswordField } from "~/utils/form-fields";
import { formFailure, parseForm, type FormFailure } from "~/utils/forms.server";
import { getSession, signIn } from "~/utils/session.server";

export async function loader() {
  // /setup exists only until the first person has been created.
  if (hasAnyUser()) throw new Response("This installation is already set up.", { status: 404 });
  return null;
}

const setupSchema = z
  .object({
    displayName: formText(100).min(1, "Enter your name"),
    email: emailField,
    password: newPasswordField,
    passwordConfirm: z.string({ error: "Repeat the password" }),
  })
  .refine((v) => v.password === v.passwordConfirm, {
    path: ["passwordConfirm"],
    message: "The passwords do not match",
  });

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
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  const values = result?.values ?? {};
  return (
    <div className="narrow-page" style={{ maxWidth: 560, margin: "0 auto" }}>
      <h1>Set up Trust Health</h1>
      <p className="muted">
        This installation is empty. Create the first administrator account; you can invite everyone else afterwards.
      </p>
      <div className="card">
        <Form method="post" noValidate>
          <FormError message={result?.formError} />
          <Field
            name="displayName"
            label="Your name"
            autoComplete="name"
            defaultValue={values.displayName}
            error={result?.errors.displayName}
            required
          />
          <Field
            name="email"
            label="Email"
            type="email"
            autoComplete="email"
            defaultValue={values.email}
            error={result?.errors.email}
            required
          />
          <NewPasswordFields errors={result?.errors} />
          <button type="submit" disabled={busy}>
            {busy ? "Creating…" : "Create administrator"}
          </button>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Set up · Trust Health" }];
