import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { FormState } from "~/utils/form-state";
import { Field } from "~/components/field";
import { ACTION_SOURCE_LABELS, ACTION_SOURCES, ACTION_STATUS_LABELS, ACTION_STATUSES } from "~/domain/incidents";

export type MemberChoice = { userId: number; displayName: string };
export type IncidentChoice = { id: number; label: string };

type Props = {
  values: Record<string, string>;
  errors: Record<string, string>;
  members: MemberChoice[];
  /** Omit to leave the incident out of the form (the page decides it). */
  incidents?: IncidentChoice[];
  /** Field-name prefix for repeated rows ("actions.0."). */
  prefix?: string;
  /** Hide the source choice (the page decides it). */
  showSource?: boolean;
  showStatus?: boolean;
  showNotes?: boolean;
};

function Select({
  name,
  label,
  error,
  value,
  children,
}: {
  name: string;
  label: string;
  error?: string;
  value: string;
  children: ReactNode;
}) {
  return (
    <Field name={name} label={label} error={error}>
      <select
        id={`field-${name}`}
        name={name}
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `field-${name}-error` : undefined}
      >
        {children}
      </select>
    </Field>
  );
}

/** One option per action status, named as people read them. */
export function StatusOptions() {
  return (
    <>
      {ACTION_STATUSES.map((s) => (
        <option key={s} value={s}>
          {ACTION_STATUS_LABELS[s]}
        </option>
      ))}
    </>
  );
}

/** One option per team member, by name; the value is the person's id. */
export function MemberOptions({ members }: { members: MemberChoice[] }) {
  return (
    <>
      {members.map((m) => (
        <option key={m.userId} value={m.userId}>
          {m.displayName}
        </option>
      ))}
    </>
  );
}

/** The action-item fields, used on the tracker, incident, and pre-mortem pages. */
export function ActionItemFields({
  values,
  errors,
  members,
  incidents,
  prefix = "",
  showSource = true,
  showStatus = true,
  showNotes = true,
}: Props) {
  const n = (name: string) => `${prefix}${name}`;
  const v = (name: string) => values[n(name)] ?? "";
  const e = (name: string) => errors[n(name)];
  return (
    <>
      <Field name={n("title")} label="Action" defaultValue={v("title")} error={e("title")} maxLength={200} />
      <div className="grid">
        <Select name={n("ownerId")} label="Owner" error={e("ownerId")} value={v("ownerId")}>
          <option value="">Choose…</option>
          <MemberOptions members={members} />
        </Select>
        <Field
          name={n("dueDate")}
          label="Due date"
          type="date"
          hint="YYYY-MM-DD"
          defaultValue={v("dueDate")}
          error={e("dueDate")}
        />
        {showStatus ? (
          <Select name={n("status")} label="Status" error={e("status")} value={v("status") || "open"}>
            <StatusOptions />
          </Select>
        ) : null}
        {showSource ? (
          <Select name={n("source")} label="Source" error={e("source")} value={v("source")}>
            <option value="">Choose…</option>
            {ACTION_SOURCES.map((s) => (
              <option key={s} value={s}>
                {ACTION_SOURCE_LABELS[s]}
              </option>
            ))}
          </Select>
        ) : null}
        {incidents ? (
          <Select
            name={n("incidentId")}
            label="Linked incident (optional)"
            error={e("incidentId")}
            value={v("incidentId")}
          >
            <option value="">None</option>
            {incidents.map((i) => (
              <option key={i.id} value={i.id}>
                {i.label}
              </option>
            ))}
          </Select>
        ) : null}
      </div>
      {showNotes ? (
        <Field
          name={n("notes")}
          label="Notes (optional)"
          multiline
          defaultValue={v("notes")}
          error={e("notes")}
          maxLength={2000}
        />
      ) : null}
    </>
  );
}

/** The new and edit forms of one action item; after a failed save it shows what was sent. */
export function ActionItemForm({
  intent,
  state,
  values,
  members,
  incidents,
  busy,
  submitLabel,
  className,
}: {
  intent?: string;
  state: FormState;
  values: Record<string, string>;
  members: MemberChoice[];
  incidents: IncidentChoice[];
  busy: boolean;
  submitLabel: string;
  className?: string;
}) {
  return (
    <Form method="post" noValidate className={className}>
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <ActionItemFields
        values={state.failed ? state.values : values}
        errors={state.errors}
        members={members}
        incidents={incidents}
      />
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
