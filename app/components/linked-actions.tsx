import { Form, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/field";
import { ActionItemFields } from "~/components/incidents/action-item-fields";
import { ActionItemTable, type ActionRow } from "~/components/incidents/action-item-table";
import type { FormState } from "~/utils/form-state";

const TEXT = {
  incident: {
    id: "follow-ups",
    title: "Follow-up action items",
    empty: "No follow-ups yet.",
    addTitle: "Add a follow-up",
    addLabel: "Add follow-up",
  },
  premortem: {
    id: "preventive-heading",
    title: "Preventive actions",
    empty: "None yet.",
    addTitle: "Add a preventive action",
    addLabel: "Add preventive action",
  },
};

/**
 * The action items that came out of one incident or pre-mortem, and for a lead the form that
 * adds one (posted to the page's own action). Keyed by the count, the form clears once an item
 * is added (with JavaScript the page is not reloaded).
 */
export function LinkedActions({
  kind,
  page,
  failure,
}: {
  kind: keyof typeof TEXT;
  /** The page's loader data: its team, the viewer's role, the linked items and (for a lead) the members. */
  page: {
    team: { slug: string };
    role: string;
    actions: ActionRow[];
    members: { userId: number; displayName: string }[];
  };
  failure: FormState;
}) {
  const { id, title, empty, addTitle, addLabel } = TEXT[kind];
  const { actions: rows, members } = page;
  const slug = page.team.slug;
  const isLead = page.role === "lead";
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id} style={{ marginTop: 0 }}>
        {title}
      </h3>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ActionItemTable slug={slug} rows={rows} showSource={false} />
      )}
      {isLead ? (
        <Form key={rows.length} method="post" noValidate className="subform" aria-labelledby={`${id}-add`}>
          <h4 id={`${id}-add`}>{addTitle}</h4>
          <FormError message={failure.formError} />
          <ActionItemFields
            values={failure.values}
            errors={failure.errors}
            members={members}
            showSource={false}
            showStatus={false}
          />
          <button type="submit" disabled={busy}>
            {addLabel}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
