/**
 * The one way a route turns a posted form into typed values or field messages
 * (docs/decisions/0010-one-form-path.md): `parseForm` reads the body, zod parses it,
 * and a failure becomes a 400 whose body (`FormFailure`) carries the messages beside
 * their fields and everything that was typed, checkbox lists included.
 */
import { json } from "@remix-run/node";
import { z } from "zod";
import { issuesToFieldErrors } from "~/domain/field-errors";
import type { FieldErrors, FormFailure } from "./form-state";

export { issuesToFieldErrors, prefixErrors } from "~/domain/field-errors";
export type { FieldErrors, FormFailure } from "./form-state";

const PASSWORDS = ["password", "passwordConfirm", "currentPassword", "newPassword", "newPasswordConfirm"];

/** The submitted values, so a re-rendered form keeps what was typed (never passwords). */
export function submittedValues(form: FormData, omit: string[] = PASSWORDS): Pick<FormFailure, "values" | "lists"> {
  // A Map, so a field named like an Object property ("__proto__", "constructor") is only a field.
  const all = new Map<string, string[]>();
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || omit.includes(key)) continue;
    const list = all.get(key);
    if (list) list.push(value);
    else all.set(key, [value]);
  }
  const entries = [...all];
  return {
    values: Object.fromEntries(entries.map(([key, list]) => [key, list[0] ?? ""])),
    lists: Object.fromEntries(entries),
  };
}

// Fields the person never sees: an error on one of them is shown at the top of the form.
const HIDDEN_FIELDS = ["intent", "periodKey", "redirectTo", "form", "inviteId", "userId", "tokenId", "csv"];

/** The 4xx answer to a form: messages beside their fields, what was typed, and a message above the form. */
export function formFailure(form: FormData, errors: FieldErrors, status = 400, formError?: string) {
  const hidden = HIDDEN_FIELDS.find((key) => key in errors);
  const message =
    formError ??
    (hidden ? `The form could not be read (${errors[hidden]}). Reload the page and try again.` : undefined);
  return json<FormFailure>({ ok: false, errors, ...submittedValues(form), formError: message }, { status });
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

/**
 * A form with several buttons: one zod object per intent, told apart by the `intent` field.
 * An unknown intent is an out-of-date page, answered above the form.
 */
export function intents<
  const T extends readonly [
    z.ZodObject<{ intent: z.ZodLiteral<string> }>,
    ...z.ZodObject<{ intent: z.ZodLiteral<string> }>[],
  ],
>(options: T) {
  return z.discriminatedUnion("intent", options as unknown as [T[number], ...T[number][]], {
    error: "This form is out of date. Reload the page and try again.",
  });
}

/**
 * The intent a form was posted with, before it is parsed: only for a guard that answers 403
 * to a person who may not use that form at all, whatever it holds.
 */
export function postedIntent(form: FormData): string | null {
  const intent = form.get("intent");
  return typeof intent === "string" ? intent : null;
}

/** Reads the form, parses it with zod and on failure returns the 400 to send back. */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S) {
  return parseFormData(await readFormData(request), schema);
}

/**
 * Parses an already-read form (when the schema depends on a field, as the survey's questions
 * depend on its quarter). A field sent once is a string, a field sent more than once a list.
 */
export function parseFormData<S extends z.ZodType>(
  form: FormData,
  schema: S,
):
  | { form: FormData; data: z.output<S>; failure?: undefined }
  | { form: FormData; data?: undefined; failure: ReturnType<typeof formFailure> } {
  const parsed = schema.safeParse(formFields(form));
  if (!parsed.success) return { form, failure: formFailure(form, issuesToFieldErrors(parsed.error)) };
  return { form, data: parsed.data };
}

function formFields(form: FormData): Record<string, unknown> {
  return Object.fromEntries(
    [...new Set(form.keys())].map((key) => {
      const all = form.getAll(key).filter((v): v is string => typeof v === "string");
      return [key, all.length > 1 ? all : all[0]];
    }),
  );
}

// Field schemas live in form-fields.ts, which only server modules import.
export { emailField, formText, newPasswordField, optionalText } from "./form-fields";
