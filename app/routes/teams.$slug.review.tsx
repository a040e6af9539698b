import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FieldError, FormError } from "~/components/field";
import { SectionCard } from "~/components/section-card";
import { Table } from "~/components/table";
import { ACTION_STATUS_LABELS, ACTION_STATUSES } from "~/domain/incidents";
import { changeStatusAndDue, loadReview, recordReview, type ReviewItem } from "~/models/review.server";
import { requireTeamRole } from "~/utils/auth.server";
import { failureOf, type FormState } from "~/utils/form-state";
import { formFailure, parseForm } from "~/utils/forms.server";
import { reviewSchema } from "~/utils/incident-forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { pct } from "~/utils/format";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team, role } = await requireTeamRole(request, params.slug);
  return json({ team: { name: team.name, slug: team.slug }, role, review: loadReview(team) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const { form, data, failure } = await parseForm(request, reviewSchema);
  if (failure) return failure;
  const back = `/teams/${team.slug}/review`;
  if (data.intent === "update-item") {
    if (!changeStatusAndDue(team.id, data.itemId, { status: data.status, dueDate: data.dueDate }))
      throw new Response("Not found", { status: 404 });
    return redirectWithFlash(request, back, "Action item updated.");
  }
  const today = loadReview(team).today;
  if (data.heldOn > today) return formFailure(form, { heldOn: "The review cannot be held in the future" });
  const held = recordReview(team, data.heldOn);
  return redirectWithFlash(
    request,
    back,
    held.due === 0
      ? `Review held on ${held.heldOn} recorded. No items were due since the last review.`
      : `Review held on ${held.heldOn} recorded: ${held.doneOnTime} of ${held.due} items due since the last review were done on time.`,
  );
}

function ItemRow({
  item,
  slug,
  isLead,
  failure,
}: {
  item: ReviewItem;
  slug: string;
  isLead: boolean;
  failure: FormState;
}) {
  const failed = failure.failed && failure.values.itemId === String(item.id);
  const errors = failed ? failure.errors : {};
  const formId = `item-${item.id}`;
  return (
    <tr className={item.overdue ? "overdue" : undefined}>
      <td>
        <a href={`/teams/${slug}/action-items/${item.id}`}>{item.title}</a>
        {item.overdue ? (
          <>
            {" "}
            <span className="badge danger">overdue</span>
          </>
        ) : null}
        {item.completedOn ? <span className="muted small"> · done {item.completedOn}</span> : null}
      </td>
      {isLead ? (
        <>
          <td>
            <select
              form={formId}
              name="status"
              aria-label={`Status of ${item.title}`}
              defaultValue={failed ? failure.values.status : item.status}
            >
              {ACTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {ACTION_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
            <FieldError id={`${formId}-status-error`} message={errors.status} />
          </td>
          <td>
            <input
              form={formId}
              type="date"
              name="dueDate"
              aria-label={`Due date of ${item.title}`}
              defaultValue={failed ? failure.values.dueDate : item.dueDate}
              aria-invalid={errors.dueDate ? true : undefined}
              aria-describedby={errors.dueDate ? `${formId}-due-error` : undefined}
            />
            <FieldError id={`${formId}-due-error`} message={errors.dueDate} />
          </td>
          <td>
            <Form method="post" id={formId}>
              <input type="hidden" name="intent" value="update-item" />
              <input type="hidden" name="itemId" value={item.id} />
              <button type="submit" className="secondary" aria-label={`Save ${item.title}`}>
                Save
              </button>
            </Form>
          </td>
        </>
      ) : (
        <>
          <td>{ACTION_STATUS_LABELS[item.status]}</td>
          <td>{item.dueDate}</td>
        </>
      )}
    </tr>
  );
}

export default function ReviewPage() {
  const { team, role, review } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const held = failureOf(result, "review-held");
  const isLead = role === "lead";
  // Every heading has words for screen readers (axe: empty-table-header), even the buttons' column.
  const saveHeading = (
    <span key="save" className="sr-only">
      Save
    </span>
  );
  const columns = isLead ? ["Action item", "Status", "Due", saveHeading] : ["Action item", "Status", "Due"];
  return (
    <div className="stack">
      <div className="spread">
        <h2 style={{ margin: 0 }}>Two-weekly action-item review</h2>
        <p className="muted small" style={{ margin: 0 }}>
          {review.counts.open} open · {review.counts.overdue} overdue · {review.counts.recentlyDone} done in the last
          two weeks
        </p>
      </div>
      <SectionCard headingId="held-heading" title="Reviews held">
        <p data-testid="review-completion">
          Done on time over the last {review.reviews.length === 1 ? "review" : `${review.reviews.length} reviews`}:{" "}
          <strong>{pct(review.completionRate)}</strong>
          {review.nextReviewDue ? <span className="muted"> · next review due {review.nextReviewDue}</span> : null}
        </p>
        {review.reviews.length === 0 ? (
          <p className="muted">No review recorded yet.</p>
        ) : (
          <Table columns={["Held on", "Due since the review before", "Done on time", "Rate"]}>
            {review.reviews.map((r) => (
              <tr key={r.heldOn + r.due}>
                <td>{r.heldOn}</td>
                <td>{r.due}</td>
                <td>{r.doneOnTime}</td>
                <td>{pct(r.rate)}</td>
              </tr>
            ))}
          </Table>
        )}
        {isLead ? (
          <Form method="post" className="inline-form" aria-label="Record review held">
            <FormError message={held.formError} />
            <input type="hidden" name="intent" value="review-held" />
            <label htmlFor="held-on">Held on</label>{" "}
            <input
              id="held-on"
              type="date"
              name="heldOn"
              defaultValue={held.values.heldOn ?? review.today}
              aria-invalid={held.errors.heldOn ? true : undefined}
              aria-describedby={held.errors.heldOn ? "held-on-error" : undefined}
            />{" "}
            <button type="submit">Record review held</button>
            <FieldError id="held-on-error" message={held.errors.heldOn} />
          </Form>
        ) : null}
      </SectionCard>
      {review.owners.length === 0 ? (
        <p className="muted">No open or recently done action items.</p>
      ) : (
        review.owners.map((owner, i) => (
          <SectionCard key={owner.ownerName} headingId={`owner-${i}`} title={owner.ownerName}>
            <Table columns={columns}>
              {[...owner.open, ...owner.done].map((item) => (
                <ItemRow
                  key={item.id}
                  item={item}
                  slug={team.slug}
                  isLead={isLead}
                  failure={failureOf(result, "update-item")}
                />
              ))}
            </Table>
          </SectionCard>
        ))
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Action-item review · ${data?.team.name ?? "Team"} · Trust Health` },
];
