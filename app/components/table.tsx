import type { ReactNode } from "react";

/** A scrollable table with one header row of column headings; the rows are the children. */
export function Table({
  columns,
  caption,
  id,
  className,
  testId,
  wrapClassName,
  children,
}: {
  columns: readonly ReactNode[];
  /** Read by screen readers only. */
  caption?: ReactNode;
  id?: string;
  className?: string;
  testId?: string;
  wrapClassName?: string;
  children: ReactNode;
}) {
  return (
    <div className={wrapClassName ? `table-wrap ${wrapClassName}` : "table-wrap"}>
      <table id={id} className={className} data-testid={testId}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
