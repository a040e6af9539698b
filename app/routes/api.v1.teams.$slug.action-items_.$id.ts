import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { actionItemInputSchema, calendarDateIn, fieldErrors } from "~/domain/incidents";
import { actionItemRefErrors, getActionItem, memberIdsByEmail, updateActionItem, type ActionItem } from "~/models/action-items.server";
import {
  ACTION_ITEM_READ_ONLY,
  ACTION_ITEM_WRITABLE,
  apiJson,
  methodNotAllowed,
  notFound,
  readJsonObject,
  requireApiTeam,
  resolveOwnerEmail,
  serializeActionItem,
  unknownKeyErrors,
  validationFailed,
  withoutKeys,
} from "~/utils/api.server";

function itemOr404(teamId: number, id: string | undefined): ActionItem {
  const item = id && /^\d+$/.test(id) ? getActionItem(teamId, Number(id)) : undefined;
  if (!item) throw notFound(`This team has no action item ${id}.`);
  return item;
}

/** GET /api/v1/teams/:slug/action-items/:id */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  return apiJson(serializeActionItem(itemOr404(team.id, params.id), calendarDateIn(new Date(), team.timeZone)));
}

/** PATCH /api/v1/teams/:slug/action-items/:id — the fields sent replace the stored ones. */
export async function action({ request, params }: ActionFunctionArgs) {
  const team = requireApiTeam(request, params.slug);
  if (request.method !== "PATCH") return methodNotAllowed(["GET", "PATCH"]);
  const item = itemOr404(team.id, params.id);
  const body = await readJsonObject(request);
  const unknown = unknownKeyErrors(body, ACTION_ITEM_WRITABLE, ACTION_ITEM_READ_ONLY);
  const owner = resolveOwnerEmail(withoutKeys(body, ACTION_ITEM_READ_ONLY), () => memberIdsByEmail(team.id));
  const merged = {
    title: item.title,
    ownerId: item.ownerId,
    dueDate: item.dueDate,
    status: item.status,
    source: item.source,
    incidentId: item.incidentId,
    notes: item.notes,
    ...owner.body,
  };
  const parsed = actionItemInputSchema.safeParse(merged);
  // The owner is checked only when it changes: an item may outlive its owner's membership.
  const refErrors = parsed.success ? actionItemRefErrors(team.id, parsed.data) : {};
  if (parsed.success && parsed.data.ownerId === item.ownerId) delete refErrors.ownerId;
  const schemaErrors = parsed.success ? {} : fieldErrors(parsed.error);
  if (owner.errors.ownerEmail) delete schemaErrors.ownerId; // one message about the owner is enough
  const errors = { ...unknown, ...owner.errors, ...schemaErrors, ...refErrors };
  if (!parsed.success || Object.keys(errors).length > 0) return validationFailed(errors);
  const updated = updateActionItem(team.id, item.id, parsed.data)!;
  return apiJson(serializeActionItem(updated, calendarDateIn(new Date(), team.timeZone)));
}
