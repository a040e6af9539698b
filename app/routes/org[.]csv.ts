import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ORG_SERIES, ORG_TREND_WEEKS, orgTable } from "~/domain/org";
import { loadOrgRollup } from "~/models/org.server";
import { requireAdmin } from "~/utils/auth.server";
import { tableCsvResponse } from "~/utils/table-csv.server";

/** /org.csv?series=teams|trend&weeks=12 — the org rollup's numbers, for admins. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const parsed = querySchema.safeParse({
    series: url.searchParams.get("series") ?? "",
    weeks: url.searchParams.get("weeks") ?? "",
  });
  if (!parsed.success) throw new Response(parsed.error.issues.map((i) => i.message).join(" "), { status: 400 });
  const now = new Date();
  const rollup = loadOrgRollup(now, parsed.data.weeks);
  return tableCsvResponse(
    orgTable(rollup, parsed.data.series),
    `org-${parsed.data.series}-${now.toISOString().slice(0, 10)}.csv`,
  );
}

const querySchema = z.object({
  series: z.enum(ORG_SERIES, { error: `Choose a series: ${ORG_SERIES.join(", ")}` }),
  weeks: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce
      .number()
      .refine((w) => (ORG_TREND_WEEKS as readonly number[]).includes(w), {
        error: `Choose ${ORG_TREND_WEEKS.join(", ")} weeks`,
      })
      .default(12),
  ),
});
