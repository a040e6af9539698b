import { json } from "@remix-run/node";
import { z } from "zod";

export type FieldErrors = Record<string, string>;
export type FormFailure = { ok: false; errors: FieldErrors; values: Record<string, string>; formError?: string };

/** The submitted text values, so a re-rendered form keeps what was typed (never passwords). */
export function submittedValues(form: FormData, omit: string[] = ["password", "passwordConfirm"]): Record<string, string> {
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
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors;
}

export function formFailure(form: FormData, errors: FieldErrors, status = 400, formError?: string) {
  return json<FormFailure>({ ok: false, errors, values: submittedValues(form), formError }, { status });
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
): Promise<{ form: FormData; data: z.infer<S>; failure?: undefined } | { form: FormData; data?: undefined; failure: ReturnType<typeof formFailure> }> {
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
