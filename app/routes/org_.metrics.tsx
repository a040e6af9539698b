import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/field";

import { CreateTokenCard, SecretShownOnce, TokenTable } from "~/components/tokens";

import { tokenRow } from "~/domain/tokens";
import { createMetricsToken, listMetricsTokens, revokeMetricsToken } from "~/models/metrics-tokens.server";
import { requireAdmin } from "~/utils/auth.server";
import { formFailure, parseForm } from "~/utils/forms.server";
import { metricsTokenSchema } from "~/utils/team-forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { publicOrigin } from "~/utils/url.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({
    metricsUrl: `${publicOrigin(request)}/metrics`,
    tokens: listMetricsTokens().map((t) => tokenRow(t, "UTC")),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const { form, data, failure } = await parseForm(request, metricsTokenSchema);
  if (failure) return failure;
  if (data.intent === "create") {
    const { token } = createMetricsToken(data.name, user.id);
    // Shown once, in this response only: the database keeps its sha256.
    return json({ ok: true as const, token, name: data.name }, { headers: { "Cache-Control": "no-store" } });
  }
  if (!revokeMetricsToken(data.tokenId))
    return formFailure(form, {}, 404, "That token does not exist or is already revoked.");
  return redirectWithFlash(request, "/org/metrics", "Metrics token revoked. Scrapes with it are now refused.");
}

export default function MetricsTokens() {
  const { metricsUrl, tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failure = result && !result.ok ? result : undefined;
  return (
    <div className="stack">
      <p>
        <Link to="/org">← Org rollup</Link>
      </p>
      <h1 style={{ marginBottom: 0 }}>Metrics for Prometheus</h1>
      <p className="muted">
        Prometheus (or Datadog’s OpenMetrics check) reads released figures of every team at <code>{metricsUrl}</code>{" "}
        with a token below. Hidden teams export nothing. See the README, “Trust in Grafana / Datadog”.
      </p>
      {result?.ok ? (
        <SecretShownOnce title={<>Token “{result.name}” created</>} secret={result.token} testId="new-metrics-token">
          <p className="small muted">
            In prometheus.yml:{" "}
            <code>
              authorization: {"{"} credentials: {result.token.slice(0, 8)}… {"}"}
            </code>
          </p>
        </SecretShownOnce>
      ) : null}
      <FormError message={failure?.formError} />
      <CreateTokenCard
        title="Create a metrics token"
        hint="What scrapes with it, so you know what stops when you revoke it."
        failure={failure}
        busy={busy}
      />
      <TokenTable tokens={tokens} />
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Metrics tokens · Trust Health" }];
