/** Action items as CSV: the tracker's columns in and out (see csv.server.ts). */
import { isSaneInstant, outOfRangeMessage } from "~/domain/date-range";
import { ACTION_SOURCES, ACTION_SOURCE_LABELS, ACTION_STATUSES, ACTION_STATUS_LABELS } from "~/domain/incidents";
import { actionItemInputSchema } from "~/domain/incident-input.server";
import { issuesToFieldErrors } from "~/utils/forms.server";
import { parseDateTime } from "~/domain/wall-time";
import type { ActionItem, NewActionItem } from "~/models/action-items.server";
import * as csv from "./csv.server";

export const ACTION_ITEM_COLUMNS = {
  required: ["title", "owner_email", "due_date", "status", "source"],
  optional: ["incident_started_at", "incident_title", "notes", "created_at", "completed_at"],
} as const;

const EXPORT_ACTION_ITEM_COLUMNS = [
  "id",
  "title",
  "owner_email",
  "owner_name",
  "due_date",
  "status",
  "source",
  "incident_started_at",
  "incident_title",
  "notes",
  "created_at",
  "completed_at",
];

const ACTION_ITEM_FIELDS: Record<string, string> = {
  title: "title",
  ownerId: "owner_email",
  dueDate: "due_date",
  status: "status",
  source: "source",
  incidentId: "incident_title",
  notes: "notes",
};

/** Accepts the stored word or the label people see ("In progress", "Pre-mortem"). */
function vocabularyLookup<T extends string>(values: readonly T[], labels: Record<T, string>) {
  const map = new Map<string, T>();
  for (const value of values) {
    map.set(value, value);
    map.set(labels[value].toLowerCase(), value);
    map.set(value.replace(/_/g, " "), value);
  }
  return (cell: string | undefined) => {
    const v = cell?.trim().toLowerCase() ?? "";
    return map.get(v) ?? cell;
  };
}
const statusOf = vocabularyLookup(ACTION_STATUSES, ACTION_STATUS_LABELS);
const sourceOf = vocabularyLookup(ACTION_SOURCES, { ...ACTION_SOURCE_LABELS, premortem: "pre-mortem" });

export type ActionItemCsvContext = {
  timeZone: string;
  /** active members by lower-case email */
  ownerIdByEmail: Map<string, number>;
  findIncident: (startedAt: Date, title: string) => number | undefined;
};

export function parseActionItemCsv(
  text: string,
  context: ActionItemCsvContext,
): csv.ParsedRows<NewActionItem> | csv.CsvFailure {
  const read = csv.readCsvTable(text, ACTION_ITEM_COLUMNS);
  if (!read.ok) return read;
  const rows: csv.ParsedRows<NewActionItem>["rows"] = [];
  const problems: csv.CsvProblem[] = [];
  for (const row of read.table.rows) {
    const c = row.cells;
    const rowProblems: csv.CsvProblem[] = [];
    const problem = (field: string, message: string) => rowProblems.push({ line: row.line, field, message });
    const extra = csv.extraValuesProblem(row, read.table.columnCount);
    if (extra) rowProblems.push(extra);

    const email = c.owner_email?.trim().toLowerCase() ?? "";
    const ownerId = email ? context.ownerIdByEmail.get(email) : undefined;
    if (email && ownerId === undefined) problem("owner_email", `No one on this team has the email ${email}`);

    let incidentId: number | null = null;
    const incidentStart = c.incident_started_at?.trim() ?? "";
    const incidentTitle = c.incident_title?.trim() ?? "";
    if (incidentStart || incidentTitle) {
      const startedAt = incidentStart ? parseDateTime(incidentStart, context.timeZone) : null;
      if (!incidentStart || !incidentTitle) {
        problem(
          incidentStart ? "incident_title" : "incident_started_at",
          "Give both incident_started_at and incident_title to link an incident",
        );
      } else if (!startedAt) {
        problem("incident_started_at", "Enter a date and time like 2026-11-20T14:05");
      } else {
        incidentId = context.findIncident(startedAt, incidentTitle) ?? null;
        if (incidentId === null)
          problem(
            "incident_title",
            `No incident “${incidentTitle}” started at ${incidentStart} in this team; import the incidents first`,
          );
      }
    }

    const times: Record<"created_at" | "completed_at", Date | null> = { created_at: null, completed_at: null };
    for (const column of ["created_at", "completed_at"] as const) {
      const value = c[column]?.trim();
      if (!value) continue;
      times[column] = parseDateTime(value, context.timeZone);
      if (!times[column]) problem(column, "Enter a date and time like 2026-11-20T14:05");
      else if (!isSaneInstant(times[column])) {
        problem(column, outOfRangeMessage());
        times[column] = null;
      }
    }

    const parsed = actionItemInputSchema.safeParse({
      title: c.title,
      ownerId,
      dueDate: c.due_date,
      status: statusOf(c.status),
      source: sourceOf(c.source),
      incidentId: incidentId ?? undefined,
      notes: c.notes,
    });
    if (!parsed.success) {
      for (const [key, message] of Object.entries(issuesToFieldErrors(parsed.error, "data"))) {
        if (key === "ownerId" && email) continue; // the unknown email is reported above
        problem(
          ACTION_ITEM_FIELDS[key] ?? (key || "(row)"),
          key === "ownerId" ? "Enter the owner's email address" : message,
        );
      }
    } else {
      if (times.completed_at && parsed.data.status !== "done")
        problem("completed_at", "Only a done item has a completion time");
      if (times.completed_at && times.created_at && times.completed_at < times.created_at) {
        problem("completed_at", "Completed before it was created");
      }
    }
    if (rowProblems.length > 0 || !parsed.success) {
      problems.push(...rowProblems);
      continue;
    }
    rows.push({
      line: row.line,
      input: {
        ...parsed.data,
        ownerId: ownerId!,
        incidentId,
        createdAt: times.created_at ?? undefined,
        // A done item without a completion time stays "done, time unknown" rather than
        // pretending it was finished at import time.
        completedAt: times.completed_at,
      },
    });
  }
  return { ok: true, rows, problems, ignoredColumns: read.table.ignoredColumns };
}

export function actionItemsToCsv(items: ActionItem[], timeZone: string): string {
  return csv.writeRecords(
    EXPORT_ACTION_ITEM_COLUMNS,
    items.map((item) => ({
      id: String(item.id),
      title: item.title,
      owner_email: item.ownerEmail ?? "",
      owner_name: item.ownerName ?? "",
      due_date: item.dueDate,
      status: item.status,
      source: item.source,
      incident_started_at: csv.timeCell(item.incidentStartedAt, timeZone),
      incident_title: item.incidentTitle ?? "",
      notes: item.notes ?? "",
      created_at: csv.timeCell(item.createdAt, timeZone),
      completed_at: csv.timeCell(item.completedAt, timeZone),
    })),
  );
}
