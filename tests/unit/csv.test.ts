import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import type { ActionItem } from "../../app/models/action-items.server";
import type { Incident } from "../../app/models/incidents.server";
import { actionItemsToCsv, parseActionItemCsv } from "../../app/utils/action-item-csv.server";
import {
  MAX_CSV_BYTES,
  MAX_CSV_ROWS,
  decodeCsv,
  neutraliseCell,
  readCsvTable,
  restoreCell,
} from "../../app/utils/csv.server";
import { incidentsToCsv, parseIncidentCsv } from "../../app/utils/incident-csv.server";
import { at } from "../support/elements";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("formula neutralisation", () => {
  it("prefixes cells that a spreadsheet would run as a formula", () => {
    expect(neutraliseCell("=SUM(A1:A9)")).toBe("'=SUM(A1:A9)");
    expect(neutraliseCell("+1 555 0100")).toBe("'+1 555 0100");
    expect(neutraliseCell("-2 days")).toBe("'-2 days");
    expect(neutraliseCell("@cmd")).toBe("'@cmd");
    expect(neutraliseCell("\t=1")).toBe("'\t=1");
    expect(neutraliseCell("Database down")).toBe("Database down");
    expect(neutraliseCell("")).toBe("");
    expect(neutraliseCell("it's = fine")).toBe("it's = fine");
    // A quote already in front of a formula character gets one more, so it round-trips.
    expect(neutraliseCell("'=1")).toBe("''=1");
  });

  it("is undone exactly by restoreCell, for any text", () => {
    fc.assert(fc.property(fc.string(), (s) => restoreCell(neutraliseCell(s)) === s));
    fc.assert(fc.property(fc.string(), (s) => !/^[=+\-@\t\r]/.test(neutraliseCell(s))));
  });
});

describe("decodeCsv", () => {
  it("accepts UTF-8 and drops a byte-order mark", () => {
    expect(decodeCsv(utf8("title\nCafé"))).toEqual({ ok: true, text: "title\nCafé" });
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("a")]))).toEqual({ ok: true, text: "a" });
  });

  it("names the problem for Latin-1, UTF-16 and oversized files", () => {
    const latin1 = decodeCsv(new Uint8Array([0x43, 0x61, 0x66, 0xe9])); // "Café" in Windows-1252
    expect(latin1).toMatchObject({ ok: false, status: 400 });
    expect(!latin1.ok && latin1.message).toContain("not UTF-8");
    const utf16 = decodeCsv(new Uint8Array([0xff, 0xfe, 0x61, 0x00]));
    expect(!utf16.ok && utf16.message).toContain("UTF-16");
    const big = decodeCsv(new Uint8Array(MAX_CSV_BYTES + 1));
    expect(big).toMatchObject({ ok: false, status: 413 });
    expect(!big.ok && big.message).toContain("at most 2 MB");
  });
});

describe("readCsvTable", () => {
  const columns = { required: ["title", "severity"], optional: ["summary"] };

  it("reports lines where rows start, even after multi-line cells", () => {
    const result = readCsvTable('Title,Severity,Summary,extra\n"A",SEV1,"two\nlines",x\n\nB,SEV2,,\n', columns);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.table.rows.map((r) => r.line)).toEqual([2, 5]);
    expect(at(result.table.rows, 0).cells).toEqual({ title: "A", severity: "SEV1", summary: "two\nlines" });
    expect(result.table.ignoredColumns).toEqual(["extra"]);
  });

  it("fails clearly on missing or duplicate columns, bad quoting, and too many rows", () => {
    const missing = readCsvTable("title,summary\nA,B\n", columns);
    expect(missing).toMatchObject({ ok: false, status: 400 });
    expect(!missing.ok && missing.message).toContain("has no severity column");

    const duplicate = readCsvTable("title,severity,title\n", columns);
    expect(!duplicate.ok && duplicate.message).toContain("title appears twice");

    const quoting = readCsvTable('title,severity\n"A,SEV1\n', columns);
    expect(!quoting.ok && quoting.message).toMatch(/could not be read as CSV on line \d/);

    expect(readCsvTable("", columns)).toMatchObject({ ok: false, message: expect.stringContaining("empty") });

    const many = readCsvTable("title,severity\n" + "a,SEV4\n".repeat(MAX_CSV_ROWS + 1), columns);
    expect(many).toMatchObject({ ok: false, status: 413 });
    expect(!many.ok && many.message).toContain("5,001 rows; import at most 5,000");
    expect(readCsvTable("title,severity\n" + "a,SEV4\n".repeat(MAX_CSV_ROWS), columns).ok).toBe(true);
  });
});

