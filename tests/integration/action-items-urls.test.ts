/**
 * Action items live at /teams/:slug/action-items (decision 0030). The old /teams/:slug/actions
 * URLs — bookmarks, links in earlier emails and calendar feeds — answer a permanent redirect to
 * the same place under the new name, so they keep working.
 */
import { describe, expect, it } from "vitest";
import { createActionItem } from "~/models/action-items.server";
import { Client, signedIn } from "../support/client";
import { makeTeamWithPeople } from "../support/factories";
import { serverForFile } from "../support/server";

const server = serverForFile({ LOG_REQUESTS: "0", REMINDERS: "off" });

async function world() {
  const { team, lead } = await makeTeamWithPeople(1);
  const item = createActionItem(team.id, {
    title: "Write the failover runbook",
    ownerId: lead.id,
    dueDate: "2026-12-01",
    status: "open",
    source: "retro",
    incidentId: null,
    notes: null,
  });
  return { team, lead, item, s: `/teams/${team.slug}` };
}

describe("old action-item URLs", () => {
  it("answer 308 to the same page under /action-items, query string kept, and the new page opens", async () => {
    const { lead, item, s } = await world();
    const client = await signedIn(server, lead.email);
    for (const [old, now] of [
      [`${s}/actions`, `${s}/action-items`],
      [`${s}/actions?status=all&owner=me`, `${s}/action-items?status=all&owner=me`],
      [`${s}/actions/new`, `${s}/action-items/new`],
      [`${s}/actions/${item.id}`, `${s}/action-items/${item.id}`],
      [`${s}/actions.csv`, `${s}/action-items.csv`],
    ] as const) {
      const res = await client.get(old);
      expect(res.status, old).toBe(308);
      expect(res.headers.get("Location"), old).toBe(now);
      expect((await client.get(now)).status, now).toBe(200);
    }
  });

  it("redirect a form posted to an old URL with 308, so the browser posts it again to the new one", async () => {
    const { lead, item, s } = await world();
    const client = await signedIn(server, lead.email);
    const res = await client.post(`${s}/actions/${item.id}`, { intent: "status", status: "done" });
    expect(res.status).toBe(308);
    expect(res.headers.get("Location")).toBe(`${s}/action-items/${item.id}`);
  });

  it("redirect signed-out visitors too (the new page then asks them to sign in)", async () => {
    const { s } = await world();
    const res = await new Client(server.baseUrl).get(`${s}/actions`);
    expect(res.status).toBe(308);
    expect(res.headers.get("Location")).toBe(`${s}/action-items`);
  });

  it("leave other paths alone", async () => {
    const { lead, s } = await world();
    const client = await signedIn(server, lead.email);
    expect((await client.get(`${s}/actionsx`)).status).toBe(404);
  });
});
