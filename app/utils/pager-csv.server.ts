/**
 * PagerDuty's and Opsgenie's incident CSV exports, read into our incident fields.
 *
 * A file is recognised by its first line: ours names title, severity and started_at; a
 * PagerDuty export names its creation time (created_on or "Created At") with a title or
 * description and an urgency or incident number; an Opsgenie export names Message and
 * CreatedAt (with TinyId or Alias). Header names are compared in lower case with spaces,
 * dots and dashes read as underscores, so "Created At", "created_at" and "createdAt"
 * differ only in the last one (camel case is also folded: createdat).
 *
 * Times: ISO 8601, "YYYY-MM-DD HH:MM:SS" (with a trailing "UTC" read as Z), "YYYY/MM/DD …",
 * or epoch milliseconds. Durations such as PagerDuty's seconds_to_first_ack and
 * Opsgenie's AckTime (milliseconds) give detected/resolved when no time column does.
 */
import { parse } from "csv-parse/sync";
import { parseDateTime } from "~/domain/wall-time";
import { severityFor, type SeverityMap } from "~/domain/pager";

export type PagerCsvFormat = "pagerduty" | "opsgenie";

/** How a header is compared: "Created At" → created_at; "createdAt" → createdat. */
const normaliseHeader = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s.\-/]+/g, "_")
    .replace(/^_+|_+$/g, "");

type FieldAliases = Record<string, readonly string[]>;

const PAGERDUTY: FieldAliases = {
  title: ["title", "description", "summary", "incident_title"],
  startedAt: ["created_on", "created_at", "triggered_at", "opened_at"],
  detectedAt: ["acknowledged_on", "acknowledged_at", "first_acknowledged_at"],
  resolvedAt: ["resolved_on", "resolved_at"],
  ackSeconds: ["seconds_to_first_ack", "time_to_first_ack_seconds"],
  resolveSeconds: ["seconds_to_resolve", "time_to_resolve_seconds"],
  priority: ["priority", "priority_name"],
  urgency: ["urgency"],
  number: ["incident_number", "number"],
  service: ["service_name", "service"],
  url: ["html_url", "url", "incident_url"],
};

const OPSGENIE: FieldAliases = {
  title: ["message"],
  startedAt: ["createdat", "created_at"],
  detectedAt: ["acknowledgedat", "acknowledged_at"],
  resolvedAt: ["closedat", "closed_at", "resolvedat", "resolved_at"],
  ackMillis: ["acktime", "report_acktime", "ack_time"],
  closeMillis: ["closetime", "report_closetime", "close_time"],
  updatedAt: ["updatedat", "updated_at"],
  status: ["status"],
  priority: ["priority"],
  number: ["tinyid", "tiny_id"],
  description: ["description"],
};

function pick(header: Set<string>, aliases: FieldAliases) {
  const found: Record<string, string> = {};
  for (const [field, names] of Object.entries(aliases)) {
    const name = names.find((n) => header.has(n));
    if (name) found[field] = name;
  }
  return found;
}

export type PagerCsvReader = {
  format: PagerCsvFormat;
  /** The columns as they appear in the file's first line (lower case), for readCsvTable. */
  columns: { required: string[]; optional: string[] };
  /** A row's cells → the raw incident fields the incident schema reads. */
  toRaw: (cells: Record<string, string>) => Record<string, unknown>;
  /** The file's column behind a schema field, for messages. */
  columnFor: (field: string) => string;
};

