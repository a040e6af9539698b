import { z } from "zod";
import { optionalText } from "./form-fields";

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
