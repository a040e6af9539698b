import { Form } from "@remix-run/react";
import { Field, FormError } from "~/components/field";

/** Dip alerts of the retro's period: acknowledged ones with the lead's note and date, the rest flagged. */

type Dip = { key: string; message: string; acknowledged: { note: string; acknowledgedAt: string } | null };
type Failure = { errors: Record<string, string>; values: Record<string, string>; formError?: string };

export function DipAlerts({ dips, isLead, failure }: { dips: Dip[]; isLead: boolean; failure?: Failure }) {
  if (dips.length === 0) return null;
  return (
    <div className="alert warning dip-alerts" role="status" style={{ marginTop: "1rem" }}>
      {dips.map((a) => {
        const failed = failure?.values.intent === "acknowledge-dip" && failure.values.dipKey === a.key;
        return (
          <div key={a.key} className="dip-alert" data-dip={a.key}>
            <p style={{ margin: 0 }}>
              Dip alert: {a.message}.{" "}
              {a.acknowledged ? (
                <span className="badge ok">{`acknowledged on ${a.acknowledged.acknowledgedAt.slice(0, 10)}`}</span>
              ) : (
                <span className="badge danger">not acknowledged yet</span>
              )}
            </p>
            {a.acknowledged ? (
              <p className="small" style={{ margin: 0 }}>
                Note: {a.acknowledged.note}
              </p>
            ) : null}
            {isLead ? (
              <details open={failed}>
                <summary>{a.acknowledged ? "Change the note" : "Acknowledge"}</summary>
                <Form method="post" aria-label="Acknowledge dip alert">
                  {failed ? <FormError message={failure!.formError} /> : null}
                  <input type="hidden" name="intent" value="acknowledge-dip" />
                  <input type="hidden" name="dipKey" value={a.key} />
                  <Field
                    name="note"
                    id={`dip-${a.key}-note`}
                    label="Note"
                    multiline
                    error={failed ? failure!.errors.note : undefined}
                    defaultValue={failed ? (failure!.values.note ?? "") : (a.acknowledged?.note ?? "")}
                  />
                  <button type="submit">Acknowledge</button>
                </Form>
              </details>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
