import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

/**
 * Action items moved from /teams/:slug/actions… to /teams/:slug/action-items… (decision 0030).
 * Bookmarks, links in old emails and calendar entries answer 308: permanent, and a form posted
 * to an old URL is posted again to the new one. The query string is kept.
 */
function movedToActionItems({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const path = url.pathname.replace(/^(\/teams\/[^/]+)\/actions(?=\/|\.csv$|$)/, "$1/action-items");
  return redirect(path + url.search, 308);
}

export const loader = movedToActionItems;
export const action = movedToActionItems;