describe("parseIncidentCsv", () => {
  it("reads wall times in the team's zone, offsets as given, and audit answers", () => {
    const csv = [
      "title,severity,started_at,resolved_at,audit_credits_offered,audit_postmortem_published",
      "Checkout down,sev2,2026-03-10T09:00,2026-03-10T10:30:00Z,N/A,yes",
    ].join("\n");
    const result = parseIncidentCsv(csv, "Europe/Berlin");
    expect(result.ok && result.problems).toEqual([]);
    if (!result.ok) return;
    const { line, input } = at(result.rows, 0);
    expect(line).toBe(2);
    expect(input.severity).toBe("SEV2");
    expect(input.startedAt.toISOString()).toBe("2026-03-10T08:00:00.000Z");
    expect(input.resolvedAt?.toISOString()).toBe("2026-03-10T10:30:00.000Z");
    expect(input.audit).toEqual({ creditsOffered: "na", postmortemPublished: "yes" });
  });

  it("lists every problem by line and column", () => {
    const csv = [
      "title,severity,started_at,resolved_at,postmortem_published_at,audit_credits_offered",
      "Good,SEV3,2026-01-01T10:00,,,",
      ",SEV9,2026-01-01T10:00,2026-01-01T09:00,,maybe",
      "Late,SEV1,someday,,,",
      "Published early,SEV2,2026-01-01T10:00,2026-01-01T12:00,2026-01-01T11:00,",
    ].join("\n");
    const result = parseIncidentCsv(csv, "UTC");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.problems).toEqual([
      { line: 3, field: "title", message: "Give the incident a title" },
      { line: 3, field: "severity", message: "Choose SEV1, SEV2, SEV3 or SEV4" },
      { line: 3, field: "audit_credits_offered", message: "Answer yes, no or not applicable" },
      { line: 3, field: "resolved_at", message: "Resolved time is before the start" },
      { line: 4, field: "started_at", message: "Enter a date and time like 2026-11-20T14:05" },
      { line: 5, field: "postmortem_published_at", message: "Publication is before resolution" },
    ]);
  });
});

