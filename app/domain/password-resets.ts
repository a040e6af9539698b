/**
 * How long a password reset link works. Plain numbers, not in a .server module: the page that
 * issues links states the lifetime, and a value from a .server module is undefined in the
 * browser (the sentence read "expires in NaN hours" once the page hydrated).
 */

/** A link a lead or an admin hands over (like an invite). */
export const ISSUED_RESET_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** A link sent by "Forgot password": shorter, since it sits in a mailbox. */
export const EMAILED_RESET_LIFETIME_MS = 60 * 60 * 1000;
