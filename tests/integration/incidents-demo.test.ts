// The demo seeder's incident history, checked on a real database (no server needed).
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { actionItemMetrics, incidentMetrics } from "~/domain/incident-metrics";
import { calendarDayIn } from "~/domain/calendar-day";
import { isOverdue } from "~/domain/action-status";
import { actionItemSeries, listActionItems } from "~/models/action-items.server";
import { checklistHistory, currentChecklist } from "~/models/checklist.server";
import { seedIncidentHistory } from "#db/seed/incidents-demo";
import { incidentSeries, listIncidents } from "~/models/incidents.server";
import { at } from "../support/elements";
import { makeTeamWithPeople } from "../support/factories";

getDb();

const DAY = 86_400_000;

describe("seedIncidentHistory", () => {
  it("tells the story of a major incident, its postmortem and the recovery", async () => {
    const { team, lead, members } = await makeTeamWithPeople(5, { timeZone: "Europe/Berlin" });
    const now = new Date("2026-09-01T12:00:00Z");
    const majorIncidentAt = new Date("2026-03-17T07:40:00Z");
    const seeded = seedIncidentHistory({
      teamId: team.id,
      ownerIds: members.map((m) => m.id),
      leadId: lead.id,
      majorIncidentAt,
      now,
    });

    const incidents = listIncidents(team.id);
    expect(incidents.length).toBeGreaterThanOrEqual(10);
    expect(incidents.length).toBeLessThanOrEqual(20);
    expect(incidents.every((i) => i.startedAt >= new Date(now.getTime() - 731 * DAY) && i.startedAt <= now)).toBe(true);
    const bySeverity = (s: string) => incidents.filter((i) => i.severity === s);
    expect(bySeverity("SEV1")).toHaveLength(1);
    expect(bySeverity("SEV2")).toHaveLength(1);
    expect(bySeverity("SEV3").length + bySeverity("SEV4").length).toBe(incidents.length - 2);

    const major = at(bySeverity("SEV1"), 0);
    expect(major.id).toBe(seeded.majorIncidentId);
    expect(major.startedAt).toEqual(majorIncidentAt);
    const warning = at(bySeverity("SEV2"), 0);
    const weeksBefore = (major.startedAt.getTime() - warning.startedAt.getTime()) / (7 * DAY);
    expect(weeksBefore).toBeGreaterThanOrEqual(2);
    expect(weeksBefore).toBeLessThanOrEqual(6);
    const daysToPostmortem = (major.postmortemPublishedAt!.getTime() - major.resolvedAt!.getTime()) / DAY;
    expect(daysToPostmortem).toBeGreaterThanOrEqual(2);
    expect(daysToPostmortem).toBeLessThanOrEqual(7);

    const followUps = listActionItems(team.id, { incidentId: major.id });
    expect(followUps.length).toBeGreaterThanOrEqual(8);
    expect(followUps.length).toBeLessThanOrEqual(12);
    expect(followUps.every((i) => i.source === "postmortem" && members.some((m) => m.id === i.ownerId))).toBe(true);
    expect(
      followUps.every((i) => i.dueDate <= calendarDayIn(new Date(majorIncidentAt.getTime() + 100 * DAY), "UTC")),
    ).toBe(true);
    expect(followUps.filter((i) => i.status === "dropped")).toHaveLength(1);
    const today = calendarDayIn(now, team.timeZone);
    const overdue = followUps.filter((i) => isOverdue(i, today));
    expect(overdue.length).toBeGreaterThanOrEqual(1);
    expect(overdue.length).toBeLessThanOrEqual(2);

    // Most follow-ups were done on time, by the metrics' own definition.
    const recovery = { from: majorIncidentAt, to: now };
    const metrics = actionItemMetrics(actionItemSeries(team.id, recovery.from, recovery.to), recovery, team.timeZone);
    expect(metrics.completionRate).toBeGreaterThanOrEqual(0.6);
    expect(metrics.overdue).toBe(overdue.length);
    expect(incidentMetrics(incidentSeries(team.id, majorIncidentAt, now), recovery).majorWithPostmortemShare).toBe(1);

    // The checklist moves from all "no" to (almost) all "yes" over the recovery.
    const history = checklistHistory(team.id);
    expect(history.length).toBe(seeded.checklistEvents);
    const early = currentChecklist(team.id, new Date(majorIncidentAt.getTime() + 3 * DAY));
    expect(early.every((q) => q.answer === false)).toBe(true);
    const late = currentChecklist(team.id, now);
    expect(late.every((q) => q.answer === true)).toBe(true);
  });

  it("gives a calm team only minor incidents and is the same every time", async () => {
    const one = await makeTeamWithPeople(3);
    const now = new Date("2026-09-01T12:00:00Z");
    seedIncidentHistory({
      teamId: one.team.id,
      ownerIds: one.members.map((m) => m.id),
      leadId: one.lead.id,
      majorIncidentAt: null,
      now,
    });
    const incidents = listIncidents(one.team.id);
    expect(incidents.length).toBeGreaterThanOrEqual(10);
    expect(incidents.every((i) => i.severity === "SEV3" || i.severity === "SEV4")).toBe(true);
    expect(checklistHistory(one.team.id)).toHaveLength(0);
    expect(
      listActionItems(one.team.id).every((i) => i.status === "done" || !isOverdue(i, calendarDayIn(now, "UTC"))),
    ).toBe(true);

    // Seeding the same team again repeats the same history exactly.
    const before = incidents.map((i) => `${i.title}@${i.startedAt.toISOString()}`).sort();
    seedIncidentHistory({
      teamId: one.team.id,
      ownerIds: one.members.map((m) => m.id),
      leadId: one.lead.id,
      majorIncidentAt: null,
      now,
    });
    const twice = listIncidents(one.team.id)
      .map((i) => `${i.title}@${i.startedAt.toISOString()}`)
      .sort();
    expect(twice).toEqual(before.flatMap((x) => [x, x]));
  });

  it("copes with a major incident only days ago: nothing overdue yet, nothing in the future", async () => {
    const { team, lead, members } = await makeTeamWithPeople(2);
    const now = new Date("2026-09-01T12:00:00Z");
    seedIncidentHistory({
      teamId: team.id,
      ownerIds: members.map((m) => m.id),
      leadId: lead.id,
      majorIncidentAt: new Date(now.getTime() - 3 * DAY),
      now,
    });
    const items = listActionItems(team.id);
    expect(items.every((i) => i.createdAt <= now && (i.completedAt === null || i.completedAt <= now))).toBe(true);
    expect(items.some((i) => isOverdue(i, calendarDayIn(now, "UTC")))).toBe(false);
    expect(listIncidents(team.id).every((i) => (i.postmortemPublishedAt ?? i.startedAt) <= now)).toBe(true);
  });
});
