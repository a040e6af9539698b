/**
 * The schemas of the account forms (sign in, set up, invite, password reset, my reminders).
 * Server-only, so zod never reaches a page's bundle (docs/decisions/0010-one-form-path.md).
 */
import { z } from "zod";
import { REMINDER_KINDS } from "~/domain/reminders";
import { emailField, formText, newPasswordField } from "./form-fields";
import { intents } from "./forms.server";

/** A new password typed twice; the second box says when they differ. */
function withNewPassword<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({ ...shape, password: newPasswordField, passwordConfirm: z.string({ error: "Repeat the password" }) })
    .refine((v) => (v as { password: string }).password === (v as { passwordConfirm: string }).passwordConfirm, {
      path: ["passwordConfirm"],
      message: "The passwords do not match",
    });
}

export const loginSchema = z.object({
  email: z
    .string({ error: "Enter your email address" })
    .trim()
    .toLowerCase()
    .min(1, "Enter your email address")
    .pipe(z.email({ error: "Enter a valid email address" })),
  password: z
    .string({ error: "Enter your password" })
    .min(1, "Enter your password")
    .max(200, "That password is too long"),
  redirectTo: z.string().optional(),
});

export const setupSchema = withNewPassword({ displayName: formText(100).min(1, "Enter your name"), email: emailField });

export const newAccountSchema = withNewPassword({ displayName: formText(100).min(1, "Enter your name") });

export const resetPasswordSchema = withNewPassword({});

export const forgotPasswordSchema = z.object({ email: emailField });

export const issueResetSchema = intents([
  z.object({ intent: z.literal("reset"), userId: z.coerce.number({ error: "Choose a person" }).int().positive() }),
]);

export const meSchema = intents([
  z.object({
    intent: z.literal("prefs"),
    // Checked boxes arrive as kind names; anything else is refused rather than ignored.
    enabled: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
      .pipe(z.array(z.enum(REMINDER_KINDS, { error: "Unknown kind of reminder" }))),
  }),
  z.object({ intent: z.literal("calendar-rotate") }),
  z.object({ intent: z.literal("calendar-revoke") }),
  z.object({
    intent: z.literal("password"),
    currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(200),
    newPassword: newPasswordField,
    newPasswordConfirm: z.string({ error: "Repeat the new password" }),
  }),
  z.object({ intent: z.literal("signout-everywhere") }),
]);
