import { EMAILED_RESET_LIFETIME_MS } from "~/domain/password-resets";
import { issuePasswordReset } from "~/models/password-resets.server";
import { getUserByEmail } from "~/models/users.server";
import { mailerFromEnv } from "./mail.server";

/**
 * "Forgot password": the request only queues this and answers at once, so the answer
 * (its words and its timing) is the same whether or not the address has an account.
 * The lookup, the link and the email happen afterwards, off the request.
 */
export function queueResetEmail(email: string, origin: string) {
  setImmediate(() => {
    sendResetEmail(email, origin).catch((error) =>
      console.error(`password reset email: ${error instanceof Error ? error.name : "error"}`),
    );
  });
}

async function sendResetEmail(email: string, origin: string) {
  const mailer = mailerFromEnv();
  const user = getUserByEmail(email);
  if (!mailer || !user) return;
  const token = issuePasswordReset(user.id, null, EMAILED_RESET_LIFETIME_MS);
  const link = `${origin}/reset/${token}`;
  const minutes = EMAILED_RESET_LIFETIME_MS / 60_000;
  const outcome = await mailer.send({
    to: user.email,
    subject: "Reset your Trust Health password",
    text: `Someone (hopefully you) asked to reset the password of your Trust Health account.\n\nChoose a new password here (the link works once, for ${minutes} minutes):\n${link}\n\nIf you did not ask, ignore this email: your password stays as it is.`,
    html: `<p>Someone (hopefully you) asked to reset the password of your Trust Health account.</p><p><a href="${link}">Choose a new password</a> (the link works once, for ${minutes} minutes).</p><p>If you did not ask, ignore this email: your password stays as it is.</p>`,
  });
  // The error text is already stripped of addresses by the mailer.
  if (!outcome.ok) console.error(`password reset email failed after ${outcome.attempts} attempt(s): ${outcome.error}`);
}
