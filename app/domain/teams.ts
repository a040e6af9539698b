import { z } from "zod";
import { isValidTimeZone, MAX_QUARTERLY_WINDOW_DAYS } from "./cycles";
import { MIN_THRESHOLD } from "./threshold";

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export const timeZoneField = z
  .string({ error: "Choose a time zone" })
  .trim()
  .min(1, "Choose a time zone")
  .refine(isValidTimeZone, { message: "Choose a time zone from the list, like Europe/Berlin" });

export const thresholdField = z.coerce
  .number({ error: "Enter a whole number of 3 or more" })
  .int("Enter a whole number of 3 or more")
  .min(MIN_THRESHOLD, "The threshold can never be below 3: smaller groups could be identified")
  .max(50, "Keep the threshold at 50 or below");

export const surveyWindowDaysField = z.coerce
  .number({ error: "Enter a number of days" })
  .int("Enter a whole number of days")
  .min(1, "The survey must be open at least 1 day")
  .max(MAX_QUARTERLY_WINDOW_DAYS, `Keep the survey window at ${MAX_QUARTERLY_WINDOW_DAYS} days or fewer`);

export const teamNameField = z
  .string({ error: "Enter a team name" })
  .trim()
  .min(1, "Enter a team name")
  .max(80, "Keep the name under 80 characters");

export const slugField = z
  .string({ error: "Enter a short address" })
  .trim()
  .toLowerCase()
  .regex(SLUG_PATTERN, "Use lowercase letters, digits and dashes (e.g. platform-team)");

export function allTimeZones(): string[] {
  const zones =
    (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
