import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { fieldErrors, incidentInputSchema } from "~/domain/incidents";
import { getIncident, updateIncident, type Incident } from "~/models/incidents.server";
import {
  INCIDENT_READ_ONLY,
  INCIDENT_WRITABLE,
  apiJson,
  methodNotAllowed,
  notFound,
  readJsonObject,
  requireApiTeam,
  serializeIncident,
  unknownKeyErrors,
  validationFailed,
  withoutKeys,
} from "~/utils/api.server";

function incidentOr404(teamId: number, id: string | undefined): Incident {
  const incident = id && /^\d+$/.test(id) ? getIncident(teamId, Number(id)) : undefined;
  if (!incident) throw notFound(`This team has no incident ${id}.`);
  return incident;
}

/** GET /api/v1/teams/:slug/incidents/:id */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  return apiJson(serializeIncident(incidentOr404(team.id, params.id)));
}

/**
 * PATCH /api/v1/teams/:slug/incidents/:id — the fields sent replace the stored ones
 * (null clears an optional field); audit answers merge per question. The result is
 * validated as a whole, so "resolved before started" is caught whichever field moved.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  if (request.method !== "PATCH") return methodNotAllowed(["GET", "PATCH"]);
  const incident = incidentOr404(team.id, params.id);
  const body = await readJsonObject(request);
  const unknown = unknownKeyErrors(body, INCIDENT_WRITABLE, INCIDENT_READ_ONLY);
  const patch = withoutKeys(body, INCIDENT_READ_ONLY);
  const audit =
    patch.audit && typeof patch.audit === "object" && !Array.isArray(patch.audit)
      ? { ...incident.audit, ...(patch.audit as Record<string, unknown>) }
      : patch.audit === undefined
        ? incident.audit
        : patch.audit;
  const merged = {
    title: incident.title,
    severity: incident.severity,
    startedAt: incident.startedAt,
    detectedAt: incident.detectedAt,
    resolvedAt: incident.resolvedAt,
    summary: incident.summary,
    postmortemUrl: incident.postmortemUrl,
    postmortemPublishedAt: incident.postmortemPublishedAt,
    ...patch,
    audit,
  };
  const parsed = incidentInputSchema.safeParse(merged);
  if (!parsed.success || Object.keys(unknown).length > 0) {
    return validationFailed({ ...unknown, ...(parsed.success ? {} : fieldErrors(parsed.error)) });
  }
  return apiJson(serializeIncident(updateIncident(team.id, incident.id, parsed.data)!));
}
