/**
 * Guards for loaders and actions, after the Epic Stack's `invariantResponse`: when the condition
 * does not hold, throw a Response (a 404 for a missing record, a 400 by default), which Remix
 * shows as the route's error page, or returns as is for the JSON API.
 */

/**
 * Throws unless `condition` holds. `message` is the body of the response, or a function that
 * builds the body or a whole Response (the JSON API's error shape, for example).
 */
export function invariantResponse(
  condition: unknown,
  message: string | (() => string | Response),
  init?: ResponseInit,
): asserts condition {
  if (condition) return;
  const body = typeof message === "function" ? message() : message;
  if (body instanceof Response) throw body;
  throw new Response(body, { status: 400, ...init });
}

/** A `:id` route parameter as a row id; anything but a whole number gives 0, which names no row. */
export function rowId(param: string | undefined): number {
  return param !== undefined && /^\d+$/.test(param) ? Number(param) : 0;
}
