import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";

/** A column heading's words, for the label a phone shows beside each cell of a card. */
function headingText(column: ReactNode): string {
  if (typeof column === "string" || typeof column === "number") return String(column);
  if (isValidElement<{ children?: ReactNode }>(column)) return headingText(column.props.children);
  return "";
}

/** Gives every cell of every row the label of its column (`data-label`), which the phone layout draws. */
function labelCells(rows: ReactNode, labels: string[]): ReactNode {
  return Children.map(rows, (row) => {
    if (!isValidElement<{ children?: ReactNode }>(row)) return row;
    // toArray drops the nulls of conditional cells, so the index is the column.
    const cells = Children.toArray(row.props.children).map((cell, index) =>
      isValidElement(cell) && cell.type === "td"
        ? cloneElement(cell as ReactElement<{ "data-label"?: string }>, { "data-label": labels[index] ?? "" })
        : cell,
    );
    return cloneElement(row, {}, ...cells);
  });
}

/**
 * A table with one header row of column headings; the rows are the children.
 * On a narrow screen it scrolls inside its own box (which takes keyboard focus, so it can be
 * scrolled without a mouse), or, with `cards`, each row becomes a card whose cells carry their
 * column's name.
 */
export function Table({
  columns,
  caption,
  id,
  className,
  testId,
  wrapClassName,
  cards = false,
  children,
}: {
  columns: readonly ReactNode[];
  /** Read by screen readers only. */
  caption?: ReactNode;
  id?: string;
  className?: string;
  testId?: string;
  wrapClassName?: string;
  /** On phones, draw each row as a card instead of scrolling sideways. */
  cards?: boolean;
  children: ReactNode;
}) {
  const wrapClasses = ["table-wrap", cards ? "cards" : null, wrapClassName].filter(Boolean).join(" ");
  const rows = cards ? labelCells(children, columns.map(headingText)) : children;
  const name = typeof caption === "string" ? caption : undefined;
  return (
    // A scrollable box must be reachable by keyboard (axe: scrollable-region-focusable).
    <div className={wrapClasses} tabIndex={0} role={name ? "region" : undefined} aria-label={name}>
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
        <tbody>{rows}</tbody>
      </table>
    </div>
  );
}