/** Recognises a pager export by its first line; null for our own format (or anything else). */
export function pagerCsvReader(text: string, timeZone: string, severityMap: SeverityMap): PagerCsvReader | null {
  let first: string[];
  try {
    first = (parse(text, { bom: true, to_line: 1, relax_column_count: true }) as string[][])[0] ?? [];
  } catch {
    return null;
  }
  const raw = first.map((h) => h.trim().toLowerCase());
  const byNormal = new Map(raw.map((h) => [normaliseHeader(h), h]));
  const header = new Set(byNormal.keys());
  if (header.has("title") && header.has("severity") && header.has("started_at")) return null;

  const pd = pick(header, PAGERDUTY);
  const og = pick(header, OPSGENIE);
  let format: PagerCsvFormat;
  let found: Record<string, string>;
  if (og.title && og.startedAt && (og.number || header.has("alias"))) [format, found] = ["opsgenie", og];
  else if (pd.title && pd.startedAt && (pd.urgency || pd.number || pd.priority)) [format, found] = ["pagerduty", pd];
  else return null;

  const column = (field: string) => byNormal.get(found[field]!)!;
  const has = (field: string) => found[field] !== undefined;
  const cell = (cells: Record<string, string>, field: string) => (has(field) ? cells[column(field)]?.trim() || "" : "");
  const required = [column("title"), column("startedAt")];
  const optional = Object.keys(found)
    .filter((f) => f !== "title" && f !== "startedAt")
    .map(column);

  const toRaw = (cells: Record<string, string>) => {
    const readTime = (value: string) => readPagerTime(value) ?? parseDateTime(value, timeZone);
    const started = readTime(cell(cells, "startedAt"));
    const after = (amount: string, unit: number) => {
      const n = Number(amount);
      return started && amount !== "" && Number.isFinite(n) && n >= 0
        ? new Date(started.getTime() + n * unit).toISOString()
        : undefined;
    };
    const time = (field: string) => {
      const value = cell(cells, field);
      const date = readTime(value);
      return date ? date.toISOString() : value || undefined;
    };
    if (format === "pagerduty") {
      const number = cell(cells, "number");
      const service = cell(cells, "service");
      const url = cell(cells, "url");
      const summary = [`PagerDuty${number ? ` #${number}` : ""}${service ? ` (${service})` : ""}`, url]
        .filter(Boolean)
        .join(" ");
      return {
        title: cell(cells, "title"),
        severity: severityFor(
          severityMap,
          cell(cells, "priority") || null,
          cell(cells, "urgency").toLowerCase() || null,
        ),
        startedAt: started ? started.toISOString() : cell(cells, "startedAt"),
        detectedAt: time("detectedAt") ?? after(cell(cells, "ackSeconds"), 1000),
        resolvedAt: time("resolvedAt") ?? after(cell(cells, "resolveSeconds"), 1000),
        summary,
        audit: {},
      };
    }
    const closed = cell(cells, "status").toLowerCase() === "closed";
    const number = cell(cells, "number");
    return {
      title: cell(cells, "title"),
      severity: severityFor(severityMap, cell(cells, "priority") || null, null),
      startedAt: started ? started.toISOString() : cell(cells, "startedAt"),
      detectedAt: time("detectedAt") ?? after(cell(cells, "ackMillis"), 1),
      resolvedAt:
        time("resolvedAt") ?? after(cell(cells, "closeMillis"), 1) ?? (closed ? time("updatedAt") : undefined),
      summary: [`Opsgenie${number ? ` #${number}` : ""}`, cell(cells, "description")].filter(Boolean).join(": "),
      audit: {},
    };
  };
  const SCHEMA_FIELDS: Record<string, string[]> = {
    title: ["title"],
    startedAt: ["startedAt"],
    detectedAt: ["detectedAt", "ackSeconds", "ackMillis"],
    resolvedAt: ["resolvedAt", "resolveSeconds", "closeMillis", "updatedAt"],
    severity: ["priority", "urgency"],
    summary: ["description", "number"],
  };
  const columnFor = (field: string) => {
    const source = (SCHEMA_FIELDS[field] ?? []).find(has);
    return source ? column(source) : field || "(row)";
  };
  return { format, columns: { required, optional }, toRaw, columnFor };
}

/** A pager export's time with its zone (or epoch ms), or null: a wall time is read in the team's zone. */
function readPagerTime(value: string): Date | null {
  const v = value.trim();
  if (v === "") return null;
  if (/^\d{12,16}$/.test(v)) return new Date(Number(v));
  const iso = v
    .replace(/^(\d{4})\/(\d{2})\/(\d{2})/, "$1-$2-$3")
    .replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, "$1T$2")
    .replace(/\s*(UTC|GMT)$/i, "Z");
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(iso)) return null;
  const date = new Date(iso.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(date.getTime()) ? null : date;
}
