import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { apiTokens, checklistEvents } from "#db/schema";
import { createActionItem, getActionItem, listActionItems } from "~/models/action-items.server";
import { hashApiToken } from "~/models/api-tokens.server";
import { checklistHistory, currentChecklist } from "~/models/checklist.server";
import { listPremortems } from "~/models/premortems.server";
import { signedIn } from "../support/client";
import { makeTeamWithPeople, makeUser } from "../support/factories";
import { serverForFile } from "../support/server";
import { at } from "../support/elements";

const server = serverForFile();

const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");

describe("the action tracker", () => {
  it("lets a lead create items and refuses bad ones beside the field, storing nothing", async () => {
    const { team, lead, members } = await makeTeamWithPeople(1);
    const stranger = await makeUser();
    const client = await signedIn(server, lead.email);
    const path = `/teams/${team.slug}/action-items/new`;
    const good = {
      title: "Write the runbook",
      ownerId: at(members, 0).id,
      dueDate: "2026-06-30",
      status: "open",
      source: "retro",
      incidentId: "",
      notes: "",
    };

    const badStatus = await client.post(path, { ...good, status: "finished", source: "gossip" });
    expect(badStatus.status).toBe(400);
    const html = await badStatus.text();
    expect(html).toContain("Choose open, in progress, done or dropped");
    expect(html).toContain("Choose postmortem, pre-mortem, retro or trust check");
    expect(html).toContain('value="Write the runbook"');

    const badOwner = await client.post(path, { ...good, ownerId: stranger.id });
    expect(badOwner.status).toBe(400);
    expect(await badOwner.text()).toContain("Choose an owner who is on this team");

    const badDate = await client.post(path, { ...good, dueDate: "2026-02-30" });
    expect(badDate.status).toBe(400);
    expect(await badDate.text()).toContain("Due date must be a date like 2026-11-30");

    const badIncident = await client.post(path, { ...good, incidentId: "424242" });
    expect(badIncident.status).toBe(400);
    expect(await badIncident.text()).toContain("Choose an incident of this team");

    const empty = await client.post(path, { ...good, title: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Give the action item a title");
    expect(listActionItems(team.id)).toHaveLength(0);

    const ok = await client.post(path, good);
    expect(ok.status).toBe(302);
    expect(listActionItems(team.id)).toHaveLength(1);

    const member = await signedIn(server, at(members, 0).email);
    expect((await member.get(path)).status).toBe(403);
    expect((await member.post(path, { ...good, title: "Member item" })).status).toBe(403);
    expect(listActionItems(team.id)).toHaveLength(1);
  });

  it("lets the owner move their own item's status (only status); completedAt follows", async () => {
    const { team, lead, members } = await makeTeamWithPeople(2);
    const owner = at(members, 0);
    const colleague = at(members, 1);
    const item = createActionItem(team.id, {
      title: "Add disk alerts",
      ownerId: owner.id,
      dueDate: "2099-01-31",
      status: "open",
      source: "postmortem",
      incidentId: null,
      notes: null,
    });
    const path = `/teams/${team.slug}/action-items/${item.id}`;

    const other = await signedIn(server, colleague.email);
    const tracker = await text(await other.get(`/teams/${team.slug}/action-items`));
    expect(tracker).toContain("Add disk alerts"); // everyone reads the tracker
    expect(tracker).not.toContain(`Status of Add disk alerts`);
    expect((await other.post(path, { intent: "status", status: "done" })).status).toBe(403);
    expect(getActionItem(team.id, item.id)?.status).toBe("open");

    const client = await signedIn(server, owner.email);
    expect(await text(await client.get(`/teams/${team.slug}/action-items`))).toContain("Status of Add disk alerts");
    const done = await client.post(path, {
      intent: "status",
      status: "done",
      back: `/teams/${team.slug}/action-items`,
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`/teams/${team.slug}/action-items`);
    const closed = getActionItem(team.id, item.id)!;
    expect(closed.status).toBe("done");
    expect(closed.completedAt).not.toBeNull();
    expect(Date.now() - closed.completedAt!.getTime()).toBeLessThan(60_000);

    // The owner may not edit anything else, nor use the status form to change fields.
    const edit = await client.post(path, {
      intent: "edit",
      title: "Renamed",
      ownerId: owner.id,
      dueDate: "2099-01-31",
      status: "done",
      source: "postmortem",
    });
    expect(edit.status).toBe(403);
    await client.post(path, { intent: "status", status: "done", title: "Renamed", dueDate: "2000-01-01" });
    expect(getActionItem(team.id, item.id)).toMatchObject({ title: "Add disk alerts", dueDate: "2099-01-31" });

    const bad = await client.post(path, { intent: "status", status: "finished" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Choose open, in progress, done or dropped");

    // Reopening clears completedAt; an unsafe "back" falls back to the item's page.
    const reopened = await client.post(path, { intent: "status", status: "in_progress", back: "//evil.example.com" });
    expect(reopened.headers.get("location")).toBe(path);
    expect(getActionItem(team.id, item.id)).toMatchObject({ status: "in_progress", completedAt: null });

    // A lead edits every field; done via the edit form also sets completedAt.
    const leadClient = await signedIn(server, lead.email);
    const saved = await leadClient.post(path, {
      intent: "edit",
      title: "Add disk and inode alerts",
      ownerId: colleague.id,
      dueDate: "2030-02-28",
      status: "done",
      source: "postmortem",
      incidentId: "",
      notes: "Both hosts",
    });
    expect(saved.status).toBe(302);
    expect(getActionItem(team.id, item.id)).toMatchObject({
      title: "Add disk and inode alerts",
      ownerId: colleague.id,
      status: "done",
      notes: "Both hosts",
    });
    expect(getActionItem(team.id, item.id)?.completedAt).not.toBeNull();
    const badEdit = await leadClient.post(path, {
      intent: "edit",
      title: "x",
      ownerId: colleague.id,
      dueDate: "soon",
      status: "done",
      source: "postmortem",
    });
    expect(badEdit.status).toBe(400);
    expect(await badEdit.text()).toContain('value="soon"');
    expect(getActionItem(team.id, item.id)?.dueDate).toBe("2030-02-28");
  });

  it("makes overdue items stand out and filters them", async () => {
    const { team, members } = await makeTeamWithPeople(1);
    const base = {
      ownerId: at(members, 0).id,
      status: "open" as const,
      source: "retro" as const,
      incidentId: null,
      notes: null,
    };
    createActionItem(team.id, { ...base, title: "Late thing", dueDate: "2020-01-01" });
    createActionItem(team.id, { ...base, title: "Future thing", dueDate: "2099-01-01" });
    createActionItem(team.id, { ...base, title: "Late but done", dueDate: "2020-01-01", status: "done" });
    const client = await signedIn(server, at(members, 0).email);
    const html = await text(await client.get(`/teams/${team.slug}/action-items?status=all`));
    expect(html).toMatch(/<tr class="overdue">(?:(?!<\/tr>).)*Late thing(?:(?!<\/tr>).)*Overdue/s);
    expect(html).not.toMatch(/Future thing(?:(?!<\/tr>).)*Overdue/s);
    expect(html).not.toMatch(/Late but done(?:(?!<\/tr>).)*Overdue/s);

    const overdueOnly = await text(await client.get(`/teams/${team.slug}/action-items?overdue=1`));
    expect(overdueOnly).toContain("Late thing");
    expect(overdueOnly).not.toContain("Future thing");

    const bad = await client.get(`/teams/${team.slug}/action-items?status=whatever`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Choose a status from the list");
  });
});

describe("the trust-recovery checklist", () => {
  it("records leads' answers with the date of each change and shows the history", async () => {
    const { team, lead, members } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const path = `/teams/${team.slug}/recovery`;
    expect(await text(await client.get(path))).toContain("0 of 8");

    expect((await client.post(path, { blamelessPostmortem: "no", findingsShared: "no" })).status).toBe(302);
    expect((await client.post(path, { blamelessPostmortem: "yes", findingsShared: "no" })).status).toBe(302);
    // findingsShared did not change, so only one new event
    expect(checklistHistory(team.id)).toHaveLength(3);
    const current = currentChecklist(team.id);
    expect(current.find((q) => q.key === "blamelessPostmortem")?.answer).toBe(true);
    expect(current.find((q) => q.key === "findingsShared")?.answer).toBe(false);
    expect(current.find((q) => q.key === "realisticTimeline")?.answer).toBeNull();

    const bad = await client.post(path, { blamelessPostmortem: "maybe", findingsShared: "yes" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Answer yes or no");
    expect(checklistHistory(team.id)).toHaveLength(3);

    const member = await signedIn(server, at(members, 0).email);
    const page = await text(await member.get(path));
    expect(page).toContain("1 of 8");
    expect(page).toContain("Blameless postmortem held with all stakeholders");
    expect(page).toContain("History");
    expect(page).not.toContain("Save answers");
    expect((await member.post(path, { findingsShared: "yes" })).status).toBe(403);
    const events = getDb().select().from(checklistEvents).where(eq(checklistEvents.teamId, team.id)).all();
    expect(events.every((e) => e.changedBy === lead.id)).toBe(true);
  });
});

describe("pre-mortems", () => {
  it("creates the pre-mortem and its preventive actions together, or neither", async () => {
    const { team, lead, members } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const path = `/teams/${team.slug}/premortem/new`;
    const fields = {
      title: "Move to the new queue",
      imaginedFailure: "Messages were lost during the cut-over.",
      causes: "No dual-write period\nNo replay tool",
      "actions.0.title": "Dual-write for a week",
      "actions.0.ownerId": String(at(members, 0).id),
      "actions.0.dueDate": "2026-07-01",
      "actions.1.title": "Build a replay tool",
      "actions.1.ownerId": String(lead.id),
      "actions.1.dueDate": "not a date",
      "actions.2.title": "",
      "actions.2.ownerId": "",
      "actions.2.dueDate": "",
    };
    const bad = await client.post(path, fields);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Due date must be a date like 2026-11-30");
    expect(badHtml).toContain('value="Build a replay tool"');
    expect(listPremortems(team.id)).toHaveLength(0);
    expect(listActionItems(team.id)).toHaveLength(0);

    const noFailure = await client.post(path, { ...fields, imaginedFailure: "", "actions.1.dueDate": "2026-07-15" });
    expect(noFailure.status).toBe(400);
    expect(await noFailure.text()).toContain("Describe the failure you imagine");

    const ok = await client.post(path, { ...fields, "actions.1.dueDate": "2026-07-15" });
    expect(ok.status).toBe(302);
    const premortem = at(listPremortems(team.id), 0);
    expect(premortem.actionCount).toBe(2);
    const items = listActionItems(team.id, { premortemId: premortem.id });
    expect(items.map((i) => [i.title, i.source, i.status])).toEqual([
      ["Dual-write for a week", "premortem", "open"],
      ["Build a replay tool", "premortem", "open"],
    ]);

    const member = await signedIn(server, at(members, 0).email);
    const page = await text(await member.get(ok.headers.get("location")!));
    expect(page).toContain("Messages were lost during the cut-over.");
    expect(page).toContain("Dual-write for a week");
    expect((await member.get(path)).status).toBe(403);
    expect(await text(await member.get(`/teams/${team.slug}/action-items`))).toContain("Pre-mortem");
  });
});

describe("API token management", () => {
  it("shows a new token once, stores only its sha256, and revokes it", async () => {
    const { team, lead, members } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const path = `/teams/${team.slug}/tokens`;

    const bad = await client.post(path, { intent: "create", name: "  " });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Name the token after what will use it");

    const created = await client.post(path, { intent: "create", name: "Pager sync" });
    expect(created.status).toBe(200);
    const token = (await created.text()).match(/th_[A-Za-z0-9_-]{43}/)![0];
    const rows = getDb().select().from(apiTokens).where(eq(apiTokens.teamId, team.id)).all();
    expect(rows).toHaveLength(1);
    expect(at(rows, 0).tokenHash).toBe(hashApiToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);

    const listing = await text(await client.get(path));
    expect(listing).toContain("Pager sync");
    expect(listing).not.toContain(token);

    const api = (t: string) =>
      fetch(`${server.baseUrl}/api/v1/teams/${team.slug}/incidents`, { headers: { Authorization: `Bearer ${t}` } });
    expect((await api(token)).status).toBe(200);
    expect(await text(await client.get(path))).not.toContain(">never<");

    expect((await client.post(path, { intent: "revoke", tokenId: at(rows, 0).id })).status).toBe(302);
    expect((await api(token)).status).toBe(401);
    const again = await client.post(path, { intent: "revoke", tokenId: at(rows, 0).id });
    expect(again.status).toBe(404);

    const member = await signedIn(server, at(members, 0).email);
    expect((await member.get(path)).status).toBe(403);
    expect((await member.post(path, { intent: "create", name: "Mine" })).status).toBe(403);
  });
});
