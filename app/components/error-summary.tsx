import { useEffect, useRef, type MouseEvent } from "react";

export type SummaryError = { href: string; message: string };

/**
 * With JavaScript the router would treat the #hash as a navigation and drop the failed
 * answer's messages; move focus to the field ourselves instead. Without JavaScript the plain
 * link does the same.
 */
function focusTarget(event: MouseEvent<HTMLAnchorElement>, href: string) {
  const target = document.getElementById(href.slice(1));
  if (!target) return;
  event.preventDefault();
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "center" });
}

/**
 * A list of what is missing, at the top of a long form, each entry a link to its field.
 * A named region rather than an alert: each field's own message is the alert.
 * It is rendered by the server (so it works without JavaScript); with JavaScript it also
 * takes focus, so a screen reader reads it and the keyboard starts from it.
 */
export function ErrorSummary({
  errors,
  title = "Some answers are missing",
}: {
  errors: SummaryError[];
  title?: string;
}) {
  const ref = useRef<HTMLElement>(null);
  // Focus once per failed answer, not on every render.
  const signature = errors.map((e) => e.href).join(" ");
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);
  if (errors.length === 0) return null;
  return (
    <section ref={ref} className="alert error error-summary" tabIndex={-1} aria-labelledby="error-summary-title">
      <h3 id="error-summary-title">{title}</h3>
      <ul>
        {errors.map((e) => (
          <li key={e.href}>
            <a href={e.href} onClick={(event) => focusTarget(event, e.href)}>
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
