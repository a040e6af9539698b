import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { createActionItem, listActionItems } from "~/models/action-items.server";
import { createIncident, listIncidents } from "~/models/incidents.server";
import { addMember, removeMember } from "~/models/teams.server";
import { Client, signedIn } from "../support/client";
import { makeTeamWithPeople } from "../support/factories";
import { serverForFile } from "../support/server";
import { at } from "../support/elements";

const server = serverForFile();

/** Uploads like a browser without JavaScript: multipart/form-data with a file part. */
function upload(
  client: Client,
  slug: string,
  kind: string,
  file: string | Uint8Array<ArrayBuffer>,
  extra: Record<string, string> = {},
) {
  const form = new FormData();
  form.append("intent", "preview");
  form.append("kind", kind);
  form.append("file", new Blob([file], { type: "text/csv" }), "data.csv");
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return client.request(`/teams/${slug}/import`, { method: "POST", body: form });
}

const html = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");

/** The hidden confirm form of a preview page, posted as the browser would. */
async function confirm(client: Client, slug: string, previewHtml: string) {
  const csv = previewHtml.match(/name="csv" value="([^"]+)"/)?.[1];
  const kind = previewHtml.match(/type="hidden" name="kind" value="([^"]+)"/)?.[1];
  expect(csv, "the preview carries the file in a hidden field").toBeTruthy();
  const form = new FormData();
  form.append("intent", "confirm");
  form.append("kind", kind!);
  form.append("csv", csv!);
  return client.request(`/teams/${slug}/import`, { method: "POST", body: form });
}

const INCIDENTS_CSV = [
  "title,severity,started_at,resolved_at,postmortem_published_at,audit_investigating_within_5m",
  "Checkout down,SEV2,2026-03-10T09:00,2026-03-10T11:30,2026-03-12T16:00,yes",
  '"Search lag, again",SEV4,2026-04-01T10:00:00+02:00,,,',
].join("\r\n");

