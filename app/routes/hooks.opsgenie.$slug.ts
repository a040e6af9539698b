import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handlePagerWebhook } from "~/utils/pager-webhook.server";

/** POST /hooks/opsgenie/:slug — Opsgenie outgoing-webhook actions, with the team's secret. See docs/pager.md. */
export const action = ({ request, params }: ActionFunctionArgs) => handlePagerWebhook(request, params.slug, "opsgenie");
export const loader = ({ request, params }: LoaderFunctionArgs) => handlePagerWebhook(request, params.slug, "opsgenie");
