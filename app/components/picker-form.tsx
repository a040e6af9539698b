import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

/** A GET form of choices (a period, a trend length) with a Show button: it works without JavaScript. */
export function PickerForm({
  label,
  action,
  className = "period-picker",
  children,
}: {
  label: string;
  action?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Form method="get" action={action} className={className} aria-label={label}>
      {children}
      <div className="field">
        <button type="submit">Show</button>
      </div>
    </Form>
  );
}
