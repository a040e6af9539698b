import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/field";
import { IncidentsSubnav } from "~/components/incidents/subnav";
import { SectionCard } from "~/components/section-card";
import { Table } from "~/components/table";
import { requireTeamRole } from "~/utils/auth.server";
import { ACTION_ITEM_COLUMNS } from "~/utils/action-item-csv.server";
import { MAX_CSV_BYTES, MAX_CSV_ROWS } from "~/utils/csv.server";
import { failureOf } from "~/utils/form-state";
import { handleImport, type ImportFailure } from "~/utils/import-forms.server";
import { INCIDENT_COLUMNS } from "~/utils/incident-csv.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team, role } = await requireTeamRole(request, params.slug, "lead");
  return json({
    team: { name: team.name, slug: team.slug, timeZone: team.timeZone },
    role,
    columns: { incidents: INCIDENT_COLUMNS, "action-items": ACTION_ITEM_COLUMNS },
    limits: { rows: MAX_CSV_ROWS, megabytes: MAX_CSV_BYTES / 1024 / 1024 },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  return handleImport(request, team);
}

export default function ImportCsv() {
  const { team, role, columns, limits } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failure = failureOf(result);
  // A failure of the file itself also lists its problems line by line.
  const problems =
    result && "problemCount" in result
      ? (result as unknown as Pick<ImportFailure, "problems" | "problemCount">)
      : undefined;
  const preview = result?.ok ? result : undefined;
  const kind = preview?.kind ?? failure.values.kind ?? "incidents";
  return (
    <div className="stack">
      <IncidentsSubnav slug={team.slug} role={role} />
      <h2 style={{ marginBottom: 0 }}>Import from CSV</h2>
      {preview ? (
        <SectionCard
          headingId="preview-heading"
          level={3}
          title={
            <>
              Preview: {preview.total.toLocaleString("en")}{" "}
              {preview.kind === "incidents" ? "incidents" : "action items"} will be created
            </>
          }
        >
          {preview.ignoredColumns.length ? (
            <p className="muted small">Ignored columns: {preview.ignoredColumns.join(", ")}.</p>
          ) : null}
          <Table columns={preview.header}>
            {preview.rows.map((r) => (
              <tr key={r.line}>
                <td>{r.line}</td>
                {r.cells.map((c, i) => (
                  <td key={i}>{c}</td>
                ))}
              </tr>
            ))}
          </Table>
          {preview.total > preview.rows.length ? (
            <p className="muted small">…and {(preview.total - preview.rows.length).toLocaleString("en")} more.</p>
          ) : null}
          <Form method="post" encType="multipart/form-data" className="row">
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="kind" value={preview.kind} />
            <input type="hidden" name="csv" value={preview.csv} />
            <button type="submit" disabled={busy}>
              Import {preview.total.toLocaleString("en")} {preview.kind === "incidents" ? "incidents" : "action items"}
            </button>
            <Link to={`/teams/${team.slug}/import`}>Cancel</Link>
          </Form>
        </SectionCard>
      ) : null}
      {failure.failed ? (
        <section className="card" aria-labelledby="problems-heading">
          <FormError message={failure.formError} />
          {problems?.problems.length ? (
            <>
              <h3 id="problems-heading">Problems by line</h3>
              <Table columns={["Line", "Column", "Problem"]}>
                {problems.problems.map((p, i) => (
                  <tr key={i}>
                    <td>{p.line}</td>
                    <td>
                      <code>{p.field}</code>
                    </td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </Table>
              {problems.problemCount > problems.problems.length ? (
                <p className="muted small">…and {problems.problemCount - problems.problems.length} more.</p>
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}
      <SectionCard headingId="upload-heading" level={3} title={preview ? "Upload a different file" : "Upload a file"}>
        <Form method="post" encType="multipart/form-data" noValidate>
          <input type="hidden" name="intent" value="preview" />
          <Field name="kind" label="What the file holds" error={failure.errors.kind}>
            {(control) => (
              <select {...control} defaultValue={kind}>
                <option value="incidents">Incidents</option>
                <option value="action-items">Action items</option>
              </select>
            )}
          </Field>
          <Field
            name="file"
            label="CSV file"
            type="file"
            hint={`UTF-8, at most ${limits.megabytes} MB and ${limits.rows.toLocaleString("en")} rows. Nothing is stored until you confirm the preview.`}
            error={failure.errors.file}
            inputProps={{ accept: ".csv,text/csv" }}
          />
          <Field
            name="csvText"
            label="…or paste CSV text"
            multiline
            hint="Used when no file is chosen."
            defaultValue={failure.values.csvText}
          />
          <button type="submit" disabled={busy}>
            Preview
          </button>
        </Form>
      </SectionCard>
      <SectionCard headingId="columns-heading" level={3} title="Columns">
        <p className="small">
          The first line names the columns. Times are ISO 8601 with an offset (<code>2026-11-20T14:05:00+01:00</code>)
          or a wall time in {team.timeZone} (<code>2026-11-20T14:05</code>). An exported file imports as it is; its{" "}
          <code>id</code> column is ignored.
        </p>
        <p className="small">
          <strong>Incidents</strong> — required: <code>{columns.incidents.required.join(", ")}</code>; optional:{" "}
          <code>{columns.incidents.optional.join(", ")}</code>. Audit columns take yes, no or na.
        </p>
        <p className="small">
          <strong>Action items</strong> — required: <code>{columns["action-items"].required.join(", ")}</code>;
          optional: <code>{columns["action-items"].optional.join(", ")}</code>. The owner is named by email and must be
          on the team; an incident is named by its start time and title and must already exist.
        </p>
        <p className="small">
          <strong>From the pager</strong> — an incident export from PagerDuty (<code>created_on</code>,{" "}
          <code>description</code> or <code>title</code>, <code>urgency</code>, <code>priority</code>,{" "}
          <code>seconds_to_first_ack</code>, <code>resolved_on</code> …) or Opsgenie (<code>Message</code>,{" "}
          <code>CreatedAt</code>, <code>Priority</code>, <code>TinyId</code>, <code>AckTime</code>,{" "}
          <code>CloseTime</code> …) imports as it is; severities follow the team’s pager mapping.
        </p>
      </SectionCard>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Import CSV · ${data?.team.name ?? "Team"} · Trust Health` },
];
