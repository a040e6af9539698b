import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarDayIn } from "~/domain/calendar-day";
import { listActionItems } from "~/models/action-items.server";
import { requireTeamRole } from "~/utils/auth.server";
import { actionItemsToCsv } from "~/utils/action-item-csv.server";

/** Every action item of the team as CSV (same columns the importer reads). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug);
  const csv = actionItemsToCsv(listActionItems(team.id), team.timeZone);
  const day = calendarDayIn(new Date(), team.timeZone);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${team.slug}-action-items-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
