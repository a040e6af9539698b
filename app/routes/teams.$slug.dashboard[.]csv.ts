import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { DASHBOARD_SERIES, dashboardTable } from "~/domain/dashboard";
import { parsePeriodQuery } from "~/domain/periods";
import { loadTeamDashboard, resolveTeamPeriod } from "~/models/dashboard.server";
import { requireTeamRole } from "~/utils/auth.server";
import { tableCsvResponse } from "~/utils/table-csv.server";

/** /teams/:slug/dashboard.csv?series=weekly&period=12w — the numbers behind one dashboard chart. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug);
  const url = new URL(request.url);
  const series = seriesSchema.safeParse(url.searchParams.get("series") ?? "");
  if (!series.success) throw new Response(series.error.issues[0]!.message, { status: 400 });
  const parsed = parsePeriodQuery(url.searchParams);
  if (!parsed.ok) throw new Response(Object.values(parsed.errors).join(" "), { status: 400 });
  const now = new Date();
  const resolved = resolveTeamPeriod(team, parsed.choice, now);
  if (!resolved.ok) throw new Response(Object.values(resolved.errors).join(" "), { status: 400 });
  const dashboard = loadTeamDashboard(team.id, resolved.period, now);
  return tableCsvResponse(
    dashboardTable(dashboard, series.data),
    `${team.slug}-${series.data}-${resolved.period.fromDate}-to-${resolved.period.toDate}.csv`,
  );
}

const seriesSchema = z.enum(DASHBOARD_SERIES, { error: `Choose a series: ${DASHBOARD_SERIES.join(", ")}` });
