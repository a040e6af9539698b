import { Form, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/field";
import { SectionCard } from "~/components/section-card";
import { Table } from "~/components/table";
import { Tile } from "~/components/tile";
import { MemberOptions } from "~/components/incidents/action-item-fields";
import { ACTION_STATUS_LABELS, formatDuration, SEVERITIES, type ActionStatus } from "~/domain/incidents";
import type { IncidentMetrics } from "~/domain/incident-metrics";

/** Pieces of the retro view (app/routes/teams.$slug.retro.tsx) that draw no charts. */

export function IncidentTile({
  title,
  now,
  before,
}: {
  title: string;
  now: { incidents: IncidentMetrics };
  before: { incidents: IncidentMetrics };
}) {
  return (
    <Tile
      label={title}
      value={now.incidents.count}
      note={
        <>
          {SEVERITIES.filter((s) => now.incidents.bySeverity[s] > 0)
            .map((s) => `${now.incidents.bySeverity[s]} ${s}`)
            .join(" · ") || "none"}
          ; was {before.incidents.count} · median recovery {formatDuration(now.incidents.timeToRecoverMinutes.median)}{" "}
          (was {formatDuration(before.incidents.timeToRecoverMinutes.median)})
        </>
      }
    />
  );
}

/** A lead turns a released comment into an action item: only the words travel. */
export function HelpToActionForm({
  id,
  commentKey,
  kind,
  title,
  members,
  dueDefault,
  ownerId,
  errors = {},
  formError,
}: {
  id: string;
  commentKey: string;
  kind: string;
  title: string;
  members: { userId: number; displayName: string }[];
  dueDefault: string;
  ownerId?: string;
  errors?: Record<string, string>;
  formError?: string;
}) {
  const busy = useNavigation().state === "submitting";
  const field = (name: string) => `act-${id}-${name}`;
  return (
    <Form
      method="post"
      aria-label={kind === "help" ? "New action item from a help request" : "New action item from a comment"}
    >
      {Object.keys(errors).length > 0 || formError ? (
        <p className="field-error">The action item was not created. Check the fields below.</p>
      ) : null}
      <FormError message={formError} />
      <input type="hidden" name="intent" value="action-from-comment" />
      <input type="hidden" name="commentKey" value={commentKey} />
      <Field
        name="title"
        id={field("title")}
        label="Action item"
        error={errors.title}
        defaultValue={title.length > 200 ? `${title.slice(0, 199)}…` : title}
        maxLength={200}
      />
      <Field
        name="ownerId"
        id={field("owner")}
        errorId={field("ownerId-error")}
        label="Owner"
        error={errors.ownerId}
        defaultValue={ownerId ?? ""}
      >
        {(control) => (
          <select {...control}>
            <option value="">Choose an owner</option>
            <MemberOptions members={members} />
          </select>
        )}
      </Field>
      <Field
        name="dueDate"
        id={field("due")}
        errorId={field("dueDate-error")}
        type="date"
        label="Due"
        error={errors.dueDate}
        defaultValue={dueDefault}
      />
      <button type="submit" disabled={busy}>
        Create action item
      </button>
    </Form>
  );
}

type OpenItem = {
  id: number;
  title: string;
  ownerName: string | null;
  dueDate: string;
  status: ActionStatus;
  overdue: boolean;
};

export function OpenItems({ items, trackerHref }: { items: OpenItem[]; trackerHref: string }) {
  return (
    <SectionCard headingId="items-heading" title="Open and overdue action items">
      {items.length === 0 ? (
        <p className="muted">No open action items.</p>
      ) : (
        <Table cards columns={["Action item", "Owner", "Due", "Status"]}>
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
        </Table>
      )}
      <p className="small" style={{ marginTop: "0.5rem" }}>
        <a href={trackerHref}>Open the action tracker</a>
      </p>
    </SectionCard>
  );
}

export function RecoveryChecklist({
  checklist,
}: {
  checklist: { key: string; text: string; answer: boolean | null }[];
}) {
  return (
    <SectionCard headingId="checklist-heading" title="Trust-recovery checklist">
      <p className="muted small">
        {checklist.filter((q) => q.answer === true).length} of {checklist.length} answered yes.
      </p>
      <ul className="checklist">
        {checklist.map((q) => (
          <li key={q.key}>
            <span className={`badge ${q.answer === true ? "ok" : q.answer === false ? "danger" : ""}`}>
              {q.answer === true ? "yes" : q.answer === false ? "no" : "not answered"}
            </span>{" "}
            {q.text}
          </li>
        ))}
      </ul>
    </SectionCard>
  );
}
