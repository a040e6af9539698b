import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/field";
import { IncidentsSubnav } from "~/components/incidents/subnav";

import { CreateTokenCard, SecretShownOnce, TokenTable } from "~/components/tokens";

import { tokenRow } from "~/domain/tokens";
import { createApiToken, listApiTokens, revokeApiToken } from "~/models/api-tokens.server";
import { requireTeamRole } from "~/utils/auth.server";
import { formFailure, parseForm } from "~/utils/forms.server";
import { tokenSchema } from "~/utils/team-forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { publicOrigin } from "~/utils/url.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team, role } = await requireTeamRole(request, params.slug, "lead");
  return json({
    team: { name: team.name, slug: team.slug },
    role,
    apiBase: `${publicOrigin(request)}/api/v1/teams/${team.slug}`,
    tokens: listApiTokens(team.id).map((t) => tokenRow(t, team.timeZone)),
  });
}

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

export default function ApiTokens() {
  const { team, role, apiBase, tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
        <SecretShownOnce level={3} title={<>Token “{result.name}” created</>} secret={result.token} testId="new-token">
          <p className="small muted">
            Use it as <code>Authorization: Bearer {result.token.slice(0, 6)}…</code>
          </p>
        </SecretShownOnce>
      ) : null}
      <FormError message={failure?.formError} />
      <CreateTokenCard
        level={3}
        title="Create a token"
        hint="What will use it, so you know what breaks when you revoke it."
        failure={failure}
        busy={busy}
      />
      <TokenTable level={3} tokens={tokens} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `API tokens · ${data?.team.name ?? "Team"} · Trust Health` },
];