describe("CSV import", () => {
  it("previews, stores nothing until confirmed, then imports everything at once", async () => {
    const { team, lead } = await makeTeamWithPeople(0, { timeZone: "Europe/Berlin" });
    const client = await signedIn(server, lead.email);
    expect((await client.get(`/teams/${team.slug}/import`)).status).toBe(200);

    const preview = await upload(client, team.slug, "incidents", INCIDENTS_CSV);
    expect(preview.status).toBe(200);
    const page = await html(preview);
    expect(page).toContain("Preview: 2 incidents will be created");
    expect(page).toContain("Search lag, again");
    expect(page).toContain("10 Mar 2026, 09:00");
    expect(listIncidents(team.id)).toHaveLength(0);

    const done = await confirm(client, team.slug, page);
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`/teams/${team.slug}/incidents`);
    const stored = listIncidents(team.id);
    expect(stored.map((i) => i.title).sort()).toEqual(["Checkout down", "Search lag, again"]);
    expect(stored.find((i) => i.title === "Checkout down")?.startedAt.toISOString()).toBe("2026-03-10T08:00:00.000Z");
    expect(await html(await client.get(done.headers.get("location")!))).toContain("Imported 2 incidents.");

    // Pasted text works the same way.
    const form = new FormData();
    form.append("intent", "preview");
    form.append("kind", "incidents");
    form.append("csvText", "title,severity,started_at\nPasted,SEV3,2026-05-01T10:00");
    const pasted = await client.request(`/teams/${team.slug}/import`, { method: "POST", body: form });
    expect(pasted.status).toBe(200);
    expect(await html(pasted)).toContain("Preview: 1 incidents will be created");
  });

  it("lists every bad row by line and column and imports none of the file", async () => {
    const { team, lead } = await makeTeamWithPeople(0);
    const client = await signedIn(server, lead.email);
    const csv = [
      "title,severity,started_at,resolved_at",
      "Fine,SEV3,2026-01-01T10:00,2026-01-01T11:00",
      "Backwards,SEV3,2026-01-01T10:00,2026-01-01T09:00",
      ",SEV5,2026-01-01T10:00,",
    ].join("\n");
    const res = await upload(client, team.slug, "incidents", csv);
    expect(res.status).toBe(400);
    const page = await html(res);
    expect(page).toContain("Nothing was imported: 3 problems in the file.");
    expect(page).toMatch(/<td>3<\/td><td><code>resolved_at<\/code><\/td><td>Resolved time is before the start<\/td>/);
    expect(page).toMatch(/<td>4<\/td><td><code>title<\/code><\/td><td>Give the incident a title<\/td>/);
    expect(page).toMatch(/<td>4<\/td><td><code>severity<\/code><\/td><td>Choose SEV1, SEV2, SEV3 or SEV4<\/td>/);
    expect(page).toContain('<option value="incidents" selected="">'); // the choice is kept
    expect(listIncidents(team.id)).toHaveLength(0);

    // A hand-made confirm with the same file is re-checked, not trusted.
    const form = new FormData();
    form.append("intent", "confirm");
    form.append("kind", "incidents");
    form.append("csv", Buffer.from(csv).toString("base64url"));
    expect((await client.request(`/teams/${team.slug}/import`, { method: "POST", body: form })).status).toBe(400);
    expect(listIncidents(team.id)).toHaveLength(0);
  });

  it("explains a missing column, a wrong encoding, an empty upload and oversized files", async () => {
    const { team, lead } = await makeTeamWithPeople(0);
    const client = await signedIn(server, lead.email);

    const missing = await upload(client, team.slug, "incidents", "title,started_at\nX,2026-01-01T10:00\n");
    expect(missing.status).toBe(400);
    expect(await html(missing)).toContain("The file has no severity column.");

    const latin1 = new Uint8Array([
      ...Buffer.from("title,severity,started_at\nCaf"),
      0xe9,
      ...Buffer.from(",SEV3,2026-01-01T10:00\n"),
    ]);
    const encoding = await upload(client, team.slug, "incidents", latin1);
    expect(encoding.status).toBe(400);
    expect(await html(encoding)).toContain("The file is not UTF-8 text");

    const nothing = await upload(client, team.slug, "incidents", "");
    expect(nothing.status).toBe(400);
    expect(await html(nothing)).toContain("Choose a CSV file (or paste its contents)");

    const badKind = await upload(client, team.slug, "people", INCIDENTS_CSV);
    expect(badKind.status).toBe(400);
    expect(await html(badKind)).toContain("Choose incidents or action items");

    const hundredThousand = "title,severity,started_at\n" + "Blip,SEV4,2026-01-01T10:00\n".repeat(100_000);
    const huge = await upload(client, team.slug, "incidents", hundredThousand);
    expect(huge.status).toBe(413);
    expect(await html(huge)).toMatch(/The file is 2\.\d MB; import at most 2 MB and 5,000 rows at a time/);

    // Far beyond what even the confirm step carries: refused before the form is parsed.
    const enormous = await upload(client, team.slug, "incidents", hundredThousand.repeat(3));
    expect(enormous.status).toBe(413);
    expect(await html(enormous)).toContain("The upload is larger than 2 MB; import at most 5,000 rows at a time.");

    const justOver = "title,severity,started_at\n" + "B,SEV4,2026-01-01T10:00\n".repeat(5_001);
    const many = await upload(client, team.slug, "incidents", justOver);
    expect(many.status).toBe(413);
    expect(await html(many)).toContain("The file has 5,001 rows; import at most 5,000 rows at a time.");
    expect(listIncidents(team.id)).toHaveLength(0);
  });

  it("keeps import for leads", async () => {
    const { team, members } = await makeTeamWithPeople(1);
    const member = await signedIn(server, at(members, 0).email);
    expect((await member.get(`/teams/${team.slug}/import`)).status).toBe(403);
    expect((await upload(member, team.slug, "incidents", INCIDENTS_CSV)).status).toBe(403);
    expect(listIncidents(team.id)).toHaveLength(0);
  });

  it("re-checks action items at confirm time: an owner who left in between stops the whole file", async () => {
    const { team, lead, members } = await makeTeamWithPeople(2);
    const client = await signedIn(server, lead.email);
    const csv = [
      "title,owner_email,due_date,status,source",
      `First,${at(members, 0).email},2026-02-01,open,retro`,
      `Second,${at(members, 1).email},2026-02-01,open,retro`,
    ].join("\n");
    const preview = await upload(client, team.slug, "action-items", csv);
    expect(preview.status).toBe(200);
    const page = await html(preview);
    expect(page).toContain("Preview: 2 action items will be created");
    removeMember(team.id, at(members, 1).id);
    const res = await confirm(client, team.slug, page);
    expect(res.status).toBe(400);
    expect(await html(res)).toContain(`No one on this team has the email ${at(members, 1).email}`);
    expect(listActionItems(team.id)).toHaveLength(0);
  });
});

