import type { ReactNode } from "react";

/** One figure of a summary row: what it is, the number, and a small note on where it comes from. */
export function Tile({
  label,
  value,
  note,
  testId,
  children,
}: {
  label: ReactNode;
  value: ReactNode;
  note: ReactNode;
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <div className="tile" data-testid={testId}>
      <div className="tile-label">{label}</div>
      <div className="tile-value">{value}</div>
      {children}
      <div className="small muted">{note}</div>
    </div>
  );
}
