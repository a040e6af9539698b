/** Incidents as CSV: our own columns or a pager export in, our columns out (see csv.server.ts). */

import { AUDIT_QUESTIONS, type AuditKey } from "~/domain/incidents";
import { issuesToFieldErrors } from "~/utils/forms.server";
import { makeIncidentInputSchema, type IncidentInput } from "~/domain/incident-input.server";
import { DEFAULT_SEVERITY_MAP, type SeverityMap } from "~/domain/pager";
import type { Incident } from "~/models/incidents.server";
import { pagerCsvReader, type PagerCsvFormat } from "./pager-csv.server";
import * as csv from "./csv.server";

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

/**
 * Our own columns, or a PagerDuty or Opsgenie incident export (see pager-csv.server.ts);
 * `format` says which was read. Pager severities follow the team's pager mapping.
 */
export function parseIncidentCsv(
  text: string,
  timeZone: string,
  severityMap: SeverityMap = DEFAULT_SEVERITY_MAP,
): (csv.ParsedRows<IncidentInput> & { format: PagerCsvFormat | "trust-health" }) | csv.CsvFailure {
  const pager = pagerCsvReader(text, timeZone, severityMap);
  const read = csv.readCsvTable(text, pager ? pager.columns : INCIDENT_COLUMNS);
  if (!read.ok) return read;
  const schema = makeIncidentInputSchema(timeZone);
  const rows: csv.ParsedRows<IncidentInput>["rows"] = [];
  const problems: csv.CsvProblem[] = [];
  for (const row of read.table.rows) {
    const extra = csv.extraValuesProblem(row, read.table.columnCount);
    if (extra) problems.push(extra);
    let raw: Record<string, unknown> = {};
    if (pager) raw = pager.toRaw(row.cells);
    else {
      for (const [field, column] of Object.entries(INCIDENT_FIELDS)) raw[field] = row.cells[column];
      raw.audit = Object.fromEntries(AUDIT_QUESTIONS.map((q) => [q.key, auditCell(row.cells[AUDIT_COLUMNS[q.key]])]));
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const [key, message] of Object.entries(issuesToFieldErrors(parsed.error, "data"))) {
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

export function incidentsToCsv(incidents: Incident[], timeZone: string): string {
  return csv.writeRecords(
    EXPORT_INCIDENT_COLUMNS,
    incidents.map((incident) => {
      const record: Record<string, string> = {
        id: String(incident.id),
        title: incident.title,
        severity: incident.severity,
        started_at: csv.timeCell(incident.startedAt, timeZone),
        detected_at: csv.timeCell(incident.detectedAt, timeZone),
        resolved_at: csv.timeCell(incident.resolvedAt, timeZone),
        summary: incident.summary ?? "",
        postmortem_url: incident.postmortemUrl ?? "",
        postmortem_published_at: csv.timeCell(incident.postmortemPublishedAt, timeZone),
      };
      for (const q of AUDIT_QUESTIONS) record[AUDIT_COLUMNS[q.key]] = incident.audit[q.key] ?? "";
      return record;
    }),
  );
}
