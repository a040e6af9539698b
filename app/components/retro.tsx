import { Form, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/field";
import { ACTION_STATUS_LABELS, formatDuration, SEVERITIES, type ActionStatus } from "~/domain/incidents";
import type { IncidentMetrics } from "~/domain/incident-metrics";

/** Pieces of the retro view (app/routes/teams.$slug.retro.tsx) that draw no charts. */

export function IncidentTile({ title, now, before }: { title: string; now: { incidents: IncidentMetrics }; before: { incidents: IncidentMetrics } }) {
  return (
    <div className="tile">
      <div className="tile-label">{title}</div>
      <div className="tile-value">{now.incidents.count}</div>
      <div className="small muted">
        {SEVERITIES.filter((s) => now.incidents.bySeverity[s] > 0)
          .map((s) => `${now.incidents.bySeverity[s]} ${s}`)
          .join(" · ") || "none"}
        ; was {before.incidents.count} · median recovery {formatDuration(now.incidents.timeToRecoverMinutes.median)} (was {formatDuration(before.incidents.timeToRecoverMinutes.median)})
      </div>
    </div>
  );
}

export function CommentList({ comments, kind }: { comments: string[]; kind: string }) {
  if (comments.length === 0) return <p className="muted">Nothing written in this period.</p>;
  return (
    <ul className={`comment-list ${kind}`}>
      {comments.map((text, i) => (
        <li key={i}>{text}</li>
      ))}
    </ul>
  );
}

export function HelpToActionForm({
  id,
  title,
  members,
  dueDefault,
  ownerId,
  errors = {},
  formError,
}: {
  id: string;
  title: string;
  members: { userId: number; displayName: string }[];
  dueDefault: string;
  ownerId?: string;
  errors?: Record<string, string>;
  formError?: string;
}) {
  const busy = useNavigation().state === "submitting";
  const field = (name: string) => `help-${id}-${name}`;
  const described = (name: string) => (errors[name] ? `${field(name)}-error` : undefined);
  const error = (name: string) =>
    errors[name] ? (
      <div className="field-error" id={`${field(name)}-error`} role="alert">
        {errors[name]}
      </div>
    ) : null;
  return (
    <Form method="post" className={id === "failed" ? "card" : undefined} aria-label="New action item from a help request">
      {id === "failed" ? <p className="field-error">The action item was not created. Check the fields below.</p> : null}
      <FormError message={formError} />
      <input type="hidden" name="intent" value="action-from-help" />
      <div className="field">
        <label htmlFor={field("title")}>Action item</label>
        <input id={field("title")} type="text" name="title" defaultValue={title.length > 200 ? `${title.slice(0, 199)}…` : title} maxLength={200} aria-invalid={errors.title ? true : undefined} aria-describedby={described("title")} />
        {error("title")}
      </div>
      <div className="field">
        <label htmlFor={field("owner")}>Owner</label>
        <select id={field("owner")} name="ownerId" defaultValue={ownerId ?? ""} aria-invalid={errors.ownerId ? true : undefined} aria-describedby={described("ownerId")}>
          <option value="">Choose an owner</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.displayName}
            </option>
          ))}
        </select>
        {error("ownerId")}
      </div>
      <div className="field">
        <label htmlFor={field("due")}>Due</label>
        <input id={field("due")} type="date" name="dueDate" defaultValue={dueDefault} aria-invalid={errors.dueDate ? true : undefined} aria-describedby={described("dueDate")} />
        {error("dueDate")}
      </div>
      <button type="submit" disabled={busy}>
        Create action item
      </button>
    </Form>
  );
}

type OpenItem = { id: number; title: string; ownerName: string | null; dueDate: string; status: ActionStatus; overdue: boolean };

export function OpenItems({ items, trackerHref }: { items: OpenItem[]; trackerHref: string }) {
  return (
      <section aria-labelledby="items-heading" className="card">
        <h2 id="items-heading" style={{ marginTop: 0 }}>
          Open and overdue action items
        </h2>
        {items.length === 0 ? (
          <p className="muted">No open action items.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Action item</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {[...items]
                  .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueDate.localeCompare(b.dueDate))
                  .map((item) => (
                    <tr key={item.id}>
                      <td>{item.title}</td>
                      <td>{item.ownerName ?? "—"}</td>
                      <td>
                        {item.dueDate} {item.overdue ? <span className="badge danger">overdue</span> : null}
                      </td>
                      <td>{ACTION_STATUS_LABELS[item.status]}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="small" style={{ marginTop: "0.5rem" }}>
          <a href={trackerHref}>Open the action tracker</a>
        </p>
      </section>
  );
}

export function RecoveryChecklist({ checklist }: { checklist: { key: string; text: string; answer: boolean | null }[] }) {
  return (
      <section aria-labelledby="checklist-heading" className="card">
        <h2 id="checklist-heading" style={{ marginTop: 0 }}>
          Trust-recovery checklist
        </h2>
        <p className="muted small">
          {checklist.filter((q) => q.answer === true).length} of {checklist.length} answered yes.
        </p>
        <ul className="checklist">
          {checklist.map((q) => (
            <li key={q.key}>
              <span className={`badge ${q.answer === true ? "ok" : q.answer === false ? "danger" : ""}`}>{q.answer === true ? "yes" : q.answer === false ? "no" : "not answered"}</span> {q.text}
            </li>
          ))}
        </ul>
      </section>
  );
}
