import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { isSaneCalendarDate, saneRangeWords } from "~/domain/date-range";
import { calendarQuarter, quarterPeriod } from "~/domain/incident-metrics";
import { teamIncidentMetrics } from "~/models/incidents.server";
import { apiJson, methodNotAllowed, readQuery, requireApiTeam } from "~/utils/api.server";

const querySchema = z.object({
  quarter: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/, { error: "Use a quarter like 2026-Q4" })
    .refine((q) => isSaneCalendarDate(`${q.slice(0, 4)}-01-01`), {
      error: () => `Use a quarter between ${saneRangeWords()}`,
    })
    .optional(),
});

/**
 * GET /api/v1/teams/:slug/metrics?quarter=2026-Q4 — the quarter's incident and
 * action-item figures (default: the current quarter in the team's time zone).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  const { quarter } = readQuery(request, querySchema);
  const period = quarter
    ? quarterPeriod(Number(quarter.slice(0, 4)), Number(quarter.slice(6)), team.timeZone)
    : calendarQuarter(new Date(), team.timeZone);
  const now = new Date();
  const metrics = teamIncidentMetrics(team.id, period, team.timeZone, now);
  // Action items are counted as they stood at the quarter's end, or now for the current quarter.
  const asOf = new Date(Math.min(period.to.getTime(), now.getTime()));
  return apiJson({
    quarter: period.key,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    timeZone: team.timeZone,
    incidents: metrics.incidents,
    actionItems: { ...metrics.actionItems, asOf: asOf.toISOString() },
  });
}

/** Any other method: the API's JSON 405 (without an action, Remix would answer "Unexpected Server Error"). */
export async function action({ request, params }: ActionFunctionArgs) {
  requireApiTeam(request, params.slug);
  return methodNotAllowed(["GET"]);
}
