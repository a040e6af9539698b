import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quarterlyCycleFor, weeklyCycleAt, weeklyCycleByKey } from "~/domain/cycles";
import {
  describeSubject,
  isReviewWeek,
  planReminders,
  recipientKey,
  ritualSchedule,
  TEAM_KINDS,
  type ActionItemRef,
  type PlanInput,
  type PlannedReminder,
  type ReminderKind,
} from "~/domain/reminders";
import { emailFor, webhookTextFor, type MessageContext } from "~/models/reminders/messages";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const week = (key: string, tz = "UTC") => weeklyCycleByKey(key, tz)!;

function input(overrides: Partial<PlanInput> & { now: Date }): PlanInput {
  const w = weeklyCycleAt(overrides.now, overrides.team?.timeZone ?? "UTC");
  return {
    team: { id: 7, timeZone: "UTC" },
    members: [
      { userId: 1, role: "lead" },
      { userId: 2, role: "member" },
      { userId: 3, role: "member" },
    ],
    weekly: {
      periodKey: w.periodKey,
      opensAt: w.opensAt,
      closesAt: w.closesAt,
      answered: new Set(),
      openSentAt: new Map(),
    },
    survey: null,
    actionItems: [],
    dipAlerts: [],
    optedOut: new Map(),
    hasWebhook: false,
    ...overrides,
  };
}

const people = (planned: PlannedReminder[], kind?: ReminderKind) =>
  planned
    .filter((p) => p.recipient.type === "person" && (!kind || p.kind === kind))
    .map((p) => (p.recipient as { userId: number }).userId);

describe("ritual schedule on the team's clock", () => {
  it("weekly: opens Monday 09:00, one follow-up Thursday 09:00", () => {
    const s = ritualSchedule(week("2026-W47"), "UTC");
    expect(s.openAt.toISOString()).toBe("2026-11-16T09:00:00.000Z");
    expect(s.followUpAt!.toISOString()).toBe("2026-11-19T09:00:00.000Z");
  });

  it("follows the team's zone across a DST change", () => {
    // Europe/Berlin moves to summer time on Sunday 29 March 2026.
    const before = ritualSchedule(week("2026-W13", "Europe/Berlin"), "Europe/Berlin");
    expect(before.openAt.toISOString()).toBe("2026-03-23T08:00:00.000Z");
    const after = ritualSchedule(week("2026-W14", "Europe/Berlin"), "Europe/Berlin");
    expect(after.openAt.toISOString()).toBe("2026-03-30T07:00:00.000Z");
    expect(after.followUpAt!.toISOString()).toBe("2026-04-02T07:00:00.000Z");
  });

  it("quarterly: follow-up four days before close; none for a one-day window", () => {
    const q = quarterlyCycleFor(2026, 4, "UTC", 14);
    const s = ritualSchedule(q, "UTC");
    expect(s.openAt.toISOString()).toBe("2026-10-05T09:00:00.000Z");
    expect(s.followUpAt!.toISOString()).toBe("2026-10-15T09:00:00.000Z");
    expect(ritualSchedule(quarterlyCycleFor(2026, 4, "UTC", 1), "UTC").followUpAt).toBeNull();
    expect(ritualSchedule(quarterlyCycleFor(2026, 4, "UTC", 2), "UTC").followUpAt!.toISOString()).toBe(
      "2026-10-06T09:00:00.000Z",
    );
  });
});

describe("weekly check reminders", () => {
  const monday10 = new Date("2026-11-16T10:00:00Z");
  const thursday10 = new Date("2026-11-19T10:00:00Z");

  it("nothing before 09:00 Monday, nor in the quiet hours", () => {
    expect(planReminders(input({ now: new Date("2026-11-16T08:59:00Z") }))).toEqual([]);
    expect(planReminders(input({ now: new Date("2026-11-17T21:00:00Z") }))).toEqual([]);
    expect(planReminders(input({ now: new Date("2026-11-18T03:00:00Z") }))).toEqual([]);
  });

  it("opening reminder to everyone who has not answered, lead included", () => {
    const planned = planReminders(input({ now: monday10 }));
    expect(people(planned, "weekly_open")).toEqual([1, 2, 3]);
    expect(planned.every((p) => p.subjectKey === "t7:weekly:2026-W47")).toBe(true);
  });

  it("never to someone who has answered", () => {
    const base = input({ now: thursday10 });
    const planned = planReminders({ ...base, weekly: { ...base.weekly!, answered: new Set([2]) } });
    expect(people(planned)).toEqual([1, 3]);
    expect(people(planned, "weekly_followup")).toEqual([1, 3]);
  });

  it("respects each person's opt-out per kind", () => {
    const optedOut = new Map([
      [3, new Set<ReminderKind>(["weekly_open"])],
      [2, new Set<ReminderKind>(["weekly_followup"])],
    ]);
    expect(people(planReminders(input({ now: monday10, optedOut })))).toEqual([1, 2]);
    expect(people(planReminders(input({ now: thursday10, optedOut })))).toEqual([1, 3]);
  });

  it("skips the follow-up when the opening reminder went out less than a day before it", () => {
    const base = input({ now: thursday10 });
    const openSentAt = new Map([
      [1, new Date("2026-11-18T19:00:00Z")],
      [2, new Date("2026-11-16T09:01:00Z")],
    ]);
    expect(people(planReminders({ ...base, weekly: { ...base.weekly!, openSentAt } }))).toEqual([2, 3]);
  });

  it("the webhook hears that the check is open, never a follow-up", () => {
    const monday = planReminders(input({ now: monday10, hasWebhook: true })).filter((p) => p.recipient.type === "team");
    expect(monday.map((p) => p.kind)).toEqual(["weekly_open"]);
    const thursday = planReminders(input({ now: thursday10, hasWebhook: true })).filter(
      (p) => p.recipient.type === "team",
    );
    expect(thursday.map((p) => p.kind)).toEqual(["weekly_open"]);
  });

  it("nothing once the week has closed", () => {
    const base = input({ now: monday10 });
    expect(
      planReminders({ ...base, now: new Date("2026-11-23T10:00:00Z") }).filter((p) => p.kind.startsWith("weekly")),
    ).toEqual([]);
  });
});

