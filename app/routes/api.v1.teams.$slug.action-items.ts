import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ACTION_STATUSES, actionItemInputSchema, calendarDateIn, fieldErrors } from "~/domain/incidents";
import { actionItemRefErrors, countActionItems, createActionItem, listActionItems, memberIdsByEmail, type ActionItemFilters } from "~/models/action-items.server";
import {
  ACTION_ITEM_READ_ONLY,
  ACTION_ITEM_WRITABLE,
  apiJson,
  methodNotAllowed,
  readJsonObject,
  requireApiTeam,
  resolveOwnerEmail,
  serializeActionItem,
  unknownKeyErrors,
  validationFailed,
  withoutKeys,
  zodValidationFailed,
} from "~/utils/api.server";

/** GET /api/v1/teams/:slug/action-items — soonest due first, filtered and paged. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  const query = listQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return zodValidationFailed(query.error);
  const today = calendarDateIn(new Date(), team.timeZone);
  const { limit, offset, overdue, ...rest } = query.data;
  const filters: ActionItemFilters = { ...rest, overdueOn: overdue === "true" ? today : undefined };
  return apiJson({
    data: listActionItems(team.id, { ...filters, limit, offset }).map((item) => serializeActionItem(item, today)),
    total: countActionItems(team.id, filters),
    limit,
    offset,
  });
}

const whole = (min: number, message: string) => z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message });

const listQuerySchema = z.object({
  status: z.enum(["active", ...ACTION_STATUSES], { error: "Choose active, open, in_progress, done or dropped" }).optional(),
  ownerId: whole(1, "Use a user id").optional(),
  incidentId: whole(1, "Use an incident id").optional(),
  overdue: z.enum(["true", "false"], { error: "Use true or false" }).optional(),
  limit: whole(1, "Use a whole number from 1 to 1000").max(1000, { error: "Use a whole number from 1 to 1000" }).default(100),
  offset: whole(0, "Use a whole number from 0").default(0),
});

/** POST /api/v1/teams/:slug/action-items — creates one item; completedAt follows the status. */
export async function action({ request, params }: ActionFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const body = await readJsonObject(request);
  const unknown = unknownKeyErrors(body, ACTION_ITEM_WRITABLE, ACTION_ITEM_READ_ONLY);
  const owner = resolveOwnerEmail(withoutKeys(body, ACTION_ITEM_READ_ONLY), () => memberIdsByEmail(team.id));
  const parsed = actionItemInputSchema.safeParse(owner.body);
  const refErrors = parsed.success ? actionItemRefErrors(team.id, parsed.data) : {};
  const schemaErrors = parsed.success ? {} : fieldErrors(parsed.error);
  if (owner.errors.ownerEmail) delete schemaErrors.ownerId; // one message about the owner is enough
  const errors = { ...unknown, ...owner.errors, ...schemaErrors, ...refErrors };
  if (!parsed.success || Object.keys(errors).length > 0) return validationFailed(errors);
  const item = createActionItem(team.id, parsed.data);
  const response = apiJson(serializeActionItem(item, calendarDateIn(new Date(), team.timeZone)), 201);
  response.headers.set("Location", `/api/v1/teams/${team.slug}/action-items/${item.id}`);
  return response;
}
