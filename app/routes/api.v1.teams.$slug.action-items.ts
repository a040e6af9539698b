import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ACTION_STATUSES } from "~/domain/incidents";
import { calendarDayIn } from "~/domain/calendar-day";
import {
  countActionItems,
  createActionItem,
  listActionItems,
  type ActionItemFilters,
} from "~/models/action-items.server";
import {
  apiJson,
  apiPage,
  methodNotAllowed,
  readApiBody,
  readListQuery,
  requireApiTeam,
  wholeNumber,
} from "~/utils/api.server";
import { ACTION_ITEM_BODY, serializeActionItem, validApiActionItem } from "~/utils/api-records.server";

/** GET /api/v1/teams/:slug/action-items — soonest due first, filtered and paged. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  const { limit, offset, overdue, ...rest } = readListQuery(request, listFilters);
  const today = calendarDayIn(new Date(), team.timeZone);
  const filters: ActionItemFilters = { ...rest, overdueOn: overdue === "true" ? today : undefined };
  return apiPage(
    listActionItems(team.id, { ...filters, limit, offset }).map((item) => serializeActionItem(item, today)),
    countActionItems(team.id, filters),
    { limit, offset },
  );
}

const listFilters = {
  status: z
    .enum(["active", ...ACTION_STATUSES], { error: "Choose active, open, in_progress, done or dropped" })
    .optional(),
  ownerId: wholeNumber(1, "Use a user id").optional(),
  incidentId: wholeNumber(1, "Use an incident id").optional(),
  overdue: z.enum(["true", "false"], { error: "Use true or false" }).optional(),
};

/** POST /api/v1/teams/:slug/action-items — creates one item; completedAt follows the status. */
export async function action({ request, params }: ActionFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const { body, unknown } = await readApiBody(request, ACTION_ITEM_BODY);
  const item = createActionItem(team.id, validApiActionItem(team.id, body, unknown));
  const response = apiJson(serializeActionItem(item, calendarDayIn(new Date(), team.timeZone)), 201);
  response.headers.set("Location", `/api/v1/teams/${team.slug}/action-items/${item.id}`);
  return response;
}
