import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/field";
import { IncidentsSubnav } from "~/components/incidents/subnav";
import { PagerDeliveries, SeverityMapForm } from "~/components/pager";
import { PostButton } from "~/components/post-button";
import { SectionCard } from "~/components/section-card";
import { SecretShownOnce } from "~/components/tokens";
import { Table } from "~/components/table";
import { formatInstant } from "~/domain/instant-format";
import { PRIORITIES, URGENCIES, severityMapSchema } from "~/domain/pager";
import {
  addPagerDutySecret,
  addPagerService,
  createOpsgenieSecret,
  listPagerDeliveries,
  listPagerSecrets,
  listPagerServices,
  loadPagerConfig,
  removePagerSecret,
  removePagerService,
  saveSeverityMap,
} from "~/models/pager.server";
import { requireTeamRole } from "~/utils/auth.server";
import { failureOf } from "~/utils/form-state";
import { formFailure, parseForm } from "~/utils/forms.server";
import { pagerSchema } from "~/utils/team-forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { publicOrigin } from "~/utils/url.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team, role } = await requireTeamRole(request, params.slug, "lead");
  const when = (d: Date) => formatInstant(d, team.timeZone);
  const origin = publicOrigin(request);
  return json(
    {
      team: { name: team.name, slug: team.slug },
      role,
      urls: {
        pagerduty: `${origin}/hooks/pagerduty/${team.slug}`,
        opsgenie: `${origin}/hooks/opsgenie/${team.slug}`,
      },
      secrets: listPagerSecrets(team.id).map((s) => ({ ...s, createdAt: when(s.createdAt) })),
      services: listPagerServices(team.id),
      severityMap: loadPagerConfig(team.id).severityMap,
      deliveries: listPagerDeliveries(team.id, 20).map((d) => ({ ...d, receivedAt: when(d.receivedAt) })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, team } = await requireTeamRole(request, params.slug, "lead");
  const { form, data, failure } = await parseForm(request, pagerSchema);
  if (failure) return failure;
  const back = (message: string) => redirectWithFlash(request, `/teams/${team.slug}/pager`, message);
  switch (data.intent) {
    case "add-pagerduty-secret":
      addPagerDutySecret(team.id, data.secret, user.id);
      return back(`PagerDuty secret …${data.secret.slice(-4)} saved. It is not shown again.`);
    case "create-opsgenie-secret": {
      const secret = createOpsgenieSecret(team.id, user.id);
      // Shown once, in this response only: the database keeps its sha256.
      return json({ ok: true as const, opsgenieSecret: secret }, { headers: { "Cache-Control": "no-store" } });
    }
    case "remove-secret":
      if (!removePagerSecret(team.id, data.secretId))
        return formFailure(form, {}, 404, "That secret does not exist or is already removed.");
      return back("Secret removed. Deliveries signed only with it are now refused.");
    case "add-service":
      addPagerService(team.id, data.serviceId.toUpperCase(), data.label || null);
      return back(`Incidents of PagerDuty service ${data.serviceId.toUpperCase()} now come to this team.`);
    case "remove-service":
      if (!removePagerService(team.id, data.serviceId))
        return formFailure(form, {}, 404, "That service is not mapped to this team.");
      return back(`Service ${data.serviceId} removed.`);
    case "save-map": {
      const record = data as unknown as Record<string, string>;
      const map = severityMapSchema.parse({
        priorities: Object.fromEntries(PRIORITIES.map((p) => [p, record[p]])),
        urgency: Object.fromEntries(URGENCIES.map((u) => [u, record[u]])),
      });
      saveSeverityMap(team.id, map);
      return back("Severity mapping saved. It applies to the next events.");
    }
  }
}

export default function PagerSettings() {
  const { team, role, urls, secrets, services, severityMap, deliveries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failure = failureOf(result);
  const added = failureOf(result, "add-service");
  const secretRows = (source: "pagerduty" | "opsgenie") => secrets.filter((s) => s.source === source);
  const secretTable = (source: "pagerduty" | "opsgenie") =>
    secretRows(source).length === 0 ? (
      <p className="muted">No secret yet: every delivery is refused.</p>
    ) : (
      <Table columns={["Secret", "Added", ""]}>
        {secretRows(source).map((s) => (
          <tr key={s.id}>
            <td>
              <code>{s.hint}</code>
            </td>
            <td>{s.createdAt}</td>
            <td>
              <PostButton
                intent="remove-secret"
                fields={{ secretId: s.id }}
                className="danger"
                aria-label={`Remove secret ${s.hint}`}
              >
                Remove
              </PostButton>
            </td>
          </tr>
        ))}
      </Table>
    );
  return (
    <div className="stack">
      <IncidentsSubnav slug={team.slug} role={role} />
      <h2 style={{ marginBottom: 0 }}>Pager: PagerDuty and Opsgenie</h2>
      <p className="muted">
        Incidents from your pager appear here by themselves: triggered sets the start, acknowledged the detection,
        resolved the resolution. Replayed or late events never duplicate or undo an incident.
      </p>
      <FormError message={failure.formError} />
      {result?.ok ? (
        <SecretShownOnce
          level={3}
          title="Opsgenie secret created"
          secret={result.opsgenieSecret}
          testId="new-opsgenie-secret"
        >
          <p className="small muted">
            In Opsgenie’s Webhook integration add the header{" "}
            <code>Authorization: Bearer {result.opsgenieSecret.slice(0, 6)}…</code>
          </p>
        </SecretShownOnce>
      ) : null}
      <SectionCard headingId="pd-heading" level={3} title="PagerDuty">
        <p>
          In PagerDuty, add a Generic Webhook (v3) subscription for your services with the events triggered,
          acknowledged, resolved, priority updated and reopened, and this URL:
        </p>
        <code className="copy" data-testid="pagerduty-url">
          {urls.pagerduty}
        </code>
        <p className="small muted">
          PagerDuty shows a signing secret once when the subscription is made. Paste it below; keep the old one listed
          until PagerDuty stops using it, then remove it. It is stored as given because checking a signature needs it;
          this page never shows it again.
        </p>
        {secretTable("pagerduty")}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="add-pagerduty-secret" />
          <Field
            name="secret"
            label="Signing secret"
            type="password"
            autoComplete="off"
            error={failureOf(result, "add-pagerduty-secret").errors.secret}
            maxLength={200}
          />
          <button type="submit" disabled={busy}>
            Save secret
          </button>
        </Form>
        <h4>Services of this team</h4>
        {services.length === 0 ? (
          <p className="muted">No service yet: events of unmapped services are logged and not turned into incidents.</p>
        ) : (
          <Table columns={["Service id", "Label", ""]}>
            {services.map((s) => (
              <tr key={s.serviceId}>
                <td>
                  <code>{s.serviceId}</code>
                </td>
                <td>{s.label ?? ""}</td>
                <td>
                  <PostButton
                    intent="remove-service"
                    fields={{ serviceId: s.serviceId }}
                    className="danger"
                    aria-label={`Remove service ${s.serviceId}`}
                  >
                    Remove
                  </PostButton>
                </td>
              </tr>
            ))}
          </Table>
        )}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="add-service" />
          <Field
            name="serviceId"
            label="PagerDuty service id"
            hint="The last part of the service’s address, like PF9KMXH."
            defaultValue={added.values.serviceId}
            error={added.errors.serviceId}
            maxLength={20}
          />
          <Field
            name="label"
            label="Label (optional)"
            defaultValue={added.values.label}
            error={added.errors.label}
            maxLength={100}
          />
          <button type="submit" disabled={busy}>
            Add service
          </button>
        </Form>
      </SectionCard>
      <SectionCard headingId="og-heading" level={3} title="Opsgenie">
        <p>
          In Opsgenie add a Webhook integration for the actions Create, Acknowledge and Close, with this URL and the
          secret as an <code>Authorization: Bearer …</code> header (or append <code>?token=…</code> to the URL):
        </p>
        <code className="copy">{urls.opsgenie}</code>
        {secretTable("opsgenie")}
        <PostButton intent="create-opsgenie-secret" disabled={busy}>
          Create Opsgenie secret
        </PostButton>
      </SectionCard>
      <SeverityMapForm map={severityMap} busy={busy} submitted={failureOf(result, "save-map")} />
      <PagerDeliveries deliveries={deliveries} slug={team.slug} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Pager · ${data?.team.name ?? "Team"} · Trust Health` },
];
