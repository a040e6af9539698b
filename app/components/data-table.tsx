import { Table } from "~/components/table";
import { cellText, type SeriesTable } from "~/domain/dashboard";

/** A chart's numbers as a plain table: for screen readers, for copying, and for no-JS readers. */
export function DataTable({ table, id }: { table: SeriesTable; id?: string }) {
  return (
    <Table columns={table.columns} caption={table.caption} id={id} wrapClassName="data-table">
      {table.rows.length === 0 ? (
        <tr>
          <td colSpan={table.columns.length} className="muted">
            Nothing in this period.
          </td>
        </tr>
      ) : (
        table.rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) =>
              j === 0 ? (
                <th key={j} scope="row">
                  {cellText(cell)}
                </th>
              ) : (
                <td key={j} className={typeof cell === "number" ? "num" : undefined}>
                  {cellText(cell)}
                </td>
              ),
            )}
          </tr>
        ))
      )}
    </Table>
  );
}
