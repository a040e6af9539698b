import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handlePagerWebhook } from "~/utils/pager-webhook.server";

/** POST /hooks/pagerduty/:slug — PagerDuty v3 webhook events, signed with the team's secret(s). See docs/pager.md. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  handlePagerWebhook(request, params.slug, "pagerduty");
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  handlePagerWebhook(request, params.slug, "pagerduty");
