import { Form, Link } from "@remix-run/react";
import { SEVERITIES } from "~/domain/incidents";
import { PRIORITIES, URGENCIES, type SeverityMap } from "~/domain/pager-severity";
import { Field } from "./field";
import { SectionCard } from "./section-card";
import { Table } from "./table";

const RESULT_LABELS: Record<string, string> = {
  created: "Incident created",
  updated: "Incident updated",
  unchanged: "No change (older or repeated news)",
  unknown_service: "Ignored: service not mapped to this team",
};

/** Priority and urgency → SEV selects. */
export function SeverityMapForm({
  map,
  busy,
  submitted,
}: {
  map: SeverityMap;
  busy: boolean;
  /** A failed save: its messages and the choices it sent. */
  submitted: { errors: Record<string, string>; values: Record<string, string> };
}) {
  const rows: Array<{ name: string; label: string; value: string }> = [
    ...PRIORITIES.map((p) => ({ name: p, label: `Priority ${p}`, value: map.priorities[p] })),
    ...URGENCIES.map((u) => ({ name: u, label: `No priority, ${u} urgency`, value: map.urgency[u] })),
  ];
  return (
    <SectionCard headingId="severity-map-heading" level={3} title="Severity of pager incidents">
      <p className="small muted">
        PagerDuty priorities (and Opsgenie’s P1–P5) set the severity; an incident without a priority is mapped by its
        urgency. A later priority change moves the severity with it.
      </p>
      <Form method="post" noValidate className="severity-map">
        <input type="hidden" name="intent" value="save-map" />
        {rows.map((row) => (
          <Field key={row.name} name={row.name} label={row.label} error={submitted.errors[row.name]}>
            {(control) => (
              <select {...control} defaultValue={submitted.values[row.name] ?? row.value}>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ))}
        <button type="submit" disabled={busy}>
          Save mapping
        </button>
      </Form>
    </SectionCard>
  );
}

type Delivery = {
  id: number;
  source: string;
  eventType: string;
  externalId: string | null;
  result: string;
  incidentId: number | null;
  receivedAt: string;
};

/** The last deliveries that passed the signature check, newest first. */
export function PagerDeliveries({ deliveries, slug }: { deliveries: Delivery[]; slug: string }) {
  return (
    <SectionCard headingId="deliveries-heading" level={3} title="Last 20 deliveries">
      <p className="small muted">
        Only signed deliveries of the events above are listed. Refused ones (wrong signature, not JSON, too large) and
        other event types leave no trace.
      </p>
      {deliveries.length === 0 ? (
        <p className="muted">Nothing received yet.</p>
      ) : (
        <Table columns={["Received", "From", "Event", "Pager id", "Result"]} testId="pager-deliveries">
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td>{d.receivedAt}</td>
              <td>{d.source === "pagerduty" ? "PagerDuty" : "Opsgenie"}</td>
              <td>
                <code>{d.eventType}</code>
              </td>
              <td>
                <code>{d.externalId ?? ""}</code>
              </td>
              <td>
                {d.incidentId ? (
                  <Link to={`/teams/${slug}/incidents/${d.incidentId}`}>{RESULT_LABELS[d.result] ?? d.result}</Link>
                ) : (
                  (RESULT_LABELS[d.result] ?? d.result)
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </SectionCard>
  );
}
