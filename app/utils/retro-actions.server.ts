import { z } from "zod";
import { actionItemInputSchema } from "~/domain/incident-input.server";
import { actionItemRefErrors, createActionItem, getActionItem } from "~/models/action-items.server";
import { saveFollowUp } from "~/models/comment-follow-ups.server";
import { acknowledgeDip } from "~/models/dip-acknowledgements.server";
import { loadTeamDashboard } from "~/models/dashboard.server";
import { dipKey } from "~/models/dip-acknowledgements.server";
import { findReleasedComment } from "~/models/results.server";
import type { Team } from "~/models/teams.server";
import { REPLY_MAX_LENGTH } from "~/components/retro-comments";
import { formFailure, issuesToFieldErrors, parseFormData, readFormData } from "~/utils/forms.server";
import { redirectWithFlash } from "~/utils/session.server";

/**
 * The lead's writes from the retro page and the meeting mode: a released comment becomes an
 * action item, is marked heard / replied to / linked, or a dip alert is acknowledged.
 * Every write first checks that the comment (or alert) is one the team's pages release.
 */

const text = (message: string) => z.string({ error: message }).optional();

const retroIntentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("action-from-comment"),
      commentKey: z.string(),
      title: text("Give the action item a title"),
      ownerId: text("Choose an owner"),
      dueDate: text("Due date must be a date like 2026-11-30"),
    }),
    z.object({
      intent: z.literal("follow-up"),
      commentKey: z.string(),
      heard: z.literal("yes").optional(),
      reply: text("Write the reply as text"),
      actionItemId: text("Choose an action item"),
    }),
    z.object({
      intent: z.literal("acknowledge-dip"),
      dipKey: z.string(),
      note: text("Write a note"),
    }),
  ],
  { error: "This form is out of date. Reload the page and try again." },
);

const notFound = () => new Response("Not found", { status: 404 });

export async function handleRetroAction(request: Request, team: Team, backTo: string, now = new Date()) {
  const form = await readFormData(request);
  const envelope = parseFormData(form, retroIntentSchema);
  // A wrong intent or a repeated field is not a typing mistake: one message above the form.
  if (envelope.failure)
    return formFailure(form, {}, 400, "This form could not be read. Reload the page and try again.");
  const input = envelope.data;

  if (input.intent === "acknowledge-dip") {
    const note = input.note?.trim() ?? "";
    if (note.length === 0) return formFailure(form, { note: "Write a short note: what the team will do about it" });
    if (note.length > 500) return formFailure(form, { note: "Keep the note to 500 characters or fewer" });
    // Only an alert the dashboard shows (released figures only) can be acknowledged.
    const dips = loadTeamDashboard(team.id, { preset: "all" }, now).dips;
    if (!dips.some((a) => dipKey(a) === input.dipKey)) throw notFound();
    acknowledgeDip(team.id, input.dipKey, note, now);
    return redirectWithFlash(request, backTo, "Dip alert acknowledged.");
  }

  const comment = findReleasedComment(team, input.commentKey, new Date(0), now, now);
  if (!comment) throw notFound();

  if (input.intent === "follow-up") {
    const reply = input.reply?.trim() ?? "";
    const errors: Record<string, string> = {};
    if (reply.length > REPLY_MAX_LENGTH)
      errors.reply = `Keep the reply to ${REPLY_MAX_LENGTH} characters or fewer (it has ${reply.length})`;
    let actionItemId: number | null = null;
    if (input.actionItemId) {
      const id = Number(input.actionItemId);
      if (!Number.isInteger(id) || !getActionItem(team.id, id))
        errors.actionItemId = "Choose an action item of this team";
      else actionItemId = id;
    }
    if (Object.keys(errors).length > 0) return formFailure(form, errors);
    saveFollowUp(
      team.id,
      comment,
      { heard: input.heard === "yes" || Boolean(reply) || actionItemId !== null, reply: reply || null, actionItemId },
      now,
    );
    return redirectWithFlash(request, backTo, "Saved. The team sees it under “You said, we did”.");
  }

  const title = input.title?.trim() ?? "";
  const where = comment.kind === "survey" ? "the quarterly survey" : "a weekly trust check";
  const what = comment.kind === "help" ? "a help request" : "a comment";
  // Nothing ties the item to the comment's author: only the words travel.
  const parsed = actionItemInputSchema.safeParse({
    title: title.length > 200 ? `${title.slice(0, 199)}…` : title,
    ownerId: input.ownerId,
    dueDate: input.dueDate,
    status: "open",
    source: comment.kind === "survey" ? "retro" : "trust_check",
    notes:
      comment.text.length > 200
        ? `From ${what} in ${where} (anonymous): ${comment.text}`
        : `From ${what} in ${where} (anonymous).`,
  });
  if (!parsed.success) return formFailure(form, issuesToFieldErrors(parsed.error));
  const refErrors = actionItemRefErrors(team.id, { ownerId: parsed.data.ownerId, incidentId: null });
  if (Object.keys(refErrors).length > 0) return formFailure(form, refErrors);
  const item = createActionItem(team.id, parsed.data, now);
  saveFollowUp(team.id, comment, { actionItemId: item.id }, now);
  return redirectWithFlash(request, backTo, `Action item created from ${what}. It is on the action tracker.`);
}
