import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/field";
import { IncidentsSubnav } from "~/components/incidents/subnav";
import { PostButton } from "~/components/post-button";
import { SectionCard } from "~/components/section-card";
import { Table } from "~/components/table";
import { formatInstant } from "~/domain/incidents";
import { createApiToken, listApiTokens, revokeApiToken } from "~/models/api-tokens.server";
import { requireTeamRole } from "~/utils/auth.server";
import { formFailure, parseForm, type FormFailure } from "~/utils/forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { publicOrigin } from "~/utils/url.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team, role } = await requireTeamRole(request, params.slug, "lead");
  const when = (d: Date | null) => (d ? formatInstant(d, team.timeZone) : null);
  return json({
    team: { name: team.name, slug: team.slug },
    role,
    apiBase: `${publicOrigin(request)}/api/v1/teams/${team.slug}`,
    tokens: listApiTokens(team.id).map((t) => ({
      id: t.id,
      name: t.name,
      createdAt: when(t.createdAt),
      createdByName: t.createdByName,
      lastUsedAt: when(t.lastUsedAt),
      revokedAt: when(t.revokedAt),
    })),
  });
}

const tokenSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z
      .string({ error: "Name the token after what will use it" })
      .trim()
      .min(1, "Name the token after what will use it, like “PagerDuty sync”")
      .max(100, "Keep the name to 100 characters or fewer"),
  }),
  z.object({ intent: z.literal("revoke"), tokenId: z.coerce.number({ error: "Choose a token" }).int().positive() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, team } = await requireTeamRole(request, params.slug, "lead");
  const { form, data, failure } = await parseForm(request, tokenSchema);
  if (failure) return failure;
  if (data.intent === "create") {
    const { token } = createApiToken(team.id, data.name, user.id);
    // Shown once, in this response only: the database keeps its sha256.
    return json({ ok: true as const, token, name: data.name }, { headers: { "Cache-Control": "no-store" } });
  }
  if (!revokeApiToken(team.id, data.tokenId))
    return formFailure(form, {}, 404, "That token does not exist or is already revoked.");
  return redirectWithFlash(request, `/teams/${team.slug}/tokens`, "Token revoked. Requests with it are now refused.");
}

type ActionData = FormFailure | { ok: true; token: string; name: string };

export default function ApiTokens() {
  const { team, role, apiBase, tokens } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const failure = result && !result.ok ? result : undefined;
  return (
    <div className="stack">
      <IncidentsSubnav slug={team.slug} role={role} />
      <h2 style={{ marginBottom: 0 }}>API tokens</h2>
      <p className="muted">
        A token lets a tool create and update this team’s incidents and action items through the JSON API at{" "}
        <code>{apiBase}</code>. See docs/api.md for the reference.
      </p>
      {result?.ok ? (
        <SectionCard headingId="new-token-heading" level={3} role="status" title={<>Token “{result.name}” created</>}>
          <p>Copy it now: it is shown only once and cannot be recovered.</p>
          <code className="copy" data-testid="new-token">
            {result.token}
          </code>
          <p className="small muted">
            Use it as <code>Authorization: Bearer {result.token.slice(0, 6)}…</code>
          </p>
        </SectionCard>
      ) : null}
      <FormError message={failure?.formError} />
      <SectionCard headingId="create-token-heading" level={3} title="Create a token">
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create" />
          <Field
            name="name"
            label="Name"
            hint="What will use it, so you know what breaks when you revoke it."
            defaultValue={failure?.values?.name}
            error={failure?.errors?.name}
            maxLength={100}
          />
          <button type="submit" disabled={busy}>
            Create token
          </button>
        </Form>
      </SectionCard>
      <SectionCard headingId="tokens-heading" level={3} title="Tokens">
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

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `API tokens · ${data?.team.name ?? "Team"} · Trust Health` },
];
