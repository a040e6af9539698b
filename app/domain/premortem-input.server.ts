/** The pre-mortem form's schema (its preventive actions are action items). Server-only. */
import { z } from "zod";
import { blankToUndefined } from "./incident-input.server";

export const premortemInputSchema = z.object({
  title: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "Name the release or change" })
      .min(1, { error: "Name the release or change" })
      .max(200, { error: "Keep the title to 200 characters or fewer" }),
  ),
  imaginedFailure: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "Describe the failure you imagine" })
      .min(1, { error: "Describe the failure you imagine" })
      .max(5000, { error: "Keep this to 5000 characters or fewer" }),
  ),
  causes: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "List its likely causes" })
      .min(1, { error: "List its likely causes" })
      .max(5000, { error: "Keep this to 5000 characters or fewer" }),
  ),
});
export type PremortemInput = z.output<typeof premortemInputSchema>;
