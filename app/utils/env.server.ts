import path from "node:path";
import { z } from "zod";
import { DEFAULT_DATABASE_PATH } from "#db/client.server";

/** Kept here (not in mail.server.ts) so checking the environment never loads nodemailer. */
function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
  } catch {
    return false;
  }
}

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().min(1, "must not be empty").default(DEFAULT_DATABASE_PATH),
  PORT: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(3000),
  HOST: z.string().min(1).optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -hex 32)").optional(),
  APP_URL: z.url({ error: "must be a URL such as https://trust.example.com" }).optional(),
  LOG_REQUESTS: z.enum(["0", "1"]).default("1"),
  // Never echoed back in the message: the URL usually carries the SMTP password.
  SMTP_URL: z
    .string()
    .refine(isSmtpUrl, {
      message:
        "must be a URL like smtp://user:password@mail.example.com:587 or smtps://user:password@mail.example.com:465 (URL-encode special characters in the password)",
    })
    .optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .min(3, "must be an address like Trust Health <no-reply@example.com>")
    .default("Trust Health <no-reply@localhost>"),
  REMINDERS: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on"),
  // Development and tests only: lets team webhooks go to this machine (http://localhost…).
  ALLOW_LOOPBACK_WEBHOOKS: z.enum(["0", "1"], { error: 'must be "0" or "1"' }).default("0"),
  // How often closed cycles get their member counts and aggregates written (weekly_aggregates).
  CLOSE_CYCLES_EVERY_SECONDS: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .default(60),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Reads and checks the environment once; throws one readable message on a bad value. */
export function getEnv(): Env {
  if (cached) return cached;
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

export function dataDir(): string {
  return path.dirname(path.resolve(getEnv().DATABASE_PATH));
}
