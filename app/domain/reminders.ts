/**
 * Which reminders are due at an instant, for one team. Pure: the caller reads
 * the database and passes the clock in; the send log (reminder_sends) decides
 * what has already gone out, so this only says what *should* exist by now.
 *
 * Reminder fatigue is the enemy: a ritual gets at most two personal reminders
 * a cycle (when it opens, and one follow-up before it closes), nothing is sent
 * before 09:00 on the team's clock, someone who has answered hears nothing more,
 * and every kind can be turned off per person.
 */

import { TZDate } from "@date-fns/tz";
import { calendarDayIn } from "./calendar-day";
import { addDays } from "date-fns";
import { REMINDER_KINDS, type ReminderKind } from "#db/schema";

export { REMINDER_KINDS, type ReminderKind };

/** Team-local hour at which reminders go out. */
export const SEND_HOUR = 9;
/** Nothing is sent from this team-local hour until SEND_HOUR (a catch-up after an outage waits for morning). */
const QUIET_HOUR = 20;
/** Team-local hour of the two-weekly review in the calendar feed. */
export const REVIEW_HOUR = 10;
/** The follow-up goes out this many days before a ritual closes (weekly: Thursday). */
const FOLLOW_UP_DAYS_BEFORE_CLOSE = 4;
/** No follow-up this soon after the opening reminder (e.g. after a long outage). */
const FOLLOW_UP_MIN_GAP_MS = 24 * 3_600_000;
const DUE_SOON_DAYS = 2;
/** Items overdue longer than this when first seen are left to the review summary. */
const OVERDUE_REMINDER_MAX_DAYS = 14;

const DAY_MS = 86_400_000;

export const REMINDER_KIND_LABELS: Record<ReminderKind, { label: string; hint: string }> = {
  weekly_open: { label: "Weekly check is open", hint: "Monday morning, if you have not answered yet." },
  weekly_followup: { label: "Weekly check follow-up", hint: "Once, on Thursday, only if you still have not answered." },
  survey_open: { label: "Quarterly survey is open", hint: "When the survey window opens, if you have not answered." },
  survey_followup: {
    label: "Quarterly survey follow-up",
    hint: "Once, a few days before the survey closes, only if you have not answered.",
  },
  action_due_soon: { label: "Action item due soon", hint: "An action item you own is due within two days." },
  action_overdue: {
    label: "Action item overdue",
    hint: "An action item you own has passed its due date (once per item).",
  },
  review_summary: {
    label: "Two-weekly action-item review",
    hint: "Leads: a summary of open and overdue items every other Monday.",
  },
  dip_alert: { label: "Dip alerts", hint: "Leads: when a released result falls clearly below the team's baseline." },
};

/** Kinds that may also go to the team's webhook: team-level news, never about a person. */
export const TEAM_KINDS: ReadonlySet<ReminderKind> = new Set([
  "weekly_open",
  "survey_open",
  "review_summary",
  "dip_alert",
]);

export type Recipient = { type: "person"; userId: number } | { type: "team" };

export function recipientKey(recipient: Recipient): string {
  return recipient.type === "team" ? "team" : `user:${recipient.userId}`;
}

export function cycleSubject(teamId: number, kind: "weekly" | "quarterly", periodKey: string) {
  return `t${teamId}:${kind}:${periodKey}`;
}
function actionSubject(itemId: number, dueDate: string) {
  return `action:${itemId}:due:${dueDate}`;
}
function reviewSubject(teamId: number, mondayDate: string) {
  return `t${teamId}:review:${mondayDate}`;
}
function dipSubject(teamId: number, alert: DipRef) {
  return `t${teamId}:dip:${alert.kind}:${alert.periodKey}${alert.component ? `:${alert.component}` : ""}`;
}

/** What a send-log row was about, in words, for history pages (never who). */
export function describeSubject(kind: ReminderKind, subjectKey: string): string {
  const what = REMINDER_KIND_LABELS[kind].label;
  const cycle = /:(weekly|quarterly):(\d{4}-[WQ]\d{1,2})$/.exec(subjectKey);
  if (cycle && kind !== "dip_alert") return `${what} — ${cycle[1] === "weekly" ? "week" : "survey"} ${cycle[2]}`;
  const review = /:review:(\d{4}-\d{2}-\d{2})$/.exec(subjectKey);
  if (review) return `${what} — ${review[1]}`;
  const action = /^action:(\d+):due:(\d{4}-\d{2}-\d{2})$/.exec(subjectKey);
  if (action) return `${what} — item #${action[1]}, due ${action[2]}`;
  const dip = /:dip:(weekly|quarterly):([^:]+)(?::([CRIS]))?$/.exec(subjectKey);
  if (dip) return `${what} — ${dip[2]}${dip[3] ? ` (${dip[3]})` : ""}`;
  return what;
}

