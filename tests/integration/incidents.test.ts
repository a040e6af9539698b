import { describe, expect, it } from "vitest";
import { calendarQuarter } from "~/domain/incident-metrics";
import { listActionItems } from "~/models/action-items.server";
import { createIncident, getIncident, listIncidents } from "~/models/incidents.server";
import { signedIn } from "../support/client";
import { makeTeamWithPeople, makeUser } from "../support/factories";
import { serverForFile } from "../support/server";
import { at } from "../support/elements";

const server = serverForFile();

const goodIncident = {
  title: "Checkout down",
  severity: "SEV2",
  startedAt: "2026-03-10T09:00",
  detectedAt: "2026-03-10T09:07",
  resolvedAt: "2026-03-10T11:30",
  summary: "Payments provider timed out.",
  postmortemUrl: "https://wiki.example.com/pm/1",
  postmortemPublishedAt: "2026-03-12T16:00",
  "audit.investigatingWithin5m": "yes",
  "audit.updatesEvery15to20m": "no",
  "audit.resolvedPostWithCause": "yes",
  "audit.customerEmailWithin2h": "na",
  "audit.creditsOffered": "",
  "audit.postmortemPublished": "yes",
};

describe("recording incidents", () => {
  it("lets a lead record an incident with its audit, read in the team's time zone", async () => {
    const { team, lead, members } = await makeTeamWithPeople(1, { timeZone: "Europe/Berlin" });
    const client = await signedIn(server, lead.email);
    const form = await client.get(`/teams/${team.slug}/incidents/new`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain("Communication audit");
    expect(formHtml).toContain("An &quot;investigating&quot; update within 5 minutes");

    const res = await client.post(`/teams/${team.slug}/incidents/new`, goodIncident);
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/teams/${team.slug}/incidents/\\d+$`));

    const stored = at(listIncidents(team.id), 0);
    expect(stored.title).toBe("Checkout down");
    // 09:00 in Berlin in March (CET, +01:00) is 08:00 UTC.
    expect(stored.startedAt.toISOString()).toBe("2026-03-10T08:00:00.000Z");
    expect(stored.resolvedAt?.toISOString()).toBe("2026-03-10T10:30:00.000Z");
    expect(stored.audit).toEqual({
      investigatingWithin5m: "yes",
      updatesEvery15to20m: "no",
      resolvedPostWithCause: "yes",
      customerEmailWithin2h: "na",
      postmortemPublished: "yes",
    });

    const detail = await (await client.get(location)).text();
    expect(detail).toContain("Incident recorded.");
    expect(detail).toContain("10 Mar 2026, 09:00");
    expect(detail).toContain("time to recover 2 h 30 min");
    expect(detail).toContain("Updates on a 15–20 minute clock");
    expect(detail).toContain("Not applicable");

    // A member reads the list and the detail, but cannot create or edit.
    const member = await signedIn(server, at(members, 0).email);
    expect(await (await member.get(`/teams/${team.slug}/incidents`)).text()).toContain("Checkout down");
    expect((await member.get(location)).status).toBe(200);
    expect(await (await member.get(location)).text()).not.toContain("Edit incident");
    expect((await member.get(`/teams/${team.slug}/incidents/new`)).status).toBe(403);
    const forbidden = await member.post(`/teams/${team.slug}/incidents/new`, {
      ...goodIncident,
      title: "Member's incident",
    });
    expect(forbidden.status).toBe(403);
    expect((await member.post(`${location}/edit`, { ...goodIncident, title: "Renamed" })).status).toBe(403);
    expect(listIncidents(team.id).map((i) => i.title)).toEqual(["Checkout down"]);
  });

  it("rejects bad input beside each field, keeps what was typed and stores nothing", async () => {
    const { team, lead } = await makeTeamWithPeople(0);
    const client = await signedIn(server, lead.email);
    const path = `/teams/${team.slug}/incidents/new`;

    const backwards = await client.post(path, {
      ...goodIncident,
      title: "Kept <title>",
      resolvedAt: "2026-03-10T08:00",
      postmortemPublishedAt: "2026-03-09T08:00",
    });
    expect(backwards.status).toBe(400);
    const html = await backwards.text();
    expect(html).toContain("Resolved time is before the start");
    expect(html).toContain('id="field-resolvedAt-error"');
    expect(html).toContain('value="Kept &lt;title&gt;"');
    expect(html).toContain('value="https://wiki.example.com/pm/1"');
    expect(html).toMatch(/<textarea[^>]*name="summary"[^>]*>Payments provider timed out.<\/textarea>/);

    const published = await client.post(path, { ...goodIncident, postmortemPublishedAt: "2026-03-10T10:00" });
    expect(published.status).toBe(400);
    expect(await published.text()).toContain("Publication is before resolution");

    const unknown = await client.post(path, {
      ...goodIncident,
      severity: "SEV9",
      title: "   ",
      startedAt: "yesterday",
      "audit.creditsOffered": "maybe",
    });
    expect(unknown.status).toBe(400);
    const unknownHtml = await unknown.text();
    expect(unknownHtml).toContain("Choose SEV1, SEV2, SEV3 or SEV4");
    expect(unknownHtml).toContain("Give the incident a title");
    expect(unknownHtml).toContain("Enter a date and time like 2026-11-20T14:05");
    expect(unknownHtml).toContain("Answer yes, no or not applicable");

    expect(listIncidents(team.id)).toHaveLength(0);
  });

  it("lets a lead edit an incident; a bad edit changes nothing", async () => {
    const { team, lead } = await makeTeamWithPeople(0);
    const incident = createIncident(team.id, {
      title: "Ongoing thing",
      severity: "SEV3",
      startedAt: new Date("2026-04-01T10:00:00Z"),
      detectedAt: null,
      resolvedAt: null,
      summary: null,
      postmortemUrl: null,
      postmortemPublishedAt: null,
      audit: {},
    });
    const client = await signedIn(server, lead.email);
    const edit = `/teams/${team.slug}/incidents/${incident.id}/edit`;
    const page = await (await client.get(edit)).text();
    expect(page).toContain('value="2026-04-01T10:00"');

    const bad = await client.post(edit, {
      title: "Ongoing thing",
      severity: "SEV3",
      startedAt: "2026-04-01T10:00",
      resolvedAt: "2026-03-31T10:00",
    });
    expect(bad.status).toBe(400);
    expect(getIncident(team.id, incident.id)?.resolvedAt).toBeNull();

    const ok = await client.post(edit, {
      title: "Resolved thing",
      severity: "SEV3",
      startedAt: "2026-04-01T10:00",
      resolvedAt: "2026-04-01T10:45",
      "audit.creditsOffered": "na",
    });
    expect(ok.status).toBe(302);
    const after = getIncident(team.id, incident.id)!;
    expect(after.title).toBe("Resolved thing");
    expect(after.resolvedAt?.toISOString()).toBe("2026-04-01T10:45:00.000Z");
    expect(after.audit).toEqual({ creditsOffered: "na" });
    expect(after.updatedAt).not.toBeNull();

    // Another team's lead cannot see or edit it.
    const other = await makeTeamWithPeople(0);
    const outsider = await signedIn(server, other.lead.email);
    expect((await outsider.get(`/teams/${team.slug}/incidents/${incident.id}`)).status).toBe(404);
    expect((await client.get(`/teams/${team.slug}/incidents/999999`)).status).toBe(404);
    expect((await client.get(`/teams/${team.slug}/incidents/abc`)).status).toBe(404);
  });
});

describe("the incident list", () => {
  it("filters by severity, open/resolved and period with GET parameters", async () => {
    const { team, lead } = await makeTeamWithPeople(0);
    const base = { detectedAt: null, summary: null, postmortemUrl: null, postmortemPublishedAt: null, audit: {} };
    createIncident(team.id, {
      ...base,
      title: "Old minor",
      severity: "SEV4",
      startedAt: new Date("2025-01-15T10:00:00Z"),
      resolvedAt: new Date("2025-01-15T11:00:00Z"),
    });
    createIncident(team.id, {
      ...base,
      title: "Big one",
      severity: "SEV1",
      startedAt: new Date("2026-02-01T10:00:00Z"),
      resolvedAt: new Date("2026-02-01T15:00:00Z"),
    });
    createIncident(team.id, {
      ...base,
      title: "Still burning",
      severity: "SEV2",
      startedAt: new Date("2026-02-20T10:00:00Z"),
      resolvedAt: null,
    });
    const client = await signedIn(server, lead.email);
    const list = (query: string) => client.get(`/teams/${team.slug}/incidents${query}`).then((r) => r.text());

    const all = await list("");
    expect(all).toContain("Old minor");
    expect(all).toContain("Big one");
    expect(all).toContain("Still burning");

    const sev1 = await list("?severity=SEV1");
    expect(sev1).toContain("Big one");
    expect(sev1).not.toContain("Old minor");

    const open = await list("?status=open");
    expect(open).toContain("Still burning");
    expect(open).not.toContain("Big one");

    const resolved = await list("?status=resolved&from=2026-01-01&to=2026-12-31");
    expect(resolved).toContain("Big one");
    expect(resolved).not.toContain("Old minor");
    expect(resolved).not.toContain("Still burning");

    // "to" is inclusive: an incident on that day is in.
    expect(await list("?from=2026-02-01&to=2026-02-01")).toContain("Big one");

    const bad = await client.get(`/teams/${team.slug}/incidents?from=last-week&severity=SEV7`);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Enter a date like 2026-11-01");
    expect(badHtml).toContain("Choose SEV1, SEV2, SEV3 or SEV4");
    expect(badHtml).toContain('value="last-week"');

    const backwards = await client.get(`/teams/${team.slug}/incidents?from=2026-03-01&to=2026-02-01`);
    expect(backwards.status).toBe(400);
    expect(await backwards.text()).toContain("The end date is before the start date");
  });

  it("shows the current quarter's metrics", async () => {
    const { team, lead, members } = await makeTeamWithPeople(1);
    // Two incidents that start inside the current quarter, whatever day the test runs.
    const now = Math.max(Date.now(), calendarQuarter(new Date(), "UTC").from.getTime() + 3 * 3600_000);
    const base = {
      detectedAt: null,
      summary: null,
      postmortemUrl: null,
      audit: { investigatingWithin5m: "yes" as const, updatesEvery15to20m: "no" as const },
    };
    createIncident(team.id, {
      ...base,
      title: "Q sev1",
      severity: "SEV1",
      startedAt: new Date(now - 2 * 3600_000),
      resolvedAt: new Date(now - 1.5 * 3600_000),
      postmortemPublishedAt: new Date(now - 3600_000),
    });
    createIncident(team.id, {
      ...base,
      title: "Q sev3",
      severity: "SEV3",
      startedAt: new Date(now - 3600_000),
      resolvedAt: new Date(now - 3600_000 + 10 * 60_000),
      postmortemPublishedAt: null,
    });
    const client = await signedIn(server, at(members, 0).email);
    // React separates adjacent text with <!-- -->; read the page as a person would.
    const html = (await (await client.get(`/teams/${team.slug}/incidents`)).text()).replaceAll("<!-- -->", "");
    expect(html).toMatch(/Q[1-4] \d{4} so far/);
    expect(html).toContain("SEV1: 1");
    expect(html).toContain("Median time to recover");
    expect(html).toContain("20 min"); // median of 30 and 10 minutes
    expect(html).toContain("100 %"); // the SEV1 has a published postmortem
    expect(html).toContain("50 %"); // audit: 2 yes of 4 answered
    void lead;
  });
});

describe("follow-ups from the incident page", () => {
  it("lets a lead add a postmortem action item linked to the incident, with validation", async () => {
    const { team, lead, members } = await makeTeamWithPeople(1);
    const stranger = await makeUser();
    const incident = createIncident(team.id, {
      title: "DB outage",
      severity: "SEV1",
      startedAt: new Date("2026-01-10T10:00:00Z"),
      detectedAt: null,
      resolvedAt: new Date("2026-01-10T12:00:00Z"),
      summary: null,
      postmortemUrl: null,
      postmortemPublishedAt: null,
      audit: {},
    });
    const client = await signedIn(server, lead.email);
    const path = `/teams/${team.slug}/incidents/${incident.id}`;

    const bad = await client.post(`${path}?index`, {
      title: "Add disk alerts",
      ownerId: stranger.id,
      dueDate: "next week",
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Due date must be a date like 2026-11-30");
    expect(badHtml).toContain('value="Add disk alerts"');
    const notOnTeam = await client.post(`${path}?index`, {
      title: "Add disk alerts",
      ownerId: stranger.id,
      dueDate: "2026-02-01",
    });
    expect(notOnTeam.status).toBe(400);
    expect(await notOnTeam.text()).toContain("Choose an owner who is on this team");
    const empty = await client.post(`${path}?index`, { title: "", ownerId: at(members, 0).id, dueDate: "2026-02-01" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Give the action item a title");
    expect(listActionItems(team.id)).toHaveLength(0);

    const ok = await client.post(`${path}?index`, {
      title: "Add disk alerts",
      ownerId: at(members, 0).id,
      dueDate: "2026-02-01",
    });
    expect(ok.status).toBe(302);
    const [item] = listActionItems(team.id);
    expect(item).toMatchObject({
      title: "Add disk alerts",
      ownerId: at(members, 0).id,
      source: "postmortem",
      incidentId: incident.id,
      status: "open",
      completedAt: null,
    });
    const detail = await (await client.get(path)).text();
    expect(detail).toContain("Add disk alerts");
    expect(detail).toContain("Follow-up added to the action tracker.");

    // A member sees the follow-up but has no form to add one, and cannot post one.
    const member = await signedIn(server, at(members, 0).email);
    const memberView = await (await member.get(path)).text();
    expect(memberView).toContain("Add disk alerts");
    expect(memberView).not.toContain("Add a follow-up");
    expect(
      (await member.post(`${path}?index`, { title: "Sneaky", ownerId: at(members, 0).id, dueDate: "2026-02-01" }))
        .status,
    ).toBe(403);
    expect(listActionItems(team.id)).toHaveLength(1);
  });
});
