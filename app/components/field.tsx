import type { ReactNode } from "react";

/** What a control needs to be labelled and to announce its error: spread it on the select (or input) given as Field's children. */
export type ControlProps = {
  id: string;
  name: string;
  defaultValue?: string;
  required?: boolean;
  autoComplete?: string;
  maxLength?: number;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
  [prop: string]: unknown;
};

type FieldProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  type?: string;
  defaultValue?: string;
  required?: boolean;
  autoComplete?: string;
  multiline?: boolean;
  maxLength?: number;
  /** Defaults to `field-<name>`. */
  id?: string;
  /** Defaults to `<id>-error`. */
  errorId?: string;
  /** A control of its own (a select); as a function it receives the id, name and aria attributes to spread on it. */
  children?: ReactNode | ((control: ControlProps) => ReactNode);
  inputProps?: Record<string, unknown>;
};

/** A labelled input whose error message sits beside it and is announced to screen readers. */
export function Field({
  name,
  label,
  hint,
  error,
  type = "text",
  defaultValue,
  required,
  autoComplete,
  multiline,
  maxLength,
  id = `field-${name}`,
  errorId = `${id}-error`,
  children,
  inputProps,
}: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  const common: ControlProps = {
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
      {typeof children === "function"
        ? children(common)
        : (children ?? (multiline ? <textarea {...common} /> : <input type={type} {...common} />))}
      <FieldError id={errorId} message={error} />
    </div>
  );
}

/** A field's error, drawn under it and announced; `id` is what the control's aria-describedby points at. */
export function FieldError({ id, message }: { id?: string; message?: string }) {
  if (!message) return null;
  return (
    <div className="field-error" id={id} role="alert">
      {message}
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

/** The email address of the sign-in, set-up and forgot-password forms. */
export function EmailField({
  label = "Email",
  defaultValue,
  error,
}: {
  label?: string;
  defaultValue?: string;
  error?: string;
}) {
  return (
    <Field
      name="email"
      label={label}
      type="email"
      autoComplete="email"
      defaultValue={defaultValue}
      error={error}
      required
    />
  );
}

/**
 * Choosing a password: the field and its repetition, as setup, accepting an invite and a reset
 * link all ask for them. The rule in the hint is the one the server checks.
 */
export function NewPasswordFields({
  errors,
  label = "Password",
  repeatLabel = "Repeat password",
}: {
  errors?: { password?: string; passwordConfirm?: string };
  label?: string;
  repeatLabel?: string;
}) {
  return (
    <>
      <Field
        name="password"
        label={label}
        type="password"
        hint="At least 10 characters."
        autoComplete="new-password"
        error={errors?.password}
        required
      />
      <Field
        name="passwordConfirm"
        label={repeatLabel}
        type="password"
        autoComplete="new-password"
        error={errors?.passwordConfirm}
        required
      />
    </>
  );
}
