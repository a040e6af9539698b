import { utcCalendarDay } from "~/domain/calendar-day";
import { alias } from "drizzle-orm/sqlite-core";
import { and, asc, count, eq, gte, inArray, isNull, lt, lte, ne, or, type SQL } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { actionItems, incidents, memberships, premortems, users } from "#db/schema";
import { completedAtAfter } from "~/domain/action-status";
import { type ActionItemInput } from "~/domain/incident-input.server";
import { type ActionStatus } from "~/domain/incidents";
import type { ActionItemRecord } from "~/domain/incident-metrics";

type ActionItemRow = typeof actionItems.$inferSelect;
export type ActionItem = ActionItemRow & {
  ownerName: string | null;
  ownerEmail: string | null;
  incidentTitle: string | null;
  incidentStartedAt: Date | null;
  premortemTitle: string | null;
};

/** What a new item carries besides the validated input. */
export type NewActionItem = ActionItemInput & {
  premortemId?: number | null;
  createdAt?: Date;
  completedAt?: Date | null;
};

export type ActionItemFilters = {
  /** "active" = open or in progress */
  status?: ActionStatus | "active";
  ownerId?: number;
  /** only items still owed whose due day is before this calendar date ("YYYY-MM-DD") */
  overdueOn?: string;
  incidentId?: number;
  premortemId?: number;
  limit?: number;
  offset?: number;
};

const owner = alias(users, "owner");

const ACTIVE: ActionStatus[] = ["open", "in_progress"];

function whereFor(teamId: number, f: ActionItemFilters): SQL | undefined {
  return and(
    eq(actionItems.teamId, teamId),
    f.status === "active"
      ? inArray(actionItems.status, ACTIVE)
      : f.status
        ? eq(actionItems.status, f.status)
        : undefined,
    f.ownerId !== undefined ? eq(actionItems.ownerId, f.ownerId) : undefined,
    f.overdueOn !== undefined
      ? and(inArray(actionItems.status, ACTIVE), lt(actionItems.dueDate, f.overdueOn))
      : undefined,
    f.incidentId !== undefined ? eq(actionItems.incidentId, f.incidentId) : undefined,
    f.premortemId !== undefined ? eq(actionItems.premortemId, f.premortemId) : undefined,
  );
}

function selectItems() {
  return getDb()
    .select({
      item: actionItems,
      ownerName: owner.displayName,
      ownerEmail: owner.email,
      incidentTitle: incidents.title,
      incidentStartedAt: incidents.startedAt,
      premortemTitle: premortems.title,
    })
    .from(actionItems)
    .leftJoin(owner, eq(owner.id, actionItems.ownerId))
    .leftJoin(incidents, eq(incidents.id, actionItems.incidentId))
    .leftJoin(premortems, eq(premortems.id, actionItems.premortemId));
}

type Joined = {
  item: ActionItemRow;
  ownerName: string | null;
  ownerEmail: string | null;
  incidentTitle: string | null;
  incidentStartedAt: Date | null;
  premortemTitle: string | null;
};
const flatten = ({ item, ...rest }: Joined): ActionItem => ({ ...item, ...rest });

/** Soonest due first. */
export function listActionItems(teamId: number, filters: ActionItemFilters = {}): ActionItem[] {
  let query = selectItems()
    .where(whereFor(teamId, filters))
    .orderBy(asc(actionItems.dueDate), asc(actionItems.id))
    .$dynamic();
  if (filters.limit !== undefined) query = query.limit(filters.limit).offset(filters.offset ?? 0);
  return query.all().map(flatten);
}

export function countActionItems(teamId: number, filters: ActionItemFilters = {}): number {
  const [row] = getDb().select({ n: count() }).from(actionItems).where(whereFor(teamId, filters)).all();
  return row?.n ?? 0;
}

export function getActionItem(teamId: number, id: number): ActionItem | undefined {
  const row = selectItems()
    .where(and(eq(actionItems.teamId, teamId), eq(actionItems.id, id)))
    .get();
  return row ? flatten(row) : undefined;
}

/**
 * Rules the schema cannot check alone: the owner is on the team now, and the linked
 * incident is this team's. Keyed like the input fields.
 */
export function actionItemRefErrors(
  teamId: number,
  input: { ownerId: number; incidentId: number | null },
): Record<string, string> {
  const errors: Record<string, string> = {};
  const db = getDb();
  const member = db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, input.ownerId), isNull(memberships.leftAt)))
    .get();
  if (!member) errors.ownerId = "Choose an owner who is on this team";
  if (input.incidentId !== null) {
    const incident = db
      .select({ id: incidents.id })
      .from(incidents)
      .where(and(eq(incidents.teamId, teamId), eq(incidents.id, input.incidentId)))
      .get();
    if (!incident) errors.incidentId = "Choose an incident of this team";
  }
  return errors;
}

