/**
 * CSV import and export of incidents and action items. Pure: bytes or text in, validated
 * inputs and problems (by line and column) out; the caller does the database work.
 *
 * - Columns are named in snake_case; only the required ones must be present, unknown
 *   ones (like the exported `id`) are ignored and listed in the preview.
 * - Times: ISO 8601 with an offset, or a wall time read in the team's zone.
 * - Export neutralises formulas: a cell beginning with = + - @ (or tab / carriage
 *   return, which some spreadsheets also treat as a formula start) gets a leading
 *   single quote. Import removes exactly that quote again, so files round-trip.
 */
import { isSaneInstant, outOfRangeMessage } from "~/domain/date-range";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import {
  ACTION_SOURCES,
  ACTION_SOURCE_LABELS,
  ACTION_STATUSES,
  ACTION_STATUS_LABELS,
  AUDIT_QUESTIONS,
  actionItemInputSchema,
  fieldErrors,
  makeIncidentInputSchema,
  parseDateTime,
  toOffsetDateTime,
  type AuditKey,
  type IncidentInput,
} from "~/domain/incidents";
import { DEFAULT_SEVERITY_MAP, type SeverityMap } from "~/domain/pager";
import type { ActionItem, NewActionItem } from "~/models/action-items.server";
import type { Incident } from "~/models/incidents.server";
import { pagerCsvReader, type PagerCsvFormat } from "./pager-csv.server";

export const MAX_CSV_BYTES = 2 * 1024 * 1024;
export const MAX_CSV_ROWS = 5000;

export type CsvProblem = { line: number; field: string; message: string };
export type CsvFailure = { ok: false; status: 400 | 413; message: string };

// ---------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------

const FORMULA_START = /^'*[=+\-@\t\r]/;

/** "=SUM(A1)" → "'=SUM(A1)"; a cell already starting with quotes before such a character gets one more. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse of neutraliseCell. */
export function restoreCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value) ? value.slice(1) : value;
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;

/** UTF-8 text (a BOM is dropped), or a message saying why the bytes are not that. */
export function decodeCsv(bytes: Uint8Array): { ok: true; text: string } | CsvFailure {
  if (bytes.byteLength > MAX_CSV_BYTES) {
    return {
      ok: false,
      status: 413,
      message: `The file is ${megabytes(bytes.byteLength)}; import at most ${megabytes(MAX_CSV_BYTES)} and ${MAX_CSV_ROWS.toLocaleString("en")} rows at a time. Split it into smaller files.`,
    };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, status: 400, message: "The file is UTF-16 text. Save it as “CSV UTF-8” and upload it again." };
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    return {
      ok: false,
      status: 400,
      message:
        "The file is not UTF-8 text (perhaps Windows-1252 or Latin-1). Save it as “CSV UTF-8” and upload it again.",
    };
  }
}

/** `extraValues`: how many values the row has when that is more than the columns named. */
export type CsvRow = { line: number; cells: Record<string, string>; extraValues?: number };
export type CsvTable = { rows: CsvRow[]; ignoredColumns: string[]; columnCount: number };

const lineBreaks = (cells: string[]) => cells.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/**
 * Rows keyed by lower-case column name, each with the line it starts on. Fails with one
 * message for a file that cannot be read as a table at all: malformed quoting, missing
 * or duplicate columns, too many rows.
 */
