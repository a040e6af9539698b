/** Action-item statuses and their names: no zod here, so the browser bundle stays small. */
export const ACTION_STATUSES = ["open", "in_progress", "done", "dropped"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  done: "Done",
  dropped: "Dropped",
};

/** An item still owed (open or in progress) whose due day has passed on `today`. */
export function isOverdue(item: { status: ActionStatus; dueDate: string }, today: string): boolean {
  return (item.status === "open" || item.status === "in_progress") && item.dueDate < today;
}

/**
 * completedAt after a status change: set when an item becomes done, kept while it
 * stays done, cleared when it is reopened or dropped (dropped is not completed).
 */
export function completedAtAfter(
  previous: { status: ActionStatus; completedAt: Date | null } | null,
  nextStatus: ActionStatus,
  now: Date,
): Date | null {
  if (nextStatus !== "done") return null;
  if (previous?.status === "done" && previous.completedAt) return previous.completedAt;
  return now;
}
