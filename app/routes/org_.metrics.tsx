import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/field";
import { PostButton } from "~/components/post-button";
import { SectionCard } from "~/components/section-card";
import { Table } from "~/components/table";
import { formatInstant } from "~/domain/incidents";
import { createMetricsToken, listMetricsTokens, revokeMetricsToken } from "~/models/metrics-tokens.server";
import { requireAdmin } from "~/utils/auth.server";
import { formFailure, parseForm, type FormFailure } from "~/utils/forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { publicOrigin } from "~/utils/url.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const when = (d: Date | null) => (d ? formatInstant(d, "UTC") : null);
  return json({
    metricsUrl: `${publicOrigin(request)}/metrics`,
    tokens: listMetricsTokens().map((t) => ({
      id: t.id,
      name: t.name,
      createdAt: when(t.createdAt),
      createdByName: t.createdByName,
      lastUsedAt: when(t.lastUsedAt),
      revokedAt: when(t.revokedAt),
    })),
  });
}

const schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z
      .string({ error: "Name the token after what scrapes with it" })
      .trim()
      .min(1, "Name the token after what scrapes with it, like “Prometheus prod”")
      .max(100, "Keep the name to 100 characters or fewer"),
  }),
  z.object({ intent: z.literal("revoke"), tokenId: z.coerce.number({ error: "Choose a token" }).int().positive() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const { form, data, failure } = await parseForm(request, schema);
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

type ActionData = FormFailure | { ok: true; token: string; name: string };

export default function MetricsTokens() {
  const { metricsUrl, tokens } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
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
        <SectionCard headingId="new-token-heading" role="status" title={<>Token “{result.name}” created</>}>
          <p>Copy it now: it is shown only once and cannot be recovered.</p>
          <code className="copy" data-testid="new-metrics-token">
            {result.token}
          </code>
          <p className="small muted">
            In prometheus.yml:{" "}
            <code>
              authorization: {"{"} credentials: {result.token.slice(0, 8)}… {"}"}
            </code>
          </p>
        </SectionCard>
      ) : null}
      <FormError message={failure?.formError} />
      <SectionCard headingId="create-token-heading" title="Create a metrics token">
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create" />
          <Field
            name="name"
            label="Name"
            hint="What scrapes with it, so you know what stops when you revoke it."
            defaultValue={failure?.values?.name}
            error={failure?.errors?.name}
            maxLength={100}
          />
          <button type="submit" disabled={busy}>
            Create token
          </button>
        </Form>
      </SectionCard>
      <SectionCard headingId="tokens-heading" title="Tokens">
        {tokens.length === 0 ? (
          <p className="muted">No tokens yet.</p>
        ) : (
          <Table columns={["Name", "Created", "Last used", "State"]}>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>
                  {t.createdAt}
                  {t.createdByName ? ` by ${t.createdByName}` : ""}
                </td>
                <td>{t.lastUsedAt ?? "never"}</td>
                <td>
                  {t.revokedAt ? (
                    <span className="badge">Revoked {t.revokedAt}</span>
                  ) : (
                    <PostButton
                      intent="revoke"
                      fields={{ tokenId: t.id }}
                      className="danger"
                      aria-label={`Revoke ${t.name}`}
                    >
                      Revoke
                    </PostButton>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </SectionCard>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Metrics tokens · Trust Health" }];
