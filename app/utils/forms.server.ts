import { json } from "@remix-run/node";
import { z } from "zod";

export type FieldErrors = Record<string, string>;
export type FormFailure = { ok: false; errors: FieldErrors; values: Record<string, string>; formError?: string };

/** The submitted text values, so a re-rendered form keeps what was typed (never passwords). */
export function submittedValues(
  form: FormData,
  omit: string[] = ["password", "passwordConfirm", "currentPassword", "newPassword", "newPasswordConfirm"],
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !omit.includes(key) && !(key in values)) values[key] = value;
  }
  return values;
}

/** The first message per field, keyed by the dotted path. */
export function issuesToFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    // A field sent twice arrives as a list: say so in words, not in zod's.
    const message =
      issue.code === "invalid_type" && /received array/.test(issue.message)
        ? "This field was sent more than once; send it once"
        : issue.message;
    if (!(key in errors)) errors[key] = message;
  }
  return errors;
}

// Fields the person never sees: an error on one of them is shown at the top of the form.
const HIDDEN_FIELDS = ["intent", "periodKey", "redirectTo", "form", "inviteId", "userId", "tokenId", "csv"];

export function formFailure(form: FormData, errors: FieldErrors, status = 400, formError?: string) {
  const hidden = HIDDEN_FIELDS.find((key) => key in errors);
  const message =
    formError ??
    (hidden ? `The form could not be read (${errors[hidden]}). Reload the page and try again.` : undefined);
  return json<FormFailure>({ ok: false, errors, values: submittedValues(form), formError: message }, { status });
}

/**
 * The posted form, or an empty one when the body cannot be read as a form (wrong
 * content type, malformed multipart): the action then answers 400 with its field
 * messages instead of throwing a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}

/** Reads the form, parses it with zod and on failure returns the 400 to send back. */
export async function parseForm<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<
  | { form: FormData; data: z.infer<S>; failure?: undefined }
  | { form: FormData; data?: undefined; failure: ReturnType<typeof formFailure> }
> {
  return parseFormData(await readFormData(request), schema);
}

export function parseFormData<S extends z.ZodType>(form: FormData, schema: S) {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = all.length > 1 ? all : all[0];
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { form, failure: formFailure(form, issuesToFieldErrors(parsed.error)) } as const;
  }
  return { form, data: parsed.data as z.infer<S> } as const;
}

// Field schemas live in form-fields.ts (not .server) because route modules build
// their zod schemas at import time, which also runs in the browser bundle.
export { emailField, formText, newPasswordField, optionalText } from "./form-fields";
