import { Form, Link, useLocation } from "@remix-run/react";
import { ACTION_SOURCE_LABELS, ACTION_STATUS_LABELS, ACTION_STATUSES } from "~/domain/incidents";
import { formatInstant } from "~/domain/instant-format";
import { isOverdue } from "~/domain/action-status";
import { Table } from "~/components/table";
import type { ActionItem } from "~/models/action-items.server";
import { OverdueBadge, StatusBadge } from "./subnav";

/** One tracker row, already formatted for the page (loaders call this; components only draw). */
export function toActionRow(
  item: ActionItem,
  ctx: { today: string; timeZone: string; userId: number; role: "lead" | "member" },
) {
  return {
    id: item.id,
    title: item.title,
    ownerName: item.ownerName ?? "(no longer on the team)",
    isMine: item.ownerId === ctx.userId,
    dueDate: item.dueDate,
    overdue: isOverdue(item, ctx.today),
    status: item.status,
    statusLabel: ACTION_STATUS_LABELS[item.status],
    sourceLabel: ACTION_SOURCE_LABELS[item.source],
    incidentId: item.incidentId,
    incidentTitle: item.incidentTitle,
    premortemId: item.premortemId,
    premortemTitle: item.premortemTitle,
    completedAt: item.completedAt ? formatInstant(item.completedAt, ctx.timeZone) : null,
    // The owner may move their own item; a lead may move any.
    canChangeStatus: ctx.role === "lead" || item.ownerId === ctx.userId,
  };
}

export type ActionRow = ReturnType<typeof toActionRow>;

export function ActionItemTable({
  slug,
  rows,
  showSource = true,
}: {
  slug: string;
  rows: ActionRow[];
  showSource?: boolean;
}) {
  const location = useLocation();
  const back = location.pathname + location.search;
  return (
    <Table
      cards
      className="tracker"
      columns={["Action", "Owner", "Due", "Status", ...(showSource ? ["Source"] : []), "Completed"]}
    >
      {rows.map((row) => (
        <tr key={row.id} className={row.overdue ? "overdue" : undefined}>
          <td>
            <Link to={`/teams/${slug}/action-items/${row.id}`}>{row.title}</Link>
          </td>
          <td>
            {row.ownerName} {row.isMine ? <span className="muted small">(you)</span> : null}
          </td>
          <td>
            {row.dueDate} {row.overdue ? <OverdueBadge /> : null}
          </td>
          <td>
            {row.canChangeStatus ? (
              <Form method="post" action={`/teams/${slug}/action-items/${row.id}`} className="row status-form">
                <input type="hidden" name="intent" value="status" />
                <input type="hidden" name="back" value={back} />
                <label className="sr-only" htmlFor={`status-${row.id}`}>
                  Status of {row.title}
                </label>
                <select id={`status-${row.id}`} name="status" defaultValue={row.status} style={{ width: "auto" }}>
                  {ACTION_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {ACTION_STATUS_LABELS[s]}
                    </option>
                  ))}
                </select>
                <button type="submit" className="secondary">
                  Update
                </button>
              </Form>
            ) : (
              <StatusBadge status={row.status} label={row.statusLabel} />
            )}
          </td>
          {showSource ? (
            <td>
              {row.sourceLabel}
              {row.incidentId ? (
                <>
                  {" "}
                  of <Link to={`/teams/${slug}/incidents/${row.incidentId}`}>{row.incidentTitle}</Link>
                </>
              ) : null}
              {row.premortemId ? (
                <>
                  {" "}
                  <Link to={`/teams/${slug}/premortem/${row.premortemId}`}>{row.premortemTitle}</Link>
                </>
              ) : null}
            </td>
          ) : null}
          <td>{row.completedAt ?? <span className="muted">—</span>}</td>
        </tr>
      ))}
    </Table>
  );
}
