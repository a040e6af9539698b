/**
 * The schemas of the team forms (create a team, settings, invites, API and metrics tokens,
 * reminders). Server-only, so zod never reaches a page's bundle (docs/decisions/0010-one-form-path.md).
 */
import { z } from "zod";
import { ROLES } from "#db/schema";
import { SEVERITIES } from "~/domain/incidents";
import { PRIORITIES, URGENCIES } from "~/domain/pager";
import {
  slugField,
  slugify,
  surveyWindowDaysField,
  teamNameField,
  thresholdField,
  timeZoneField,
} from "~/domain/teams";
import { intents } from "./forms.server";
import { webhookUrlField } from "./webhook.server";

/** An empty address is derived from the name; either way it must be a valid address. */
export const createTeamSchema = z
  .object({
    name: teamNameField,
    slug: z.string().optional(),
    timeZone: timeZoneField,
    threshold: thresholdField.default(3),
  })
  .transform((v) => ({ ...v, slug: v.slug?.trim() ? v.slug : slugify(v.name) }))
  .pipe(z.object({ name: z.string(), slug: slugField, timeZone: z.string(), threshold: z.number() }));

export const settingsSchema = intents([
  z.object({
    intent: z.literal("settings"),
    name: teamNameField,
    timeZone: timeZoneField,
    threshold: thresholdField,
    surveyWindowDays: surveyWindowDaysField,
  }),
  z.object({
    intent: z.literal("role"),
    userId: z.coerce.number().int().positive(),
    role: z.enum(ROLES, { error: "Choose lead or member" }),
  }),
  z.object({ intent: z.literal("remove"), userId: z.coerce.number().int().positive() }),
]);

// `email` holds the whole pasted list (the field kept its name from the one-address form).
export const inviteSchema = z.object({
  email: z.string({ error: "Enter at least one email address" }).max(20_000, "Paste at most 50 addresses at once"),
  role: z.enum(ROLES, { error: "Choose lead or member" }),
});

export const revokeInviteSchema = intents([
  z.object({ intent: z.literal("revoke-invite"), inviteId: z.coerce.number().int().positive() }),
]);

export const tokenSchema = intents([
  z.object({
    intent: z.literal("create"),
    name: z
      .string({ error: "Name the token after what will use it" })
      .trim()
      .min(1, "Name the token after what will use it, like “PagerDuty sync”")
      .max(100, "Keep the name to 100 characters or fewer"),
  }),
  z.object({ intent: z.literal("revoke"), tokenId: z.coerce.number({ error: "Choose a token" }).int().positive() }),
]);

export const metricsTokenSchema = intents([
  z.object({
    intent: z.literal("create"),
    name: z
      .string({ error: "Name the token after what scrapes with it" })
      .trim()
      .min(1, "Name the token after what scrapes with it, like “Prometheus prod”")
      .max(100, "Keep the name to 100 characters or fewer"),
  }),
  z.object({ intent: z.literal("revoke"), tokenId: z.coerce.number({ error: "Choose a token" }).int().positive() }),
]);

export const remindersSchema = intents([
  z.object({ intent: z.literal("webhook"), webhookUrl: webhookUrlField }),
  z.object({ intent: z.literal("webhook-remove") }),
  z.object({ intent: z.literal("webhook-test") }),
]);

const severity = z.enum(SEVERITIES, { error: "Choose SEV1, SEV2, SEV3 or SEV4" });
export const pagerSchema = intents([
  z.object({
    intent: z.literal("add-pagerduty-secret"),
    secret: z
      .string({ error: "Paste the signing secret PagerDuty showed" })
      .trim()
      .min(16, "Paste the whole signing secret PagerDuty showed when the subscription was made (16 characters or more)")
      .max(200, "A signing secret is at most 200 characters")
      .regex(/^\S+$/, "A signing secret has no spaces; paste it again"),
  }),
  z.object({ intent: z.literal("create-opsgenie-secret") }),
  z.object({
    intent: z.literal("remove-secret"),
    secretId: z.coerce.number({ error: "Choose a secret" }).int().positive(),
  }),
  z.object({
    intent: z.literal("add-service"),
    serviceId: z
      .string({ error: "Enter the service id" })
      .trim()
      .regex(/^[A-Z0-9]{5,20}$/i, "Enter the service id from its PagerDuty address, like PF9KMXH"),
    label: z.string().trim().max(100, "Keep the label to 100 characters or fewer").optional(),
  }),
  z.object({ intent: z.literal("remove-service"), serviceId: z.string().trim().min(1).max(20) }),
  z.object({
    intent: z.literal("save-map"),
    ...Object.fromEntries([...PRIORITIES, ...URGENCIES].map((k) => [k, severity])),
  }),
]);
