import { Form, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/field";
import { HelpToActionForm } from "~/components/retro";
import { groupVotes } from "~/domain/comments";
import { ACTION_STATUS_LABELS, type ActionStatus } from "~/domain/incidents";

/** The retro's "What people wrote": grouped comments, what the team did with each, and a lead's forms. */

export const REPLY_MAX_LENGTH = 280;

export type CommentView = {
  key: string;
  text: string;
  count: number;
  followUp: {
    heardAt: string | null;
    reply: string | null;
    action: { id: number; title: string; status: ActionStatus } | null;
  } | null;
};

type Failure = { errors: Record<string, string>; values: Record<string, string>; formError?: string };

type LeadTools = {
  members: { userId: number; displayName: string }[];
  items: { id: number; title: string }[];
  dueDefault: string;
  failure?: Failure;
};

const KIND_LABELS = {
  why: "Why",
  help: "Help needed",
  appreciation: "Appreciation",
  survey: "From the quarterly survey",
};
export type CommentKindName = keyof typeof KIND_LABELS;

function FollowUpNote({ followUp, slug }: { followUp: CommentView["followUp"]; slug: string }) {
  if (!followUp) return null;
  return (
    <div className="follow-up small">
      {followUp.heardAt ? <span className="badge ok">{`heard ${followUp.heardAt.slice(0, 10)}`}</span> : null}{" "}
      {followUp.reply ? <span className="reply">We said: {followUp.reply}</span> : null}{" "}
      {followUp.action ? (
        <span>
          We did:{" "}
          <a href={`/teams/${slug}/action-items/${followUp.action.id}`}>
            action item “{followUp.action.title}” ({ACTION_STATUS_LABELS[followUp.action.status]})
          </a>
        </span>
      ) : null}
    </div>
  );
}

function FollowUpForm({ comment, tools }: { comment: CommentView; tools: LeadTools }) {
  const busy = useNavigation().state === "submitting";
  const failure = tools.failure?.values.intent === "follow-up" && tools.failure.values.commentKey === comment.key;
  const errors = failure ? tools.failure!.errors : {};
  const id = (name: string) => `fu-${comment.key}-${name}`;
  return (
    <Form method="post" aria-label="Heard and reply">
      {failure ? <FormError message={tools.failure!.formError} /> : null}
      <input type="hidden" name="intent" value="follow-up" />
      <input type="hidden" name="commentKey" value={comment.key} />
      <div className="field">
        <label>
          <input
            type="checkbox"
            name="heard"
            value="yes"
            defaultChecked={failure ? tools.failure!.values.heard === "yes" : Boolean(comment.followUp?.heardAt)}
          />{" "}
          Heard
        </label>
      </div>
      <Field
        name="reply"
        id={id("reply")}
        multiline
        label="Public reply to the team"
        hint={`Up to ${REPLY_MAX_LENGTH} characters; the whole team sees it.`}
        error={errors.reply}
        defaultValue={failure ? (tools.failure!.values.reply ?? "") : (comment.followUp?.reply ?? "")}
      />
      <Field
        name="actionItemId"
        id={id("action")}
        label="Linked action item"
        error={errors.actionItemId}
        defaultValue={
          failure
            ? (tools.failure!.values.actionItemId ?? "")
            : comment.followUp?.action
              ? String(comment.followUp.action.id)
              : ""
        }
      >
        {(control) => (
          <select {...control}>
            <option value="">None</option>
            {tools.items.map((item) => (
              <option key={item.id} value={item.id}>
                {item.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" disabled={busy}>
        Save
      </button>
    </Form>
  );
}

export function RetroComments({
  kind,
  comments,
  slug,
  tools,
  votes = {},
}: {
  kind: CommentKindName;
  votes?: Record<string, number>;
  comments: (CommentView & { keys: string[] })[];
  slug: string;
  tools: LeadTools | null;
}) {
  return (
    <>
      <h3 id={`${kind}-heading`}>{KIND_LABELS[kind]}</h3>
      {comments.length === 0 ? (
        <p className="muted">Nothing written in this period.</p>
      ) : (
        <ul className={`comment-list ${kind}`} data-testid={`${kind}-comments`}>
          {comments.map((c) => {
            const voteCount = groupVotes(c.keys, votes);
            const failed =
              tools?.failure?.values.intent === "action-from-comment" && tools.failure.values.commentKey === c.key;
            return (
              <li key={c.key} data-comment={c.key}>
                <blockquote style={{ margin: 0 }}>{c.text}</blockquote>
                {c.count > 1 ? <span className="badge">×{c.count}</span> : null}
                {voteCount ? (
                  <span className="badge votes">{voteCount === 1 ? "1 vote" : `${voteCount} votes`}</span>
                ) : null}
                <FollowUpNote followUp={c.followUp} slug={slug} />
                {tools ? (
                  <>
                    {c.followUp?.action ? null : (
                      <details open={failed}>
                        <summary>Make this an action item</summary>
                        <HelpToActionForm
                          id={c.key}
                          commentKey={c.key}
                          kind={kind}
                          title={failed ? (tools.failure!.values.title ?? "") : c.text}
                          members={tools.members}
                          dueDefault={failed ? (tools.failure!.values.dueDate ?? tools.dueDefault) : tools.dueDefault}
                          ownerId={failed ? tools.failure!.values.ownerId : undefined}
                          errors={failed ? tools.failure!.errors : {}}
                          formError={failed ? tools.failure!.formError : undefined}
                        />
                      </details>
                    )}
                    <details
                      open={tools.failure?.values.intent === "follow-up" && tools.failure.values.commentKey === c.key}
                    >
                      <summary>Heard, reply or link an action</summary>
                      <FollowUpForm comment={c} tools={tools} />
                    </details>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
