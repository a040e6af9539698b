import type { LoaderFunctionArgs } from "@remix-run/node";
import { findUserIdByCalendarToken } from "~/models/reminders/settings.server";
import { calendarFeed } from "~/models/reminders/calendar.server";
import { publicOrigin } from "~/utils/url.server";

/**
 * The person's calendar feed. Calendar apps cannot sign in, so the secret in
 * the URL is the credential: only its sha256 is stored, and /me replaces it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = findUserIdByCalendarToken(params.token ?? "");
  if (userId === undefined)
    throw new Response("Unknown or replaced calendar link.", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  return new Response(calendarFeed(userId, publicOrigin(request)), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="trust-health.ics"',
      "Cache-Control": "private, max-age=300",
      // The URL is a secret: never pass it on as a referrer.
      "Referrer-Policy": "no-referrer",
    },
  });
}