describe("parseActionItemCsv", () => {
  const context = {
    timeZone: "UTC",
    ownerIdByEmail: new Map([["dana@example.com", 7]]),
    findIncident: (startedAt: Date, title: string) =>
      title === "DB outage" && startedAt.toISOString() === "2026-01-10T10:00:00.000Z" ? 42 : undefined,
  };

  it("names owners by email, incidents by start and title, and accepts labels", () => {
    const csv = [
      "title,owner_email,due_date,status,source,incident_started_at,incident_title,completed_at",
      "Disk alerts,Dana@Example.com,2026-02-01,Done,Postmortem,2026-01-10T10:00:00Z,DB outage,2026-01-30T12:00:00Z",
      "Runbook,dana@example.com,2026-03-01,In progress,pre-mortem,,,",
    ].join("\n");
    const result = parseActionItemCsv(csv, context);
    expect(result.ok && result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.rows.map((r) => r.input)).toEqual([
      expect.objectContaining({
        title: "Disk alerts",
        ownerId: 7,
        status: "done",
        source: "postmortem",
        incidentId: 42,
        completedAt: new Date("2026-01-30T12:00:00Z"),
      }),
      expect.objectContaining({
        title: "Runbook",
        ownerId: 7,
        status: "in_progress",
        source: "premortem",
        incidentId: null,
        completedAt: null,
      }),
    ]);
  });

  it("reports an owner not on the team, a bad date, an unknown incident", () => {
    const csv = [
      "title,owner_email,due_date,status,source,incident_started_at,incident_title,completed_at",
      "A,eve@example.com,2026-02-01,open,retro,,,",
      "B,dana@example.com,tomorrow,open,retro,,,",
      "C,dana@example.com,2026-02-01,open,retro,2026-01-11T10:00:00Z,DB outage,",
      "D,dana@example.com,2026-02-01,open,retro,,,2026-01-01T00:00:00Z",
      "E,,2026-02-01,closed,retro,,,",
    ].join("\n");
    const result = parseActionItemCsv(csv, context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([
      { line: 2, field: "owner_email", message: "No one on this team has the email eve@example.com" },
      { line: 3, field: "due_date", message: "Due date must be a date like 2026-11-30" },
      {
        line: 4,
        field: "incident_title",
        message: "No incident “DB outage” started at 2026-01-11T10:00:00Z in this team; import the incidents first",
      },
      { line: 5, field: "completed_at", message: "Only a done item has a completion time" },
      { line: 6, field: "owner_email", message: "Enter the owner's email address" },
      { line: 6, field: "status", message: "Choose open, in progress, done or dropped" },
    ]);
  });
});

describe("export", () => {
  const incident: Incident = {
    id: 1,
    teamId: 1,
    title: '=HYPERLINK("http://evil")',
    severity: "SEV1",
    startedAt: new Date("2026-07-01T12:00:00.250Z"),
    detectedAt: null,
    resolvedAt: new Date("2026-07-01T13:00:00Z"),
    summary: '-1 customers, "quoted", and a\nnew line',
    postmortemUrl: null,
    postmortemPublishedAt: null,
    audit: { creditsOffered: "na", postmortemPublished: "no" },
    createdAt: new Date(),
    updatedAt: null,
    pagerUrl: null,
  };

  it("writes times with the team's offset and neutralised cells that import back unchanged", () => {
    const csv = incidentsToCsv([incident], "America/New_York");
    const records = parse(csv, { bom: true }) as string[][];
    const header = at(records, 0);
    const row = at(records, 1);
    expect(header.slice(0, 4)).toEqual(["id", "title", "severity", "started_at"]);
    expect(at(row, 1)).toBe('\'=HYPERLINK("http://evil")');
    expect(at(row, 3)).toBe("2026-07-01T08:00:00.250-04:00");
    expect(csv.charCodeAt(0)).toBe(0xfeff); // a BOM so spreadsheets read UTF-8

    const back = parseIncidentCsv(csv, "UTC");
    expect(back.ok && back.problems).toEqual([]);
    if (!back.ok) return;
    expect(at(back.rows, 0).input).toEqual({
      title: incident.title,
      severity: "SEV1",
      startedAt: incident.startedAt,
      detectedAt: null,
      resolvedAt: incident.resolvedAt,
      summary: incident.summary,
      postmortemUrl: null,
      postmortemPublishedAt: null,
      audit: incident.audit,
    });
  });

  it("round-trips any title and summary", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.string({ maxLength: 300 }), (title, summary) => {
        fc.pre(title.trim().length > 0 && title.trim() === title && summary.trim() === summary);
        const csv = incidentsToCsv([{ ...incident, title, summary: summary || null }], "UTC");
        const back = parseIncidentCsv(csv, "UTC");
        return (
          back.ok &&
          back.problems.length === 0 &&
          at(back.rows, 0).input.title === title &&
          at(back.rows, 0).input.summary === (summary || null)
        );
      }),
    );
  });

  it("exports action items with the incident's start and title, importable again", () => {
    const item: ActionItem = {
      id: 3,
      teamId: 1,
      title: "@channel alerts",
      ownerId: 7,
      ownerName: "Dana",
      ownerEmail: "dana@example.com",
      dueDate: "2026-02-01",
      status: "done",
      source: "postmortem",
      incidentId: 42,
      incidentTitle: "DB outage",
      incidentStartedAt: new Date("2026-01-10T10:00:00Z"),
      premortemId: null,
      premortemTitle: null,
      notes: null,
      createdAt: new Date("2026-01-12T09:00:00Z"),
      completedAt: new Date("2026-01-30T12:00:00Z"),
      updatedAt: null,
    };
    const csv = actionItemsToCsv([item], "Asia/Singapore");
    expect(csv).toContain("'@channel alerts");
    const back = parseActionItemCsv(csv, {
      timeZone: "UTC",
      ownerIdByEmail: new Map([["dana@example.com", 7]]),
      findIncident: (startedAt, title) =>
        title === "DB outage" && startedAt.getTime() === item.incidentStartedAt!.getTime() ? 42 : undefined,
    });
    expect(back.ok && back.problems).toEqual([]);
    if (!back.ok) return;
    expect(back.ignoredColumns).toEqual(["id", "owner_name"]);
    expect(at(back.rows, 0).input).toEqual({
      title: "@channel alerts",
      ownerId: 7,
      dueDate: "2026-02-01",
      status: "done",
      source: "postmortem",
      incidentId: 42,
      notes: null,
      createdAt: item.createdAt,
      completedAt: item.completedAt,
    });
  });
});
