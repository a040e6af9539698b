import type { LoaderFunctionArgs } from "@remix-run/node";
import { SEVERITIES } from "~/domain/incidents";
import { addCalendarDays, parseCalendarDate, zonedWallTimeToDate } from "~/domain/wall-time";
import { calendarDayIn } from "~/domain/calendar-day";
import { listIncidents, type IncidentFilters } from "~/models/incidents.server";
import { requireTeamRole } from "~/utils/auth.server";
import { incidentsToCsv } from "~/utils/incident-csv.server";

/** The team's incidents as CSV (same columns the importer reads); honours the list's filters. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug);
  const url = new URL(request.url);
  const filters: IncidentFilters = {};
  const severity = url.searchParams.get("severity");
  const status = url.searchParams.get("status");
  const from = parseCalendarDate(url.searchParams.get("from") ?? "");
  const to = parseCalendarDate(url.searchParams.get("to") ?? "");
  if (severity && (SEVERITIES as readonly string[]).includes(severity))
    filters.severity = severity as IncidentFilters["severity"];
  if (status === "open" || status === "resolved") filters.status = status;
  if (from) filters.from = zonedWallTimeToDate(from, team.timeZone);
  if (to) filters.to = zonedWallTimeToDate(addCalendarDays(to, 1), team.timeZone);
  const csv = incidentsToCsv(listIncidents(team.id, filters).reverse(), team.timeZone);
  const day = calendarDayIn(new Date(), team.timeZone);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${team.slug}-incidents-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
