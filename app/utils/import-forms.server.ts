/**
 * The CSV import form: reading the upload, the preview of what would be stored, and the
 * confirm step that stores every row or none. A failure is a FormFailure (messages beside the
 * fields, the kind and pasted text kept) plus the problems found line by line.
 */
import { json } from "@remix-run/node";
import { z } from "zod";
import { formatInstant } from "~/domain/instant-format";
import { createActionItems, memberIdsByEmail } from "~/models/action-items.server";
import { createIncidents, findIncidentByStartAndTitle } from "~/models/incidents.server";
import { loadPagerConfig } from "~/models/pager.server";
import type { Team } from "~/models/teams.server";
import { readLimitedBody } from "./api.server";
import { parseActionItemCsv } from "./action-item-csv.server";
import { MAX_CSV_BYTES, MAX_CSV_ROWS, decodeCsv, type CsvProblem } from "./csv.server";
import { parseIncidentCsv } from "./incident-csv.server";
import type { FormFailure } from "./form-state";
import { intents, parseFormData, submittedValues } from "./forms.server";
import { redirectWithFlash } from "./session.server";

const kind = z.enum(["incidents", "action-items"], { error: "Choose incidents or action items" });
const importSchema = intents([
  z.object({ intent: z.literal("preview"), kind }),
  z.object({ intent: z.literal("confirm"), kind, csv: z.string().optional() }),
]);

// The confirm step carries the file base64url-encoded (4/3 of its size) in a hidden field.
const MAX_REQUEST_BYTES = Math.ceil(MAX_CSV_BYTES * 1.4) + 64 * 1024;
const PREVIEW_ROWS = 100;

export type ImportFailure = FormFailure & { problems: CsvProblem[]; problemCount: number };

/** The 4xx of an import. The carried file and an oversized paste are not sent back; other fields are. */
function fail(
  form: FormData,
  status: number,
  fields: { message?: string; errors?: Record<string, string>; problems?: CsvProblem[] },
) {
  const { values, lists } = submittedValues(form, ["csv"]);
  if ((values.csvText?.length ?? 0) > MAX_CSV_BYTES) {
    delete values.csvText;
    delete lists.csvText;
  }
  const problems = fields.problems ?? [];
  return json<ImportFailure>(
    {
      ok: false,
      errors: fields.errors ?? {},
      values,
      lists,
      formError: fields.message,
      problems: problems.slice(0, 500),
      problemCount: problems.length,
    },
    { status },
  );
}

/** Preview (nothing stored) or confirm (every row stored, or none) one uploaded CSV file. */
export async function handleImport(request: Request, team: Team) {
  const tooBig = `The upload is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB; import at most ${MAX_CSV_ROWS.toLocaleString("en")} rows at a time. Split the file into smaller ones.`;
  const body = await readLimitedBody(request, MAX_REQUEST_BYTES);
  if (body === null) return fail(new FormData(), 413, { message: tooBig, errors: { file: tooBig } });
  let form: FormData;
  try {
    form = await new Request(request.url, { method: "POST", headers: request.headers, body }).formData();
  } catch {
    return fail(new FormData(), 400, { message: "The upload could not be read. Choose the file again." });
  }
  const parsed = parseFormData(form, importSchema);
  if (parsed.failure) return parsed.failure;
  const { data } = parsed;
  const pasted = form.get("csvText");

  let bytes: Uint8Array | null = null;
  if (data.intent === "confirm") {
    if (data.csv) bytes = new Uint8Array(Buffer.from(data.csv, "base64url"));
  } else {
    const file = form.get("file");
    if (file instanceof File && file.size > 0) bytes = new Uint8Array(await file.arrayBuffer());
    else if (typeof pasted === "string" && pasted.trim()) bytes = new TextEncoder().encode(pasted);
  }
  if (!bytes) return fail(form, 400, { errors: { file: "Choose a CSV file (or paste its contents)" } });

  const decoded = decodeCsv(bytes);
  if (!decoded.ok) return fail(form, decoded.status, { message: decoded.message, errors: { file: decoded.message } });
  const csv = Buffer.from(bytes).toString("base64url");
  const when = (d: Date | null | undefined) => (d ? formatInstant(d, team.timeZone) : "");

  if (data.kind === "incidents") {
    const result = parseIncidentCsv(decoded.text, team.timeZone, loadPagerConfig(team.id).severityMap);
    if (!result.ok || result.problems.length > 0 || result.rows.length === 0) return problemResponse(form, result);
    if (data.intent === "confirm") {
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
    return preview(
      "incidents",
      result,
      csv,
      ["Title", "Severity", "Started", "Resolved", "Postmortem published"],
      (input) => [
        input.title,
        input.severity,
        when(input.startedAt),
        when(input.resolvedAt) || "ongoing",
        when(input.postmortemPublishedAt),
      ],
    );
  }

  const ownerIdByEmail = memberIdsByEmail(team.id);
  const emailById = new Map([...ownerIdByEmail].map(([email, id]) => [id, email]));
  const result = parseActionItemCsv(decoded.text, {
    timeZone: team.timeZone,
    ownerIdByEmail,
    findIncident: (startedAt, title) => findIncidentByStartAndTitle(team.id, startedAt, title),
  });
  if (!result.ok || result.problems.length > 0 || result.rows.length === 0) return problemResponse(form, result);
  if (data.intent === "confirm") {
    const count = createActionItems(
      team.id,
      result.rows.map((r) => r.input),
    );
    return redirectWithFlash(
      request,
      `/teams/${team.slug}/action-items?status=all`,
      `Imported ${count.toLocaleString("en")} action item${count === 1 ? "" : "s"}.`,
    );
  }
  return preview(
    "action-items",
    result,
    csv,
    ["Action", "Owner", "Due", "Status", "Source", "Linked incident"],
    (input) => [
      input.title,
      emailById.get(input.ownerId) ?? "",
      input.dueDate,
      input.status,
      input.source,
      input.incidentId ? "yes" : "",
    ],
  );
}

/** What the confirm step would store: the first rows as a table, and the file to send back. */
function preview<Input>(
  kind: "incidents" | "action-items",
  result: { rows: Array<{ line: number; input: Input }>; ignoredColumns: string[] },
  csv: string,
  columns: string[],
  cells: (input: Input) => string[],
) {
  return json({
    ok: true as const,
    kind,
    total: result.rows.length,
    ignoredColumns: result.ignoredColumns,
    csv,
    header: ["Line", ...columns],
    rows: result.rows.slice(0, PREVIEW_ROWS).map(({ line, input }) => ({ line, cells: cells(input) })),
  });
}

/** The 4xx for a file that cannot be read, has problems, or has no rows. */
function problemResponse(
  form: FormData,
  result: ReturnType<typeof parseIncidentCsv> | ReturnType<typeof parseActionItemCsv>,
) {
  if (!result.ok) return fail(form, result.status, { message: result.message, errors: { file: result.message } });
  if (result.problems.length > 0) {
    const n = result.problems.length;
    return fail(form, 400, {
      message: `Nothing was imported: ${n} problem${n === 1 ? "" : "s"} in the file. Fix ${n === 1 ? "it" : "them"} and upload again.`,
      problems: result.problems,
    });
  }
  return fail(form, 400, {
    message: "The file has a header but no rows to import.",
    errors: { file: "The file has no rows to import" },
  });
}
