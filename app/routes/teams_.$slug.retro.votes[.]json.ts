import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { retroQuerySchema } from "~/domain/retro-query";
import { lastClosedWeekKey } from "~/models/retro.server";
import { voteCounts } from "~/models/votes.server";
import { requireTeamRole } from "~/utils/auth.server";
import { issuesToFieldErrors } from "~/utils/forms.server";

/** Live vote counts for the meeting mode's screen, polled every two seconds: counts per comment key only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug);
  const lastClosed = lastClosedWeekKey(team, new Date());
  const parsed = retroQuerySchema(lastClosed).safeParse({
    weeks: "",
    until: new URL(request.url).searchParams.get("until") ?? "",
  });
  if (!parsed.success) return json({ errors: issuesToFieldErrors(parsed.error) }, { status: 400 });
  const until = parsed.data.until ?? lastClosed;
  return json({ until, counts: voteCounts(team.id, until) }, { headers: { "Cache-Control": "no-store" } });
}
