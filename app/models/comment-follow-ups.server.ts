import { and, desc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { actionItems, commentFollowUps } from "#db/schema";
import { type ActionStatus } from "~/domain/incidents";
import type { CommentKind } from "./results.server";

/**
 * "You said → we did": what a lead did with a released comment. Rows are keyed by the
 * comment's derived key and hold its released words; no user id, no response id.
 * Callers check that the comment is a released comment of the team before writing.
 */

export type FollowUp = {
  commentKey: string;
  kind: CommentKind;
  text: string;
  heardAt: string | null;
  reply: string | null;
  action: { id: number; title: string; status: ActionStatus; dueDate: string } | null;
  updatedAt: string;
};

function select() {
  return getDb()
    .select({
      f: commentFollowUps,
      actionTitle: actionItems.title,
      actionStatus: actionItems.status,
      actionDue: actionItems.dueDate,
    })
    .from(commentFollowUps)
    .leftJoin(actionItems, eq(actionItems.id, commentFollowUps.actionItemId));
}

function toFollowUp(row: ReturnType<typeof select> extends { all(): (infer R)[] } ? R : never): FollowUp {
  const { f } = row;
  return {
    commentKey: f.commentKey,
    kind: f.kind,
    text: f.text,
    heardAt: f.heardAt?.toISOString() ?? null,
    reply: f.reply,
    action:
      f.actionItemId !== null && row.actionTitle !== null
        ? { id: f.actionItemId, title: row.actionTitle, status: row.actionStatus!, dueDate: row.actionDue! }
        : null,
    updatedAt: f.updatedAt.toISOString(),
  };
}

/** The follow-ups of these comments, by key. */
export function followUpsFor(teamId: number, keys: string[]): Map<string, FollowUp> {
  if (keys.length === 0) return new Map();
  const rows = select()
    .where(and(eq(commentFollowUps.teamId, teamId), inArray(commentFollowUps.commentKey, keys)))
    .all();
  return new Map(rows.map((r) => [r.f.commentKey, toFollowUp(r)]));
}

/** The team's most recent "we did" entries (heard, replied or linked), newest first. */
export function recentFollowUps(teamId: number, limit = 20): FollowUp[] {
  return select()
    .where(
      and(
        eq(commentFollowUps.teamId, teamId),
        or(
          isNotNull(commentFollowUps.heardAt),
          isNotNull(commentFollowUps.reply),
          isNotNull(commentFollowUps.actionItemId),
        ),
      ),
    )
    .orderBy(desc(commentFollowUps.updatedAt))
    .limit(limit)
    .all()
    .map(toFollowUp);
}

export type FollowUpChange = { heard?: boolean; reply?: string | null; actionItemId?: number | null };

/** Creates or changes the follow-up of one released comment. */
export function saveFollowUp(
  teamId: number,
  comment: { key: string; kind: CommentKind; text: string },
  change: FollowUpChange,
  now = new Date(),
): void {
  const set: Record<string, unknown> = { updatedAt: now };
  // Heard keeps the first day it was marked; a reply or a linked action also means heard.
  const heard = change.heard ?? (change.reply || change.actionItemId ? true : undefined);
  if (heard !== undefined) set.heardAt = heard ? sql`coalesce(${commentFollowUps.heardAt}, ${now.getTime()})` : null;
  if (change.reply !== undefined) set.reply = change.reply;
  if (change.actionItemId !== undefined) set.actionItemId = change.actionItemId;
  getDb()
    .insert(commentFollowUps)
    .values({
      teamId,
      commentKey: comment.key,
      kind: comment.kind,
      text: comment.text,
      heardAt: heard ? now : null,
      reply: change.reply ?? null,
      actionItemId: change.actionItemId ?? null,
      updatedAt: now,
    })
    .onConflictDoUpdate({ target: [commentFollowUps.teamId, commentFollowUps.commentKey], set })
    .run();
}