// ---------------------------------------------------------------- team clock

/** The instant of `hour`:00 on the team-local day `dayOffset` days after `from`'s local day. */
export function localAt(from: Date, timeZone: string, dayOffset: number, hour: number): Date {
  const local = addDays(new TZDate(from.getTime(), timeZone), dayOffset);
  local.setHours(hour, 0, 0, 0);
  return new Date(local.getTime());
}

function localHour(instant: Date, timeZone: string): number {
  return new TZDate(instant.getTime(), timeZone).getHours();
}

function dayNumberOf(isoDate: string): number {
  const [y, m, d] = isoDate.split("-").map(Number);
  return Math.round(Date.UTC(y!, m! - 1, d!) / DAY_MS);
}

/** Whole calendar days from `from` to `to` ("YYYY-MM-DD" each). */
export function daysBetween(from: string, to: string): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

/**
 * The review runs every other week, counted from Monday 1970-01-05, so the
 * cadence never stutters at a 53-week ISO year the way "even week numbers" would.
 */
export function isReviewWeek(mondayDate: string): boolean {
  const weeks = Math.floor((dayNumberOf(mondayDate) - 4) / 7);
  return ((weeks % 2) + 2) % 2 === 0;
}

export type RitualWindow = { periodKey: string; opensAt: Date; closesAt: Date };

/** When a ritual's opening reminder and its one follow-up go out (team-local 09:00). */
export function ritualSchedule(window: RitualWindow, timeZone: string): { openAt: Date; followUpAt: Date | null } {
  const days =
    daysBetween(
      calendarDayIn(window.opensAt, timeZone),
      calendarDayIn(new Date(window.closesAt.getTime() - 1), timeZone),
    ) + 1;
  const openAt = localAt(window.opensAt, timeZone, 0, SEND_HOUR);
  if (days <= 1) return { openAt, followUpAt: null };
  const followUpAt = localAt(window.opensAt, timeZone, Math.max(1, days - FOLLOW_UP_DAYS_BEFORE_CLOSE), SEND_HOUR);
  return { openAt, followUpAt: followUpAt < window.closesAt ? followUpAt : null };
}

// ---------------------------------------------------------------- planning

export type RitualState = RitualWindow & {
  /** People who took part in this cycle. */
  answered: ReadonlySet<number>;
  /** When each person's opening reminder for this cycle was recorded. */
  openSentAt: ReadonlyMap<number, Date>;
};

export type ActionItemRef = {
  id: number;
  ownerId: number | null;
  dueDate: string;
  status: "open" | "in_progress" | "done" | "dropped";
};

export type DipRef = { kind: "weekly" | "quarterly"; periodKey: string; message: string; component?: string };

export type PlanInput = {
  now: Date;
  team: { id: number; timeZone: string };
  /** Active members only. */
  members: ReadonlyArray<{ userId: number; role: "lead" | "member" }>;
  weekly: RitualState | null;
  survey: RitualState | null;
  actionItems: readonly ActionItemRef[];
  /** Alerts about the team's most recently closed cycles (the caller limits how old). */
  dipAlerts: readonly DipRef[];
  optedOut: ReadonlyMap<number, ReadonlySet<ReminderKind>>;
  hasWebhook: boolean;
};

export type PlannedReminder =
  | {
      kind: "weekly_open" | "weekly_followup" | "survey_open" | "survey_followup";
      subjectKey: string;
      recipient: Recipient;
      ritual: "weekly" | "quarterly";
      window: RitualWindow;
    }
  | { kind: "action_due_soon" | "action_overdue"; subjectKey: string; recipient: Recipient; actionItemId: number }
  | { kind: "review_summary"; subjectKey: string; recipient: Recipient; reviewDate: string }
  | { kind: "dip_alert"; subjectKey: string; recipient: Recipient; dip: DipRef };

const ACTIVE = new Set(["open", "in_progress"]);

export function isActiveItem(item: Pick<ActionItemRef, "status">) {
  return ACTIVE.has(item.status);
}

function wants(input: PlanInput, userId: number, kind: ReminderKind) {
  return !input.optedOut.get(userId)?.has(kind);
}

