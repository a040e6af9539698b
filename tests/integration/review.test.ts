import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { calendarDayIn } from "~/domain/calendar-day";
import { createActionItem } from "~/models/action-items.server";
import { signedIn } from "../support/client";
import { makeTeamWithPeople } from "../support/factories";
import { serverForFile } from "../support/server";

// Issue 15: the two-weekly action-item review as a screen.
const server = serverForFile({ REMINDERS: "off" });
const sqlite = () => getDb().$client;
const DAY = 86400000;
const day = (offset: number) => calendarDayIn(new Date(Date.now() + offset * DAY), "UTC");

function item(teamId: number, ownerId: number, title: string, dueDate: string, status: "open" | "done" = "open") {
  const now = new Date();
  return createActionItem(teamId, {
    title,
    ownerId,
    dueDate,
    status,
    source: "retro",
    incidentId: null,
    notes: null,
    createdAt: new Date(now.getTime() - 20 * DAY),
    completedAt: status === "done" ? new Date(now.getTime() - 2 * DAY) : null,
  });
}

describe("/teams/:slug/review", () => {
  it("lists open, overdue and recently done items by owner; a lead changes status and due date inline", async () => {
    const t = await makeTeamWithPeople(2);
    const [ann, bob] = t.members;
    const overdue = item(t.team.id, ann!.id, "Fix the pager rota", day(-3));
    item(t.team.id, ann!.id, "Write the runbook", day(5));
    item(t.team.id, bob!.id, "Publish the postmortem", day(-1), "done");
    const member = await signedIn(server, bob!.email);
    const page = await (await member.get(`/teams/${t.team.slug}/review`)).text();
    expect(page).toContain("Two-weekly action-item review");
    for (const words of ["Fix the pager rota", "Write the runbook", "Publish the postmortem", ann!.displayName])
      expect(page).toContain(words);
    expect(page).toContain("overdue");
    // A member cannot change anything here.
    const refused = await member.post(
      `/teams/${t.team.slug}/review`,
      { intent: "update-item", itemId: String(overdue.id), status: "done", dueDate: day(0) },
      { Origin: server.baseUrl },
    );
    expect(refused.status).toBe(403);

    const lead = await signedIn(server, t.lead.email);
    const bad = await lead.post(
      `/teams/${t.team.slug}/review`,
      { intent: "update-item", itemId: String(overdue.id), status: "in_progress", dueDate: "next friday" },
      { Origin: server.baseUrl },
    );
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Enter a date like 2026-11-30");
    expect(badHtml).toContain('value="next friday"');
    const farAway = await lead.post(
      `/teams/${t.team.slug}/review`,
      { intent: "update-item", itemId: String(overdue.id), status: "open", dueDate: "2999-01-01" },
      { Origin: server.baseUrl },
    );
    expect(farAway.status).toBe(400);
    expect(await farAway.text()).toContain("Enter a date between 2000-01-01 and");
    const ok = await lead.post(
      `/teams/${t.team.slug}/review`,
      { intent: "update-item", itemId: String(overdue.id), status: "in_progress", dueDate: day(10) },
      { Origin: server.baseUrl },
    );
    expect(ok.status).toBe(302);
    expect(sqlite().prepare("select status, due_date from action_items where id = ?").get(overdue.id)).toEqual({
      status: "in_progress",
      due_date: day(10),
    });
    // Another team's item is not found.
    const other = await makeTeamWithPeople(1);
    const foreign = item(other.team.id, other.members[0]!.id, "Not yours", day(3));
    const notFound = await lead.post(
      `/teams/${t.team.slug}/review`,
      { intent: "update-item", itemId: String(foreign.id), status: "done", dueDate: day(3) },
      { Origin: server.baseUrl },
    );
    expect(notFound.status).toBe(404);
    expect(sqlite().prepare("select status from action_items where id = ?").get(foreign.id)).toEqual({
      status: "open",
    });
  });

  it("records 'review held' with its date and shows the completion rate over the last reviews", async () => {
    const t = await makeTeamWithPeople(1);
    const owner = t.members[0]!;
    item(t.team.id, owner.id, "Done on time", day(-1), "done"); // completed 2 days ago, due yesterday
    item(t.team.id, owner.id, "Late", day(-4)); // still open, due 4 days ago
    const lead = await signedIn(server, t.lead.email);
    const future = await lead.post(
      `/teams/${t.team.slug}/review`,
      { intent: "review-held", heldOn: day(3) },
      { Origin: server.baseUrl },
    );
    expect(future.status).toBe(400);
    expect(await future.text()).toContain("The review cannot be held in the future");
    const held = await lead.post(
      `/teams/${t.team.slug}/review`,
      { intent: "review-held", heldOn: day(0) },
      { Origin: server.baseUrl },
    );
    expect(held.status).toBe(302);
    expect(
      sqlite()
        .prepare("select held_on, due_count, done_on_time_count from action_reviews where team_id = ?")
        .all(t.team.id),
    ).toEqual([{ held_on: day(0), due_count: 2, done_on_time_count: 1 }]);
    const page = await (await lead.get(`/teams/${t.team.slug}/review`)).text();
    expect(page).toMatch(/Done on time over the last (<!-- -->)?review(<!-- -->)?:/);
    expect(page).toContain("50 %");
    expect(page).toContain(day(0));
  });
});
