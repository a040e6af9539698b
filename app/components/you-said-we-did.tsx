import { SectionCard } from "~/components/section-card";
import { ACTION_STATUS_LABELS, type ActionStatus } from "~/domain/action-status";

/** "You said → we did" for members: what came of released comments. Team-visible, no authorship. */

type Entry = {
  commentKey: string;
  text: string;
  heardAt: string | null;
  reply: string | null;
  action: { id: number; title: string; status: ActionStatus; dueDate: string } | null;
};

export function YouSaidWeDid({ entries, slug }: { entries: Entry[]; slug: string }) {
  return (
    <SectionCard headingId="we-did-heading" title="You said, we did">
      <p className="muted small">
        What the team did with comments from past weeks. This needs no authorship: comments are stored without names, so
        nobody — not the lead, not an admin — knows who wrote them, and the replies below are to the whole team.
      </p>
      {entries.length === 0 ? (
        <p className="muted">
          Nothing yet. When a lead marks a comment as heard, replies or links an action, it shows here.
        </p>
      ) : (
        <ul className="we-did-list" data-testid="we-did">
          {entries.map((e) => (
            <li key={e.commentKey}>
              <blockquote>“{e.text}”</blockquote>
              <div className="small">
                {e.heardAt ? <span className="badge ok">{`heard ${e.heardAt.slice(0, 10)}`}</span> : null}{" "}
                {e.reply ? <span>We said: {e.reply}</span> : null}{" "}
                {e.action ? (
                  <span>
                    We did: <a href={`/teams/${slug}/action-items/${e.action.id}`}>{e.action.title}</a> —{" "}
                    <span className={`badge ${e.action.status === "done" ? "ok" : ""}`}>
                      {ACTION_STATUS_LABELS[e.action.status]}
                    </span>{" "}
                    <span className="muted">due {e.action.dueDate}</span>
                  </span>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </SectionCard>
  );
}
