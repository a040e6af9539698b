/**
 * What a failed form post sends back, and how a page reads it. No zod here: pages import
 * this, and zod stays on the server (docs/decisions/0010-one-form-path.md).
 */

export type FieldErrors = Record<string, string>;

/** The body of every 4xx answer to a form: messages by field, and everything that was typed. */
export type FormFailure = {
  ok: false;
  errors: FieldErrors;
  /** The first value of each submitted text field (never passwords). */
  values: Record<string, string>;
  /** Every value of each submitted field, for checkbox lists and other repeated fields. */
  lists: Record<string, string[]>;
  formError?: string;
};

export type FormState = Omit<FormFailure, "ok"> & { failed: boolean };

const NOTHING_FAILED: FormState = { failed: false, errors: {}, values: {}, lists: {} };

/**
 * The failure in a route's action data (`useActionData<typeof action>()`), or an empty one.
 * With `intent`, only a failure of the form posted with that intent: a page with several
 * forms re-renders each from its own post.
 */
export function failureOf(result: unknown, intent?: string): FormState {
  if (!isFailure(result)) return NOTHING_FAILED;
  if (intent !== undefined && result.values.intent !== intent) return NOTHING_FAILED;
  return { ...result, failed: true };
}

function isFailure(result: unknown): result is FormFailure {
  return typeof result === "object" && result !== null && "ok" in result && result.ok === false && "errors" in result;
}

/** Whether a checkbox re-renders checked: from the failed post when there is one, else from `saved`. */
export function checkedAfter(state: FormState, name: string, value: string, saved: boolean): boolean {
  return state.failed ? (state.lists[name] ?? []).includes(value) : saved;
}
