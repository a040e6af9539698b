/**
 * CSV reading and writing shared by every import and export. Pure: bytes or text in, rows and
 * problems (by line and column) out; incident-csv.server.ts and action-item-csv.server.ts
 * map the columns to records.
 *
 * - Columns are named in snake_case; only the required ones must be present, unknown
 *   ones (like the exported `id`) are ignored and listed in the preview.
 * - Times: ISO 8601 with an offset, or a wall time read in the team's zone.
 * - Export neutralises formulas: a cell beginning with = + - @ (or tab / carriage
 *   return, which some spreadsheets also treat as a formula start) gets a leading
 *   single quote. Import removes exactly that quote again, so files round-trip.
 */

import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { toOffsetDateTime } from "~/domain/instant-format";

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

export function extraValuesProblem(row: CsvRow, columnCount: number): CsvProblem | null {
  if (row.extraValues === undefined) return null;
  return {
    line: row.line,
    field: "(row)",
    message: `This row has ${row.extraValues} values but the first line names ${columnCount} columns`,
  };
}

export type ParsedRows<T> = {
  ok: true;
  rows: Array<{ line: number; input: T }>;
  problems: CsvProblem[];
  ignoredColumns: string[];
};

/**
 * CSV text as spreadsheets open it: a BOM (so Excel reads UTF-8) and CRLF line ends.
 * Cells are written as given: neutralise text cells (neutraliseCell) before.
 */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header, ...rows], { bom: true, record_delimiter: "\r\n" });
}

export function writeRecords(header: readonly string[], records: Array<Record<string, string>>): string {
  return writeCsv(
    header,
    records.map((r) => header.map((column) => neutraliseCell(r[column] ?? ""))),
  );
}

/** A time cell: ISO 8601 with the team's offset, or empty. */
export const timeCell = (d: Date | null, timeZone: string) => (d ? toOffsetDateTime(d, timeZone) : "");
