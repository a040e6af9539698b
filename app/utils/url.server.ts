import { getEnv } from "./env.server";

/** The public base URL for links people copy: APP_URL when set, else the request's origin. */
export function publicOrigin(request: Request): string {
  const configured = getEnv().APP_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return new URL(request.url).origin;
}
