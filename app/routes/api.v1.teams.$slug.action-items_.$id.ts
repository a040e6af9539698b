import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { calendarDayIn } from "~/domain/calendar-day";
import { getActionItem, updateActionItem } from "~/models/action-items.server";
import { apiJson, methodNotAllowed, notFound, readApiBody, requireApiTeam } from "~/utils/api.server";
import { ACTION_ITEM_BODY, serializeActionItem, validApiActionItem } from "~/utils/api-records.server";
import { invariantResponse, rowId } from "~/utils/invariant";

/** GET /api/v1/teams/:slug/action-items/:id */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  const item = getActionItem(team.id, rowId(params.id));
  invariantResponse(item, () => notFound(`This team has no action item ${params.id}.`));
  return apiJson(serializeActionItem(item, calendarDayIn(new Date(), team.timeZone)));
}

/** PATCH /api/v1/teams/:slug/action-items/:id — the fields sent replace the stored ones. */
export async function action({ request, params }: ActionFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  if (request.method !== "PATCH") return methodNotAllowed(["GET", "PATCH"]);
  const item = getActionItem(team.id, rowId(params.id));
  invariantResponse(item, () => notFound(`This team has no action item ${params.id}.`));
  const { body, unknown } = await readApiBody(request, ACTION_ITEM_BODY);
  const updated = updateActionItem(team.id, item.id, validApiActionItem(team.id, body, unknown, item))!;
  return apiJson(serializeActionItem(updated, calendarDayIn(new Date(), team.timeZone)));
}
