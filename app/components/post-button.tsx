import { Form } from "@remix-run/react";
import type { ButtonHTMLAttributes, ReactNode } from "react";

/** A one-button POST form: the route's action tells what to do by `intent` and the hidden `fields` (remove, revoke, test …). */
export function PostButton({
  intent,
  fields = {},
  children,
  ...button
}: { intent: string; fields?: Record<string, string | number>; children: ReactNode } & Omit<
  ButtonHTMLAttributes<HTMLButtonElement>,
  "type" | "children"
>) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" {...button}>
        {children}
      </button>
    </Form>
  );
}
