import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { SEVERITIES, fieldErrors, incidentInputSchema, parseDateTime } from "~/domain/incidents";
import { countIncidents, createIncident, listIncidents } from "~/models/incidents.server";
import {
  INCIDENT_READ_ONLY,
  INCIDENT_WRITABLE,
  apiJson,
  methodNotAllowed,
  readJsonObject,
  requireApiTeam,
  serializeIncident,
  unknownKeyErrors,
  validationFailed,
  withoutKeys,
  zodValidationFailed,
} from "~/utils/api.server";

/** GET /api/v1/teams/:slug/incidents — newest first, filtered and paged. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  const query = listQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return zodValidationFailed(query.error);
  const { limit, offset, ...filters } = query.data;
  return apiJson({
    data: listIncidents(team.id, { ...filters, limit, offset }).map(serializeIncident),
    total: countIncidents(team.id, filters),
    limit,
    offset,
  });
}

const instant = (name: string) =>
  z
    .string()
    .transform((s, ctx) => {
      const d = parseDateTime(s);
      if (!d) ctx.addIssue({ code: "custom", message: `${name} must be a date and time with an offset, like 2026-11-20T14:05:00+01:00` });
      return d ?? z.NEVER;
    })
    .optional();

const listQuerySchema = z.object({
  severity: z.enum(SEVERITIES, { error: "Choose SEV1, SEV2, SEV3 or SEV4" }).optional(),
  status: z.enum(["open", "resolved"], { error: "Choose open or resolved" }).optional(),
  from: instant("from"),
  to: instant("to"),
  limit: z.coerce.number({ error: "Use a whole number from 1 to 1000" }).int({ error: "Use a whole number from 1 to 1000" }).min(1, { error: "Use a whole number from 1 to 1000" }).max(1000, { error: "Use a whole number from 1 to 1000" }).default(100),
  offset: z.coerce.number({ error: "Use a whole number from 0" }).int({ error: "Use a whole number from 0" }).min(0, { error: "Use a whole number from 0" }).default(0),
});

/** POST /api/v1/teams/:slug/incidents — creates one incident. */
export async function action({ request, params }: ActionFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const body = await readJsonObject(request);
  const unknown = unknownKeyErrors(body, INCIDENT_WRITABLE, INCIDENT_READ_ONLY);
  const parsed = incidentInputSchema.safeParse(withoutKeys(body, INCIDENT_READ_ONLY));
  if (!parsed.success || Object.keys(unknown).length > 0) {
    return validationFailed({ ...unknown, ...(parsed.success ? {} : fieldErrors(parsed.error)) });
  }
  const incident = createIncident(team.id, parsed.data);
  const response = apiJson(serializeIncident(incident), 201);
  response.headers.set("Location", `/api/v1/teams/${team.slug}/incidents/${incident.id}`);
  return response;
}
