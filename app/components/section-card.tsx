import type { ReactNode } from "react";

/**
 * A page section drawn as a card and named by its heading (aria-labelledby).
 * `aside` (a link or button) sits at the heading's end; pass it, even as null, to get that row.
 */
export function SectionCard({
  headingId,
  title,
  level = 2,
  aside,
  role,
  children,
}: {
  headingId: string;
  title: ReactNode;
  level?: 2 | 3;
  aside?: ReactNode;
  role?: string;
  children?: ReactNode;
}) {
  const Heading = level === 3 ? "h3" : "h2";
  const heading = (
    <Heading id={headingId} style={{ marginTop: 0 }}>
      {title}
    </Heading>
  );
  return (
    <section className="card" role={role} aria-labelledby={headingId}>
      {aside === undefined ? (
        heading
      ) : (
        <div className="spread">
          {heading}
          {aside}
        </div>
      )}
      {children}
    </section>
  );
}
