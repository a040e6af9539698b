/**
 * The org page's query string (?weeks=&q=&sort=&dir=&page=), read with zod on the server only
 * (docs/decisions/0010-one-form-path.md): the page bundle ships no schema.
 */
import { z } from "zod";
import { ORG_TREND_WEEKS } from "~/domain/org";
import { ORG_SORTS, type OrgListQuery, type OrgSort } from "~/domain/org-list";

export const weeksSchema = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.coerce
    .number({ error: `Choose ${ORG_TREND_WEEKS.join(", ")} weeks` })
    .refine((w) => (ORG_TREND_WEEKS as readonly number[]).includes(w), {
      error: `Choose ${ORG_TREND_WEEKS.join(", ")} weeks`,
    })
    .default(12),
);

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

export const orgListSchema: z.ZodType<OrgListQuery, unknown> = z.object({
  q: z.preprocess(
    blankToUndefined,
    z.string().trim().max(100, { error: "Search for at most 100 characters" }).default(""),
  ),
  sort: z.preprocess(
    blankToUndefined,
    z
      .enum(Object.keys(ORG_SORTS) as [OrgSort, ...OrgSort[]], {
        error: `Sort by one of: ${Object.keys(ORG_SORTS).join(", ")}`,
      })
      .default("name"),
  ),
  dir: z.preprocess(blankToUndefined, z.enum(["asc", "desc"], { error: "Order is asc or desc" }).default("asc")),
  page: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "Page is a whole number from 1" })
      .int({ error: "Page is a whole number from 1" })
      .min(1, { error: "Page is a whole number from 1" })
      .default(1),
  ),
});
