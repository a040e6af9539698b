import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getIncident, updateIncident } from "~/models/incidents.server";
import { apiJson, methodNotAllowed, notFound, readApiBody, requireApiTeam } from "~/utils/api.server";
import { INCIDENT_BODY, serializeIncident, validApiIncident } from "~/utils/api-records.server";
import { invariantResponse, rowId } from "~/utils/invariant";

/** GET /api/v1/teams/:slug/incidents/:id */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  const incident = getIncident(team.id, rowId(params.id));
  invariantResponse(incident, () => notFound(`This team has no incident ${params.id}.`));
  return apiJson(serializeIncident(incident));
}

/**
 * PATCH /api/v1/teams/:slug/incidents/:id — the fields sent replace the stored ones
 * (null clears an optional field); audit answers merge per question. The result is
 * validated as a whole, so "resolved before started" is caught whichever field moved.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  if (request.method !== "PATCH") return methodNotAllowed(["GET", "PATCH"]);
  const incident = getIncident(team.id, rowId(params.id));
  invariantResponse(incident, () => notFound(`This team has no incident ${params.id}.`));
  const { body: patch, unknown } = await readApiBody(request, INCIDENT_BODY);
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
  return apiJson(serializeIncident(updateIncident(team.id, incident.id, validApiIncident(merged, unknown))!));
}
