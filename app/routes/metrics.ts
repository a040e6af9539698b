import type { LoaderFunctionArgs } from "@remix-run/node";
import { collectFigures } from "~/models/metrics.server";
import { authenticateMetricsToken } from "~/models/metrics-tokens.server";
import { renderMetrics } from "~/utils/prometheus.server";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** GET /metrics — released aggregates for Prometheus, behind an admin-made bearer token (see /org/metrics). */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = BEARER.exec(request.headers.get("Authorization") ?? "")?.[1];
  if (!token || !authenticateMetricsToken(token)) {
    return new Response("Send a metrics token: Authorization: Bearer <token> (admins create them at /org/metrics).\n", {
      status: 401,
      headers: {
        "WWW-Authenticate": 'Bearer realm="trust-health-metrics"',
        "Cache-Control": "no-store",
        "Content-Type": "text/plain; charset=utf-8",
      },
    });
  }
  const { contentType, body } = await renderMetrics(collectFigures());
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