function planRitual(input: PlanInput, ritual: "weekly" | "quarterly", state: RitualState | null): PlannedReminder[] {
  if (!state) return [];
  const { now, team } = input;
  if (now >= state.closesAt || now < state.opensAt) return [];
  const { openAt, followUpAt } = ritualSchedule(state, team.timeZone);
  if (now < openAt) return [];
  const followUp = followUpAt !== null && now >= followUpAt;
  const openKind = ritual === "weekly" ? "weekly_open" : "survey_open";
  const followKind = ritual === "weekly" ? "weekly_followup" : "survey_followup";
  const kind = followUp ? followKind : openKind;
  const subjectKey = cycleSubject(team.id, ritual, state.periodKey);
  const window: RitualWindow = { periodKey: state.periodKey, opensAt: state.opensAt, closesAt: state.closesAt };
  const out: PlannedReminder[] = [];
  for (const m of input.members) {
    if (state.answered.has(m.userId) || !wants(input, m.userId, kind)) continue;
    if (followUp) {
      // Decided against the follow-up time, not `now`, so the answer never changes later in the cycle.
      const opened = state.openSentAt.get(m.userId);
      if (opened && followUpAt!.getTime() - opened.getTime() < FOLLOW_UP_MIN_GAP_MS) continue;
    }
    out.push({ kind, subjectKey, recipient: { type: "person", userId: m.userId }, ritual, window });
  }
  // The team hears that the ritual is open; never a follow-up (it would hint at who is missing).
  if (input.hasWebhook) out.push({ kind: openKind, subjectKey, recipient: { type: "team" }, ritual, window });
  return out;
}

function planActionItems(input: PlanInput): PlannedReminder[] {
  const { now, team } = input;
  const today = calendarDayIn(now, team.timeZone);
  const memberIds = new Set(input.members.map((m) => m.userId));
  const out: PlannedReminder[] = [];
  for (const item of input.actionItems) {
    if (!isActiveItem(item) || item.ownerId === null || !memberIds.has(item.ownerId)) continue;
    const days = daysBetween(today, item.dueDate);
    const kind =
      days >= 0 && days <= DUE_SOON_DAYS
        ? "action_due_soon"
        : days < 0 && -days <= OVERDUE_REMINDER_MAX_DAYS
          ? "action_overdue"
          : null;
    if (!kind || !wants(input, item.ownerId, kind)) continue;
    out.push({
      kind,
      subjectKey: actionSubject(item.id, item.dueDate),
      recipient: { type: "person", userId: item.ownerId },
      actionItemId: item.id,
    });
  }
  return out;
}

function leads(input: PlanInput, kind: ReminderKind): Recipient[] {
  const people: Recipient[] = input.members
    .filter((m) => m.role === "lead" && wants(input, m.userId, kind))
    .map((m) => ({ type: "person", userId: m.userId }));
  return input.hasWebhook ? [...people, { type: "team" }] : people;
}

function planReview(input: PlanInput): PlannedReminder[] {
  const { now, team, weekly } = input;
  if (!weekly || !input.actionItems.some(isActiveItem)) return [];
  const monday = calendarDayIn(weekly.opensAt, team.timeZone);
  if (!isReviewWeek(monday) || now < localAt(weekly.opensAt, team.timeZone, 0, SEND_HOUR) || now >= weekly.closesAt)
    return [];
  const subjectKey = reviewSubject(team.id, monday);
  return leads(input, "review_summary").map((recipient) => ({
    kind: "review_summary",
    subjectKey,
    recipient,
    reviewDate: monday,
  }));
}

function planDips(input: PlanInput): PlannedReminder[] {
  if (input.dipAlerts.length === 0) return [];
  return input.dipAlerts.flatMap((dip) =>
    leads(input, "dip_alert").map((recipient) => ({
      kind: "dip_alert" as const,
      subjectKey: dipSubject(input.team.id, dip),
      recipient,
      dip,
    })),
  );
}

/** Reminders go out between SEND_HOUR and QUIET_HOUR on the team's clock. */
export function isSendingHour(now: Date, timeZone: string): boolean {
  const hour = localHour(now, timeZone);
  return hour >= SEND_HOUR && hour < QUIET_HOUR;
}

/** Everything that should have been sent for this team by `now` (the send log removes what was). */
export function planReminders(input: PlanInput): PlannedReminder[] {
  if (!isSendingHour(input.now, input.team.timeZone)) return [];
  return [
    ...planRitual(input, "weekly", input.weekly),
    ...planRitual(input, "quarterly", input.survey),
    ...planActionItems(input),
    ...planReview(input),
    ...planDips(input),
  ];
}
