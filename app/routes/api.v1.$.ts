import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/utils/api.server";

// Anything under /api/v1 that is not an endpoint answers in JSON, not with an HTML page.
const answer = ({ request }: LoaderFunctionArgs | ActionFunctionArgs) =>
  notFound(`There is no ${request.method} ${new URL(request.url).pathname} in this API. See docs/api.md.`);

export const loader = answer;
export const action = answer;