describe("CSV export", () => {
  it("neutralises formulas and round-trips through the importer into another team", async () => {
    const a = await makeTeamWithPeople(2, { timeZone: "America/New_York" });
    const b = await makeTeamWithPeople(0, { timeZone: "Asia/Singapore" });
    for (const m of a.members) addMember(b.team.id, m.id, "member");

    const base = { detectedAt: null, summary: null, postmortemUrl: null, postmortemPublishedAt: null };
    const db1 = createIncident(a.team.id, {
      ...base,
      title: "=cmd|' /C calc'!A0",
      severity: "SEV1",
      startedAt: new Date("2026-01-10T15:00:00Z"),
      resolvedAt: new Date("2026-01-10T18:00:00Z"),
      summary: '+44 line, "quoted"\nsecond line',
      audit: { creditsOffered: "no", postmortemPublished: "yes" },
      postmortemUrl: "https://wiki.example.com/pm",
      postmortemPublishedAt: new Date("2026-01-12T10:00:00Z"),
    });
    createIncident(a.team.id, {
      ...base,
      title: "Ongoing",
      severity: "SEV3",
      startedAt: new Date("2026-02-01T01:30:00Z"),
      resolvedAt: null,
      audit: {},
    });
    createActionItem(
      a.team.id,
      {
        title: "-Run the restore drill",
        ownerId: at(a.members, 0).id,
        dueDate: "2026-02-01",
        status: "done",
        source: "postmortem",
        incidentId: db1.id,
        notes: "@ops",
      },
      new Date("2026-01-12T11:00:00Z"),
    );
    createActionItem(
      a.team.id,
      {
        title: "Status page",
        ownerId: at(a.members, 1).id,
        dueDate: "2026-03-01",
        status: "dropped",
        source: "retro",
        incidentId: null,
        notes: null,
      },
      new Date("2026-01-13T11:00:00Z"),
    );

    const member = await signedIn(server, at(a.members, 0).email);
    const incidentsRes = await member.get(`/teams/${a.team.slug}/incidents.csv`);
    expect(incidentsRes.status).toBe(200);
    expect(incidentsRes.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(incidentsRes.headers.get("content-disposition")).toMatch(
      /^attachment; filename="team-[\w-]+-incidents-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const incidentsCsv = await incidentsRes.text();
    const cells = (parse(incidentsCsv, { bom: true }) as string[][]).flat();
    expect(cells).toContain("'=cmd|' /C calc'!A0");
    expect(cells.some((c) => /^[=+\-@]/.test(c))).toBe(false);
    const actionsCsv = await (await member.get(`/teams/${a.team.slug}/action-items.csv`)).text();
    expect(actionsCsv).toContain("'-Run the restore drill");
    expect(actionsCsv).toContain("'@ops");

    const lead = await signedIn(server, b.lead.email);
    const incidentPreview = await upload(lead, b.team.slug, "incidents", incidentsCsv);
    expect(incidentPreview.status).toBe(200);
    expect((await confirm(lead, b.team.slug, await html(incidentPreview))).status).toBe(302);
    const actionPreview = await upload(lead, b.team.slug, "action-items", actionsCsv);
    expect(actionPreview.status).toBe(200);
    expect((await confirm(lead, b.team.slug, await html(actionPreview))).status).toBe(302);

    const strip = (rows: Array<Record<string, unknown>>) =>
      rows.map(({ id: _id, teamId: _t, createdAt: _c, updatedAt: _u, ...rest }) => rest);
    expect(strip(listIncidents(b.team.id))).toEqual(strip(listIncidents(a.team.id)));
    const items = (teamId: number) =>
      listActionItems(teamId).map(({ id: _i, teamId: _t, incidentId: _inc, updatedAt: _u, ...rest }) => rest);
    expect(items(b.team.id)).toEqual(items(a.team.id));
    expect(at(listActionItems(b.team.id), 0).incidentId).toBe(
      listIncidents(b.team.id).find((i) => i.severity === "SEV1")!.id,
    );

    // And the re-export is the same file, apart from ids and the zone the times are written in.
    const again = await (await lead.get(`/teams/${b.team.slug}/incidents.csv`)).text();
    const rowsOf = (csv: string) =>
      (parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>).map(({ id: _id, ...r }) => r);
    const instants = (rows: Array<Record<string, string>>) =>
      rows.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, k.endsWith("_at") && v ? new Date(v).toISOString() : v]),
        ),
      );
    expect(instants(rowsOf(again))).toEqual(instants(rowsOf(incidentsCsv)));
  });
});
