/**
 * What a request-log line may say (docs/anonymity.md § Logs). A line carries the method, the
 * path with every secret replaced, the status and the time taken: never a query string, a body,
 * a cookie, an address or who asked.
 *
 * Requests on the answer routes (the weekly check, the survey, retro votes) write no line at all:
 * with them, the order of sign-ins and submissions in the log would pair people with answers.
 */

const ANSWER_ROUTE = /^\/teams\/[^/]+\/(check-in|survey|retro\/vote)(\/|$)/;

// Routes whose path holds a secret, and the name shown in its place.
const SECRET_SEGMENTS: [RegExp, string][] = [
  [/^\/invite\/[^/]+/, "/invite/:token"],
  [/^\/calendar\/[^/]+/, "/calendar/:token.ics"],
  [/^\/reset\/[^/]+/, "/reset/:token"],
  [/^\/password-reset\/[^/]+/, "/password-reset/:token"],
];

// Any other segment that looks like a random secret (long, no vowels-and-dashes words).
const SECRET_LIKE = /^(?=.*\d)[A-Za-z0-9_\-.~]{20,}$/;

function isAnswerRoute(path: string): boolean {
  return ANSWER_ROUTE.test(path);
}

function redactPath(path: string): string {
  for (const [pattern, replacement] of SECRET_SEGMENTS) {
    if (pattern.test(path)) return path.replace(pattern, replacement);
  }
  return path
    .split("/")
    .map((segment) => (SECRET_LIKE.test(segment) ? ":secret" : segment))
    .join("/");
}

/** The line to log for a finished request, or null when none may be written. */
export function requestLogLine(method: string, path: string, status: number, ms: number): string | null {
  if (isAnswerRoute(path)) return null;
  return `${method} ${redactPath(path)} ${status} ${ms.toFixed(1)}ms`;
}
