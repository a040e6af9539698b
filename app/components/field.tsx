import type { ReactNode } from "react";

type FieldProps = {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  type?: string;
  defaultValue?: string;
  required?: boolean;
  autoComplete?: string;
  multiline?: boolean;
  maxLength?: number;
  children?: ReactNode;
  inputProps?: Record<string, unknown>;
};

/** A labelled input whose error message sits beside it and is announced to screen readers. */
export function Field({ name, label, hint, error, type = "text", defaultValue, required, autoComplete, multiline, maxLength, children, inputProps }: FieldProps) {
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name,
    defaultValue,
    required,
    autoComplete,
    maxLength,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    ...inputProps,
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {hint ? (
          <span className="hint" id={`${id}-hint`}>
            {hint}
          </span>
        ) : null}
      </label>
      {children ?? (multiline ? <textarea {...common} /> : <input type={type} {...common} />)}
      {error ? (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div className="alert error" role="alert">
      {message}
    </div>
  );
}
