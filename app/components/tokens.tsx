import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field } from "~/components/field";
import { PostButton } from "~/components/post-button";
import { SectionCard } from "~/components/section-card";
import { Table } from "~/components/table";
import type { TokenRow } from "~/domain/tokens";

/**
 * A secret in the one response that carries it (a token, a webhook secret): the page says it is
 * shown only once; `children` tell where to use it.
 */
export function SecretShownOnce({
  title,
  secret,
  testId,
  level,
  children,
}: {
  title: ReactNode;
  secret: string;
  testId: string;
  level?: 2 | 3;
  children?: ReactNode;
}) {
  return (
    <SectionCard headingId="new-secret-heading" level={level} role="status" title={title}>
      <p>Copy it now: it is shown only once and cannot be recovered.</p>
      <code className="copy" data-testid={testId}>
        {secret}
      </code>
      {children}
    </SectionCard>
  );
}

type NameFailure = { values?: Record<string, string>; errors?: Record<string, string> };

/** The "create a token" card: one name field; the route's action answers with the token. */
export function CreateTokenCard({
  title,
  hint,
  failure,
  busy,
  level,
}: {
  title: string;
  hint: string;
  failure: NameFailure | undefined;
  busy: boolean;
  level?: 2 | 3;
}) {
  return (
    <SectionCard headingId="create-token-heading" level={level} title={title}>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="create" />
        <Field
          name="name"
          label="Name"
          hint={hint}
          defaultValue={failure?.values?.name}
          error={failure?.errors?.name}
          maxLength={100}
        />
        <button type="submit" disabled={busy}>
          Create token
        </button>
      </Form>
    </SectionCard>
  );
}

/** Tokens with when they were made and last used; live ones have a Revoke button (intent "revoke"). */
export function TokenTable({ tokens, level }: { tokens: readonly TokenRow[]; level?: 2 | 3 }) {
  return (
    <SectionCard headingId="tokens-heading" level={level} title="Tokens">
      {tokens.length === 0 ? (
        <p className="muted">No tokens yet.</p>
      ) : (
        <Table columns={["Name", "Created", "Last used", "State"]}>
          {tokens.map((t) => (
            <TokenTableRow key={t.id} token={t} />
          ))}
        </Table>
      )}
    </SectionCard>
  );
}

function TokenTableRow({ token: t }: { token: TokenRow }) {
  return (
    <tr>
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
          <PostButton intent="revoke" fields={{ tokenId: t.id }} className="danger" aria-label={`Revoke ${t.name}`}>
            Revoke
          </PostButton>
        )}
      </td>
    </tr>
  );
}
