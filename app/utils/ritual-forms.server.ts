import { z } from "zod";
import { optionalText } from "./form-fields";
import { intents } from "./forms.server";

/** The weekly trust check form. */
export const checkInSchema = z.object({
  periodKey: z
    .string({ error: "The form is missing its week; reload the page" })
    .regex(/^\d{4}-W\d{2}$/, "The form's week is not valid; reload the page"),
  score: z.coerce
    .number({ error: "Choose how much you trust your team this week, from 1 to 5" })
    .int("Choose a whole number from 1 to 5")
    .min(1, "Choose a number from 1 to 5")
    .max(5, "Choose a number from 1 to 5"),
  why: optionalText(1000),
  help: optionalText(1000),
  appreciation: optionalText(1000),
});

const likert = z.coerce
  .number({ error: "Choose an answer from 1 to 5" })
  .int("Choose an answer from 1 to 5")
  .min(1, "Choose an answer from 1 to 5")
  .max(5, "Choose an answer from 1 to 5");

/** The quarterly survey page: a member's answers to `itemIds`, or a lead choosing the questions. */
export const surveySchema = (itemIds: string[]) =>
  intents([
    z.object({
      intent: z.literal("answer"),
      periodKey: z.string().regex(/^\d{4}-Q[1-4]$/, "The form's quarter is not valid; reload the page"),
      comment: optionalText(1000),
      ...Object.fromEntries(itemIds.map((id) => [`item.${id}`, likert])),
    }),
    z.object({
      intent: z.literal("items"),
      // Checked boxes: none, one (a string) or several (a list).
      enabled: z
        .union([z.string(), z.array(z.string())])
        .optional()
        .transform((v) => [v ?? []].flat()),
    }),
  ]);

/** A dot vote on a released retro comment. */
export const voteSchema = intents([
  z.object({ intent: z.literal("vote"), commentKey: z.string({ error: "Choose a comment" }) }),
]);