describe("the cap and the answered rule hold for any schedule (property)", () => {
  it("≤ 2 personal reminders a cycle, none after answering, none opted out, webhook gets team kinds only", () => {
    const w = week("2026-W47");
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 7 * 24 - 1 }), { nil: null }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.subarray(["weekly_open", "weekly_followup"] as ReminderKind[]), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 11 }),
        (answerHours, optOuts, tickEvery, offset) => {
          const members = answerHours.map((_, i) => ({ userId: i + 1, role: "member" as const }));
          const optedOut = new Map(members.map((m, i) => [m.userId, new Set(optOuts[i])]));
          const log = new Map<string, { at: number; p: PlannedReminder }>();
          for (let t = w.opensAt.getTime() + offset * HOUR; t < w.closesAt.getTime() + DAY; t += tickEvery * HOUR) {
            const answered = new Set(
              members
                .filter((m, i) => answerHours[i] !== null && w.opensAt.getTime() + answerHours[i]! * HOUR <= t)
                .map((m) => m.userId),
            );
            const openSentAt = new Map<number, Date>();
            for (const { at, p } of log.values())
              if (p.kind === "weekly_open" && p.recipient.type === "person")
                openSentAt.set(p.recipient.userId, new Date(at));
            const planned = planReminders(
              input({
                now: new Date(t),
                members,
                optedOut,
                hasWebhook: true,
                weekly: { periodKey: w.periodKey, opensAt: w.opensAt, closesAt: w.closesAt, answered, openSentAt },
              }),
            );
            for (const p of planned) {
              const key = `${p.kind}|${p.subjectKey}|${recipientKey(p.recipient)}`;
              if (!log.has(key)) log.set(key, { at: t, p });
            }
          }
          for (const [i, m] of members.entries()) {
            const mine = [...log.values()].filter(
              ({ p }) => p.recipient.type === "person" && p.recipient.userId === m.userId,
            );
            expect(mine.length).toBeLessThanOrEqual(2);
            for (const { at, p } of mine) {
              if (answerHours[i] !== null) expect(at).toBeLessThan(w.opensAt.getTime() + answerHours[i]! * HOUR);
              expect(optOuts[i]).not.toContain(p.kind);
              expect(at).toBeLessThan(w.closesAt.getTime());
            }
          }
          for (const { p } of log.values()) if (p.recipient.type === "team") expect(TEAM_KINDS.has(p.kind)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("someone who never answers and opts out of nothing gets exactly two when the app runs all week", () => {
    const w = week("2026-W47");
    const sent = new Set<string>();
    for (let t = w.opensAt.getTime(); t < w.closesAt.getTime(); t += HOUR) {
      for (const p of planReminders(input({ now: new Date(t), members: [{ userId: 9, role: "member" }] })))
        sent.add(p.kind);
    }
    expect([...sent].sort()).toEqual(["weekly_followup", "weekly_open"]);
  });
});

