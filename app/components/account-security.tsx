import { Form } from "@remix-run/react";
import { Field } from "./field";
import { SectionCard } from "./section-card";

type Props = {
  sessions: number;
  errors: Record<string, string>;
  busy: boolean;
};

/** /me: change the password (asks the current one) and sign out everywhere. */
export function AccountSecurity({ sessions, errors, busy }: Props) {
  return (
    <>
      <SectionCard headingId="password-heading" title="Password">
        <p className="muted">Changing your password signs you out on every other device.</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="password" />
          <Field
            name="currentPassword"
            label="Current password"
            type="password"
            autoComplete="current-password"
            error={errors.currentPassword}
            required
          />
          <Field
            name="newPassword"
            label="New password"
            type="password"
            hint="At least 10 characters."
            autoComplete="new-password"
            error={errors.newPassword}
            required
          />
          <Field
            name="newPasswordConfirm"
            label="Repeat the new password"
            type="password"
            autoComplete="new-password"
            error={errors.newPasswordConfirm}
            required
          />
          <button type="submit" disabled={busy}>
            Change password
          </button>
        </Form>
      </SectionCard>
      <SectionCard headingId="sessions-heading" title="Where you are signed in">
        <p className="muted" data-testid="session-count">
          You are signed in on {sessions} {sessions === 1 ? "browser or device" : "browsers or devices"}. Each sign-in
          lasts at most 30 days. If you left yourself signed in somewhere, or think someone else may be using your
          account, sign out everywhere (this browser too) and change your password.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="signout-everywhere" />
          <button type="submit" className="secondary" disabled={busy}>
            Sign out everywhere
          </button>
        </Form>
      </SectionCard>
    </>
  );
}
