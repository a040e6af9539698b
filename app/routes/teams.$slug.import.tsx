import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/field";
import { IncidentsSubnav } from "~/components/incidents/subnav";
import { SectionCard } from "~/components/section-card";
import { Table } from "~/components/table";
import { formatInstant } from "~/domain/incidents";
import { createActionItems, memberIdsByEmail } from "~/models/action-items.server";
import { createIncidents, findIncidentByStartAndTitle } from "~/models/incidents.server";
import { loadPagerConfig } from "~/models/pager.server";
import { readLimitedBody } from "~/utils/api.server";
import { requireTeamRole } from "~/utils/auth.server";
import { ACTION_ITEM_COLUMNS, parseActionItemCsv } from "~/utils/action-item-csv.server";
import { MAX_CSV_BYTES, MAX_CSV_ROWS, decodeCsv, type CsvProblem } from "~/utils/csv.server";
import { INCIDENT_COLUMNS, parseIncidentCsv } from "~/utils/incident-csv.server";
import { redirectWithFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team, role } = await requireTeamRole(request, params.slug, "lead");
  return json({
    team: { name: team.name, slug: team.slug, timeZone: team.timeZone },
    role,
    columns: { incidents: INCIDENT_COLUMNS, "action-items": ACTION_ITEM_COLUMNS },
    limits: { rows: MAX_CSV_ROWS, megabytes: MAX_CSV_BYTES / 1024 / 1024 },
  });
}

const KINDS = ["incidents", "action-items"] as const;
type Kind = (typeof KINDS)[number];
const requestSchema = z.object({
  intent: z.enum(["preview", "confirm"], { error: "Choose preview or import" }),
  kind: z.enum(KINDS, { error: "Choose incidents or action items" }),
});

// The confirm step carries the file base64url-encoded (4/3 of its size) in a hidden field.
const MAX_REQUEST_BYTES = Math.ceil(MAX_CSV_BYTES * 1.4) + 64 * 1024;
const PREVIEW_ROWS = 100;

type Failure = {
  ok: false;
  stage: "error";
  kind: string;
  csvText?: string;
  message?: string;
  errors: Record<string, string>;
  problems: CsvProblem[];
  problemCount: number;
};
type Preview = {
  ok: true;
  stage: "preview";
  kind: Kind;
  total: number;
  ignoredColumns: string[];
  csv: string;
  header: string[];
  rows: Array<{ line: number; cells: string[] }>;
};

type Keep = { kind: string; csvText?: string };