describe("action items, review and dips", () => {
  const now = new Date("2026-11-18T10:00:00Z"); // Wednesday
  const item = (id: number, dueDate: string, over: Partial<ActionItemRef> = {}): ActionItemRef => ({
    id,
    ownerId: 2,
    dueDate,
    status: "open",
    ...over,
  });

  it("due within two days and recently overdue go to the owner, once per due date", () => {
    const items = [
      item(1, "2026-11-18"),
      item(2, "2026-11-20"),
      item(3, "2026-11-21"),
      item(4, "2026-11-17"),
      item(5, "2026-11-03"),
      item(6, "2026-11-04"),
      item(7, "2026-11-17", { status: "done" }),
      item(8, "2026-11-17", { ownerId: null }),
      item(9, "2026-11-17", { ownerId: 99 }),
    ];
    const planned = planReminders(input({ now, actionItems: items })).filter((p) => p.kind.startsWith("action"));
    expect(planned.map((p) => [p.kind, p.subjectKey])).toEqual([
      ["action_due_soon", "action:1:due:2026-11-18"],
      ["action_due_soon", "action:2:due:2026-11-20"],
      ["action_overdue", "action:4:due:2026-11-17"],
      ["action_overdue", "action:6:due:2026-11-04"],
    ]);
    expect(people(planned)).toEqual([2, 2, 2, 2]);
  });

  it("review every other Monday, across a 53-week year, to leads and the webhook", () => {
    const mondays = ["2026-12-14", "2026-12-21", "2026-12-28", "2027-01-04", "2027-01-11"];
    const flags = mondays.map(isReviewWeek);
    for (let i = 1; i < flags.length; i++) expect(flags[i]).toBe(!flags[i - 1]);
    const reviewMonday = mondays.find(isReviewWeek)!;
    const at = new Date(`${reviewMonday}T09:30:00Z`);
    const planned = planReminders(input({ now: at, hasWebhook: true, actionItems: [item(1, "2027-02-01")] })).filter(
      (p) => p.kind === "review_summary",
    );
    expect(planned.map((p) => recipientKey(p.recipient))).toEqual(["user:1", "team"]);
    expect(planReminders(input({ now: at, actionItems: [] })).filter((p) => p.kind === "review_summary")).toEqual([]);
  });

  it("dip alerts go to leads and the webhook, with what they are based on", () => {
    const dip = {
      kind: "weekly" as const,
      periodKey: "2026-W46",
      message: "Week 2026-W46 mean 2.1 is below the control band 3.2–4.4 of the previous 8 released weeks",
    };
    const planned = planReminders(input({ now, hasWebhook: true, dipAlerts: [dip] })).filter(
      (p) => p.kind === "dip_alert",
    );
    expect(planned.map((p) => recipientKey(p.recipient))).toEqual(["user:1", "team"]);
    expect(planned[0]!.subjectKey).toBe("t7:dip:weekly:2026-W46");
  });

  it("describes a log row without naming anyone", () => {
    expect(describeSubject("weekly_followup", "t7:weekly:2026-W47")).toBe("Weekly check follow-up — week 2026-W47");
    expect(describeSubject("action_overdue", "action:4:due:2026-11-17")).toBe(
      "Action item overdue — item #4, due 2026-11-17",
    );
  });
});

describe("messages", () => {
  const ctx: MessageContext = {
    appUrl: "https://trust.example.com",
    team: { name: "Payments <core>", slug: "payments", timeZone: "UTC", threshold: 4 },
    actionItems: new Map([
      [4, { id: 4, title: "Rotate the on-call", dueDate: "2026-11-17", status: "open" }],
      [5, { id: 5, title: "Fix alerts", dueDate: "2026-11-25", status: "in_progress" }],
    ]),
    today: "2026-11-18",
  };
  const w = week("2026-W47");

  it("emails have text and HTML, a link to the form and a link to /me", () => {
    const mail = emailFor(
      {
        kind: "weekly_open",
        subjectKey: "t7:weekly:2026-W47",
        recipient: { type: "person", userId: 2 },
        ritual: "weekly",
        window: w,
      },
      ctx,
    );
    expect(mail.text).toContain("https://trust.example.com/teams/payments/check-in");
    expect(mail.text).toContain("https://trust.example.com/me");
    expect(mail.text).toContain("until Sunday 22 November");
    expect(mail.html).toContain('href="https://trust.example.com/teams/payments/check-in"');
    expect(mail.html).toContain('href="https://trust.example.com/me"');
    expect(mail.html).toContain("Payments &lt;core&gt;");
    expect(mail.html).not.toContain("<core>");
  });

  it("the review summary lists items without owners", () => {
    const mail = emailFor(
      {
        kind: "review_summary",
        subjectKey: "t7:review:2026-11-16",
        recipient: { type: "person", userId: 1 },
        reviewDate: "2026-11-16",
      },
      ctx,
    );
    expect(mail.text).toContain("2 open, 1 overdue, 1 due in the next 14 days");
    expect(mail.text).toContain("Overdue: Rotate the on-call — due 2026-11-17");
    expect(mail.text).toContain("Due soon: Fix alerts — due 2026-11-25 (in progress)");
  });

  it("a follow-up can never be turned into a team message", () => {
    expect(() =>
      webhookTextFor(
        { kind: "weekly_followup", subjectKey: "x", recipient: { type: "team" }, ritual: "weekly", window: w },
        ctx,
      ),
    ).toThrow();
    expect(
      webhookTextFor(
        { kind: "weekly_open", subjectKey: "x", recipient: { type: "team" }, ritual: "weekly", window: w },
        ctx,
      ),
    ).toBe(
      "Payments &lt;core&gt;: this week's trust check is open until Sunday 22 November. It takes under a minute: https://trust.example.com/teams/payments/check-in",
    );
  });
});
