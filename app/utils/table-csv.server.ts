import type { SeriesTable } from "~/domain/dashboard";
import { neutraliseCell, writeCsv } from "./csv.server";

/** A chart's table as a CSV download: empty cells for gaps, formulas neutralised. */
export function tableCsvResponse(table: SeriesTable, filename: string): Response {
  const rows = table.rows.map((row) =>
    row.map((cell) => (cell === null ? "" : typeof cell === "number" ? String(cell) : neutraliseCell(cell))),
  );
  const body = writeCsv(table.columns, rows);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
