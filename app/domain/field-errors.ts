/**
 * Zod issues as messages, keyed by field: the one place this is written, for forms
 * (app/utils/forms.server.ts), the JSON API, CSV import, pager webhooks and query strings.
 * zod is only a type here, so importing this ships no zod.
 */
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

/**
 * The first message per field, keyed by the dotted path: the only place zod issues become
 * messages. `source: "form"` keys an issue about the whole input "form" and words a field
 * posted twice; `source: "data"` (JSON, CSV) keys it "" and keeps zod's words.
 */
export function issuesToFieldErrors(error: z.ZodError, source: "form" | "data" = "form"): FieldErrors {
  // A Map, so a field named like an Object property ("constructor", "__proto__") is only a field.
  const errors = new Map<string, string>();
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || (source === "form" ? "form" : "");
    // A field sent twice arrives as a list: say so in words, not in zod's.
    const message =
      source === "form" && issue.code === "invalid_type" && /received array/.test(issue.message)
        ? "This field was sent more than once; send it once"
        : issue.message;
    if (!errors.has(key)) errors.set(key, message);
  }
  return Object.fromEntries(errors);
}

/** The same messages keyed under `prefix` ("event" → "event.title"; the whole-input message → "event"). */
export function prefixErrors(errors: FieldErrors, prefix: string): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([key, message]) => [[prefix, key].filter(Boolean).join("."), message]),
  );
}