export function readCsvTable(
  text: string,
  columns: { required: readonly string[]; optional: readonly string[] },
): { ok: true; table: CsvTable } | CsvFailure {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  } catch (error) {
    const where = error && typeof error === "object" && "lines" in error ? ` on line ${String(error.lines)}` : "";
    const what =
      error instanceof Error
        ? error.message.replace(/^[^:]*:\s*/, "").replace(/ at line \d+.*$/, "")
        : "it is not valid CSV";
    return { ok: false, status: 400, message: `The file could not be read as CSV${where}: ${what}` };
  }
  const [first] = records;
  if (!first) return { ok: false, status: 400, message: "The file is empty. The first line must name the columns." };

  const header = first.record.map((name) => name.trim().toLowerCase());
  const seen = new Set<string>();
  for (const name of header) {
    if (name && seen.has(name))
      return { ok: false, status: 400, message: `The column ${name} appears twice in the first line.` };
    seen.add(name);
  }
  const missing = columns.required.filter((name) => !seen.has(name));
  if (missing.length > 0) {
    const list = missing.join(", ");
    return {
      ok: false,
      status: 400,
      message: `The file has no ${list} column${missing.length > 1 ? "s" : ""}. The first line must name the columns; required: ${columns.required.join(", ")}.`,
    };
  }
  const known = new Set([...columns.required, ...columns.optional]);
  const ignoredColumns = header.filter((name) => name && !known.has(name));

  const body = records.slice(1);
  if (body.length > MAX_CSV_ROWS) {
    return {
      ok: false,
      status: 413,
      message: `The file has ${body.length.toLocaleString("en")} rows; import at most ${MAX_CSV_ROWS.toLocaleString("en")} rows at a time. Split it into smaller files.`,
    };
  }

  const rows: CsvRow[] = [];
  for (const { record, info } of body) {
    if (record.every((cell) => cell.trim() === "")) continue;
    const cells: Record<string, string> = {};
    header.forEach((name, i) => {
      if (name && known.has(name)) cells[name] = restoreCell(record[i] ?? "");
    });
    const line = info.lines - lineBreaks(record);
    const extra = record.length > header.length && record.slice(header.length).some((cell) => cell.trim() !== "");
    rows.push(extra ? { line, cells, extraValues: record.length } : { line, cells });
  }
  return { ok: true, table: { rows, ignoredColumns, columnCount: header.length } };
}

function extraValuesProblem(row: CsvRow, columnCount: number): CsvProblem | null {
  if (row.extraValues === undefined) return null;
  return {
    line: row.line,
    field: "(row)",
    message: `This row has ${row.extraValues} values but the first line names ${columnCount} columns`,
  };
}

// ---------------------------------------------------------------------------
// Incidents
// ---------------------------------------------------------------------------

const AUDIT_COLUMNS: Record<AuditKey, string> = {
  investigatingWithin5m: "audit_investigating_within_5m",
  updatesEvery15to20m: "audit_updates_every_15_to_20m",
  resolvedPostWithCause: "audit_resolved_post_with_cause",
  customerEmailWithin2h: "audit_customer_email_within_2h",
  creditsOffered: "audit_credits_offered",
  postmortemPublished: "audit_postmortem_published",
};

const INCIDENT_FIELDS = {
  title: "title",
  severity: "severity",
  startedAt: "started_at",
  detectedAt: "detected_at",
  resolvedAt: "resolved_at",
  summary: "summary",
  postmortemUrl: "postmortem_url",
  postmortemPublishedAt: "postmortem_published_at",
} as const;

export const INCIDENT_COLUMNS = {
  required: ["title", "severity", "started_at"],
  optional: [
    "detected_at",
    "resolved_at",
    "summary",
    "postmortem_url",
    "postmortem_published_at",
    ...AUDIT_QUESTIONS.map((q) => AUDIT_COLUMNS[q.key]),
  ],
} as const;

const EXPORT_INCIDENT_COLUMNS = ["id", ...INCIDENT_COLUMNS.required, ...INCIDENT_COLUMNS.optional];

function auditCell(value: string | undefined): string | undefined {
  const v = value?.trim().toLowerCase();
  if (!v) return undefined;
  if (v === "n/a" || v === "not applicable") return "na";
  return v;
}

/** Maps a schema error key ("startedAt", "audit.creditsOffered") back to its column. */
function incidentColumnFor(key: string): string {
  if (key.startsWith("audit.")) return AUDIT_COLUMNS[key.slice(6) as AuditKey] ?? "audit";
  return INCIDENT_FIELDS[key as keyof typeof INCIDENT_FIELDS] ?? (key || "(row)");
}

export type ParsedRows<T> = {
  ok: true;
  rows: Array<{ line: number; input: T }>;
  problems: CsvProblem[];
  ignoredColumns: string[];
};

/**
 * Our own columns, or a PagerDuty or Opsgenie incident export (see pager-csv.server.ts);
 * `format` says which was read. Pager severities follow the team's pager mapping.
 */
