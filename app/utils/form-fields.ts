import { z } from "zod";

/** A value that must be one string (a duplicated field is a client error, not a list). */
export const formText = (max: number, message?: string) =>
  z
    .string({ error: "This field is required" })
    .trim()
    .max(max, message ?? `Keep this under ${max} characters`);

export const optionalText = (max: number) =>
  z
    .string({ error: "Must be text" })
    .trim()
    .max(max, `Keep this under ${max.toLocaleString("en")} characters`)
    .optional()
    .transform((v) => (v ? v : null));

export const emailField = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com" }));

export const newPasswordField = z
  .string({ error: "Choose a password" })
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters");