/** Active members' ids by lower-case email, for CSV owners. */
export function memberIdsByEmail(teamId: number): Map<string, number> {
  const rows = getDb()
    .select({ id: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.teamId, teamId), isNull(memberships.leftAt)))
    .all();
  return new Map(rows.map((r) => [r.email.toLowerCase(), r.id]));
}

/** The columns a lead's input sets, on create and on edit. */
function inputColumns(input: ActionItemInput) {
  return {
    title: input.title,
    ownerId: input.ownerId,
    dueDate: input.dueDate,
    status: input.status,
    source: input.source,
    incidentId: input.incidentId,
    notes: input.notes,
  };
}

function valuesFor(teamId: number, input: NewActionItem, now: Date) {
  return {
    teamId,
    ...inputColumns(input),
    premortemId: input.premortemId ?? null,
    createdAt: input.createdAt ?? now,
    completedAt: input.completedAt !== undefined ? input.completedAt : completedAtAfter(null, input.status, now),
  };
}

export function createActionItem(teamId: number, input: NewActionItem, now = new Date()): ActionItem {
  const { id } = getDb()
    .insert(actionItems)
    .values(valuesFor(teamId, input, now))
    .returning({ id: actionItems.id })
    .get();
  return getActionItem(teamId, id)!;
}

/** All or nothing: used by the CSV import and the pre-mortem page. */
export function createActionItems(teamId: number, inputs: NewActionItem[], now = new Date()): number {
  return getDb().transaction((tx) => {
    for (const input of inputs)
      tx.insert(actionItems)
        .values(valuesFor(teamId, input, now))
        .run();
    return inputs.length;
  });
}

/**
 * Writes `changes(before)` to one of the team's items and returns it as stored; undefined
 * when there is no such item, and the item untouched when `changes` returns null.
 */
function changeActionItem(
  teamId: number,
  id: number,
  changes: (before: ActionItem) => Partial<typeof actionItems.$inferInsert> | null,
): ActionItem | undefined {
  const before = getActionItem(teamId, id);
  if (!before) return undefined;
  const set = changes(before);
  if (!set) return before;
  getDb()
    .update(actionItems)
    .set(set)
    .where(and(eq(actionItems.teamId, teamId), eq(actionItems.id, id)))
    .run();
  return getActionItem(teamId, id);
}

/** A lead's edit: every field; completedAt follows the status. */
export function updateActionItem(
  teamId: number,
  id: number,
  input: ActionItemInput,
  now = new Date(),
): ActionItem | undefined {
  return changeActionItem(teamId, id, (before) => ({
    ...inputColumns(input),
    completedAt: completedAtAfter(before, input.status, now),
    updatedAt: now,
  }));
}

/** The owner's (or a lead's) status change: nothing else moves. */
export function setActionItemStatus(
  teamId: number,
  id: number,
  status: ActionStatus,
  now = new Date(),
): ActionItem | undefined {
  return changeActionItem(teamId, id, (before) =>
    before.status === status ? null : { status, completedAt: completedAtAfter(before, status, now), updatedAt: now },
  );
}

/**
 * What `actionItemMetrics` needs for [from, to): items due around the period (a day's
 * margin either side covers any time zone) and items that were open at some point in it.
 */
export function actionItemSeries(teamId: number, from: Date, to: Date): ActionItemRecord[] {
  const DAY = 86_400_000;
  return getDb()
    .select({
      id: actionItems.id,
      dueDate: actionItems.dueDate,
      status: actionItems.status,
      createdAt: actionItems.createdAt,
      completedAt: actionItems.completedAt,
    })
    .from(actionItems)
    .where(
      and(
        eq(actionItems.teamId, teamId),
        or(
          and(
            gte(actionItems.dueDate, utcCalendarDay(from.getTime() - 2 * DAY)),
            lte(actionItems.dueDate, utcCalendarDay(to.getTime() + 2 * DAY)),
          ),
          and(
            lt(actionItems.createdAt, to),
            ne(actionItems.status, "dropped"),
            or(isNull(actionItems.completedAt), gte(actionItems.completedAt, from)),
          ),
        ),
      ),
    )
    .orderBy(asc(actionItems.dueDate), asc(actionItems.id))
    .all();
}