function fail(
  status: number,
  keep: Keep,
  fields: { message?: string; errors?: Record<string, string>; problems?: CsvProblem[] },
) {
  const problems = fields.problems ?? [];
  return json<Failure>(
    {
      ok: false,
      stage: "error",
      kind: keep.kind,
      csvText: keep.csvText,
      message: fields.message,
      errors: fields.errors ?? {},
      problems: problems.slice(0, 500),
      problemCount: problems.length,
    },
    { status },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const tooBig = `The upload is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB; import at most ${MAX_CSV_ROWS.toLocaleString("en")} rows at a time. Split the file into smaller ones.`;
  const body = await readLimitedBody(request, MAX_REQUEST_BYTES);
  if (body === null) return fail(413, { kind: "" }, { message: tooBig, errors: { file: tooBig } });
  let form: FormData;
  try {
    form = await new Request(request.url, { method: "POST", headers: request.headers, body }).formData();
  } catch {
    return fail(400, { kind: "" }, { message: "The upload could not be read. Choose the file again." });
  }
  const parsed = requestSchema.safeParse({ intent: form.get("intent"), kind: form.get("kind") });
  const kind = String(form.get("kind") ?? "");
  const pasted = form.get("csvText");
  // A file input cannot be refilled, but pasted text can be kept for the next try.
  const keep: Keep = {
    kind,
    csvText: typeof pasted === "string" && pasted.length <= MAX_CSV_BYTES ? pasted : undefined,
  };
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return fail(400, keep, { errors });
  }

  let bytes: Uint8Array | null = null;
  if (parsed.data.intent === "confirm") {
    const carried = form.get("csv");
    if (typeof carried === "string" && carried) bytes = new Uint8Array(Buffer.from(carried, "base64url"));
  } else {
    const file = form.get("file");
    if (file instanceof File && file.size > 0) bytes = new Uint8Array(await file.arrayBuffer());
    else if (typeof pasted === "string" && pasted.trim()) bytes = new TextEncoder().encode(pasted);
  }
  if (!bytes) return fail(400, keep, { errors: { file: "Choose a CSV file (or paste its contents)" } });

  const decoded = decodeCsv(bytes);
  if (!decoded.ok) return fail(decoded.status, keep, { message: decoded.message, errors: { file: decoded.message } });

  const tz = team.timeZone;
  const when = (d: Date | null | undefined) => (d ? formatInstant(d, tz) : "");
  const csv = Buffer.from(bytes).toString("base64url");

  if (parsed.data.kind === "incidents") {
    const result = parseIncidentCsv(decoded.text, tz, loadPagerConfig(team.id).severityMap);
    if (!result.ok || result.problems.length > 0 || result.rows.length === 0) return problemResponse(result, keep);
    if (parsed.data.intent === "confirm") {
      // One transaction per file: either every row is stored or none is.
      const count = createIncidents(
        team.id,
        result.rows.map((r) => r.input),
      );
      return redirectWithFlash(
        request,
        `/teams/${team.slug}/incidents`,
        `Imported ${count.toLocaleString("en")} incident${count === 1 ? "" : "s"}.`,
      );
    }
    return json<Preview>({
      ok: true,
      stage: "preview",
      kind: "incidents",
      total: result.rows.length,
      ignoredColumns: result.ignoredColumns,
      csv,
      header: ["Line", "Title", "Severity", "Started", "Resolved", "Postmortem published"],
      rows: result.rows.slice(0, PREVIEW_ROWS).map(({ line, input }) => ({
        line,
        cells: [
          input.title,
          input.severity,
          when(input.startedAt),
          when(input.resolvedAt) || "ongoing",
          when(input.postmortemPublishedAt),
        ],
      })),
    });
  }

  const ownerIdByEmail = memberIdsByEmail(team.id);
  const emailById = new Map([...ownerIdByEmail].map(([email, id]) => [id, email]));
  const result = parseActionItemCsv(decoded.text, {
    timeZone: tz,
    ownerIdByEmail,
    findIncident: (startedAt, title) => findIncidentByStartAndTitle(team.id, startedAt, title),
  });
  if (!result.ok || result.problems.length > 0 || result.rows.length === 0) return problemResponse(result, keep);
  if (parsed.data.intent === "confirm") {
    const count = createActionItems(
      team.id,
      result.rows.map((r) => r.input),
    );
    return redirectWithFlash(
      request,
      `/teams/${team.slug}/actions?status=all`,
      `Imported ${count.toLocaleString("en")} action item${count === 1 ? "" : "s"}.`,
    );
  }
  return json<Preview>({
    ok: true,
    stage: "preview",
    kind: "action-items",
    total: result.rows.length,
    ignoredColumns: result.ignoredColumns,
    csv,
    header: ["Line", "Action", "Owner", "Due", "Status", "Source", "Linked incident"],
    rows: result.rows.slice(0, PREVIEW_ROWS).map(({ line, input }) => ({
      line,
      cells: [
        input.title,
        emailById.get(input.ownerId) ?? "",
        input.dueDate,
        input.status,
        input.source,
        input.incidentId ? "yes" : "",
      ],
    })),
  });
}

/** The 4xx for a file that cannot be read, has problems, or has no rows. */
function problemResponse(
  result: ReturnType<typeof parseIncidentCsv> | ReturnType<typeof parseActionItemCsv>,
  keep: Keep,
) {
  if (!result.ok) return fail(result.status, keep, { message: result.message, errors: { file: result.message } });
  if (result.problems.length > 0) {
    const n = result.problems.length;
    return fail(400, keep, {
      message: `Nothing was imported: ${n} problem${n === 1 ? "" : "s"} in the file. Fix ${n === 1 ? "it" : "them"} and upload again.`,
      problems: result.problems,
    });
  }
  return fail(400, keep, {
    message: "The file has a header but no rows to import.",
    errors: { file: "The file has no rows to import" },
  });
}

export default function ImportCsv() {
  const { team, role, columns, limits } = useLoaderData<typeof loader>();
  const result = useActionData<Failure | Preview>();
  const busy = useNavigation().state === "submitting";
  const failure = result && !result.ok ? result : undefined;
  const preview = result?.ok ? result : undefined;
  const kind = result?.kind || "incidents";
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
      {failure ? (
        <section className="card" aria-labelledby="problems-heading">
          <FormError message={failure.message} />
          {failure.problems.length ? (
            <>
              <h3 id="problems-heading">Problems by line</h3>
              <Table columns={["Line", "Column", "Problem"]}>
                {failure.problems.map((p, i) => (
                  <tr key={i}>
                    <td>{p.line}</td>
                    <td>
                      <code>{p.field}</code>
                    </td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </Table>
              {failure.problemCount > failure.problems.length ? (
                <p className="muted small">…and {failure.problemCount - failure.problems.length} more.</p>
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}
      <SectionCard headingId="upload-heading" level={3} title={preview ? "Upload a different file" : "Upload a file"}>
        <Form method="post" encType="multipart/form-data" noValidate>
          <input type="hidden" name="intent" value="preview" />
          <Field name="kind" label="What the file holds" error={failure?.errors.kind}>
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
            error={failure?.errors.file}
            inputProps={{ accept: ".csv,text/csv" }}
          />
          <Field
            name="csvText"
            label="…or paste CSV text"
            multiline
            hint="Used when no file is chosen."
            defaultValue={failure?.csvText}
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
