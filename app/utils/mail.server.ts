import nodemailer from "nodemailer";
import { getEnv } from "./env.server";
import { AttemptError, withBackoff, type DeliveryResult, type RetryOptions } from "./webhook.server";

/**
 * Email over SMTP (SMTP_URL). Without SMTP_URL there is no mailer and reminders
 * are shown in the app only. Errors are stripped of addresses before anyone
 * sees them: an SMTP error names the recipient, and the reminder's kind says
 * whether that person had answered — the two must never meet in a log.
 */

export type Mail = { to: string; subject: string; text: string; html: string; headers?: Record<string, string> };

export type Mailer = {
  /** "smtp://mail.example.com:587", without credentials: safe to log. */
  describe: string;
  send(mail: Mail, retry?: RetryOptions): Promise<DeliveryResult>;
  verify(): Promise<void>;
  close(): void;
};

const MAIL_RETRY_DEFAULTS = Object.freeze({ attempts: 3, baseDelayMs: 2_000, maxDelayMs: 10_000 });

const ADDRESS = /[^\s<>"',;:()]+@[^\s<>"',;:()]+/g;

/** Replaces anything that looks like an email address. */
function redactAddresses(text: string): string {
  return text.replace(ADDRESS, "<address>");
}

function describeSmtpUrl(value: string): string {
  const url = new URL(value);
  const port = url.port || (url.protocol === "smtps:" ? "465" : "587");
  return `${url.protocol}//${url.hostname}:${port}`;
}

export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 3,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as nodemailer.TransportOptions);

  async function sendOnce(mail: Mail) {
    try {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
      });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const message = redactAddresses(error instanceof Error ? error.message : String(error));
      // 5xx is the server's final word (bad address, bad login); anything else may pass later.
      throw new AttemptError(message, !(typeof code === "number" && code >= 500));
    }
  }

  return {
    describe: describeSmtpUrl(smtpUrl),
    send: (mail, retry = MAIL_RETRY_DEFAULTS) => withBackoff(() => sendOnce(mail), retry),
    verify: async () => {
      try {
        await transport.verify();
      } catch (error) {
        throw new Error(redactAddresses(error instanceof Error ? error.message : String(error)));
      }
    },
    close: () => transport.close(),
  };
}

let shared: Mailer | null | undefined;

/** The process's mailer from SMTP_URL and MAIL_FROM, or null when SMTP is not configured. */
export function mailerFromEnv(): Mailer | null {
  if (shared !== undefined) return shared;
  const env = getEnv();
  shared = env.SMTP_URL ? createMailer(env.SMTP_URL, env.MAIL_FROM) : null;
  return shared;
}