export function parseIncidentCsv(
  text: string,
  timeZone: string,
  severityMap: SeverityMap = DEFAULT_SEVERITY_MAP,
): (ParsedRows<IncidentInput> & { format: PagerCsvFormat | "trust-health" }) | CsvFailure {
  const pager = pagerCsvReader(text, timeZone, severityMap);
  const read = readCsvTable(text, pager ? pager.columns : INCIDENT_COLUMNS);
  if (!read.ok) return read;
  const schema = makeIncidentInputSchema(timeZone);
  const rows: ParsedRows<IncidentInput>["rows"] = [];
  const problems: CsvProblem[] = [];
  for (const row of read.table.rows) {
    const extra = extraValuesProblem(row, read.table.columnCount);
    if (extra) problems.push(extra);
    let raw: Record<string, unknown> = {};
    if (pager) raw = pager.toRaw(row.cells);
    else {
      for (const [field, column] of Object.entries(INCIDENT_FIELDS)) raw[field] = row.cells[column];
      raw.audit = Object.fromEntries(AUDIT_QUESTIONS.map((q) => [q.key, auditCell(row.cells[AUDIT_COLUMNS[q.key]])]));
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const [key, message] of Object.entries(fieldErrors(parsed.error))) {
        problems.push({ line: row.line, field: pager ? pager.columnFor(key) : incidentColumnFor(key), message });
      }
    } else if (!extra) {
      rows.push({ line: row.line, input: parsed.data });
    }
  }
  return {
    ok: true,
    rows,
    problems,
    ignoredColumns: read.table.ignoredColumns,
    format: pager?.format ?? "trust-health",
  };
}

/**
 * CSV text as spreadsheets open it: a BOM (so Excel reads UTF-8) and CRLF line ends.
 * Cells are written as given: neutralise text cells (neutraliseCell) before.
 */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header, ...rows], { bom: true, record_delimiter: "\r\n" });
}

function csvText(header: readonly string[], records: Array<Record<string, string>>): string {
  return writeCsv(
    header,
    records.map((r) => header.map((column) => neutraliseCell(r[column] ?? ""))),
  );
}

const offset = (d: Date | null, timeZone: string) => (d ? toOffsetDateTime(d, timeZone) : "");

export function incidentsToCsv(incidents: Incident[], timeZone: string): string {
  return csvText(
    EXPORT_INCIDENT_COLUMNS,
    incidents.map((incident) => {
      const record: Record<string, string> = {
        id: String(incident.id),
        title: incident.title,
        severity: incident.severity,
        started_at: offset(incident.startedAt, timeZone),
        detected_at: offset(incident.detectedAt, timeZone),
        resolved_at: offset(incident.resolvedAt, timeZone),
        summary: incident.summary ?? "",
        postmortem_url: incident.postmortemUrl ?? "",
        postmortem_published_at: offset(incident.postmortemPublishedAt, timeZone),
      };
      for (const q of AUDIT_QUESTIONS) record[AUDIT_COLUMNS[q.key]] = incident.audit[q.key] ?? "";
      return record;
    }),
  );
}

// ---------------------------------------------------------------------------
// Action items
// ---------------------------------------------------------------------------

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
): ParsedRows<NewActionItem> | CsvFailure {
  const read = readCsvTable(text, ACTION_ITEM_COLUMNS);
  if (!read.ok) return read;
  const rows: ParsedRows<NewActionItem>["rows"] = [];
  const problems: CsvProblem[] = [];
  for (const row of read.table.rows) {
    const c = row.cells;
    const rowProblems: CsvProblem[] = [];
    const problem = (field: string, message: string) => rowProblems.push({ line: row.line, field, message });
    const extra = extraValuesProblem(row, read.table.columnCount);
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
      for (const [key, message] of Object.entries(fieldErrors(parsed.error))) {
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
  return csvText(
    EXPORT_ACTION_ITEM_COLUMNS,
    items.map((item) => ({
      id: String(item.id),
      title: item.title,
      owner_email: item.ownerEmail ?? "",
      owner_name: item.ownerName ?? "",
      due_date: item.dueDate,
      status: item.status,
      source: item.source,
      incident_started_at: offset(item.incidentStartedAt, timeZone),
      incident_title: item.incidentTitle ?? "",
      notes: item.notes ?? "",
      created_at: offset(item.createdAt, timeZone),
      completed_at: offset(item.completedAt, timeZone),
    })),
  );
}
