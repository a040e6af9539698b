import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { SEVERITIES } from "~/domain/incidents";
import { parseDateTime } from "~/domain/wall-time";
import { countIncidents, createIncident, listIncidents } from "~/models/incidents.server";
import { apiJson, apiPage, methodNotAllowed, readApiBody, readListQuery, requireApiTeam } from "~/utils/api.server";
import { INCIDENT_BODY, serializeIncident, validApiIncident } from "~/utils/api-records.server";

/** GET /api/v1/teams/:slug/incidents — newest first, filtered and paged. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  const { limit, offset, ...filters } = readListQuery(request, listFilters);
  return apiPage(
    listIncidents(team.id, { ...filters, limit, offset }).map(serializeIncident),
    countIncidents(team.id, filters),
    { limit, offset },
  );
}

const instant = (name: string) =>
  z
    .string()
    .transform((s, ctx) => {
      const d = parseDateTime(s);
      if (!d)
        ctx.addIssue({
          code: "custom",
          message: `${name} must be a date and time with an offset, like 2026-11-20T14:05:00+01:00`,
        });
      return d ?? z.NEVER;
    })
    .optional();

const listFilters = {
  severity: z.enum(SEVERITIES, { error: "Choose SEV1, SEV2, SEV3 or SEV4" }).optional(),
  status: z.enum(["open", "resolved"], { error: "Choose open or resolved" }).optional(),
  from: instant("from"),
  to: instant("to"),
};

/** POST /api/v1/teams/:slug/incidents — creates one incident. */
export async function action({ request, params }: ActionFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const { body, unknown } = await readApiBody(request, INCIDENT_BODY);
  const incident = createIncident(team.id, validApiIncident(body, unknown));
  const response = apiJson(serializeIncident(incident), 201);
  response.headers.set("Location", `/api/v1/teams/${team.slug}/incidents/${incident.id}`);
  return response;
}
