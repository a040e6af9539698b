/**
 * Demo incident history for a team's trust story: called by the demo seeder, writes
 * only to the database, and is deterministic for a given team id and dates.
 */
import { utcCalendarDay } from "~/domain/calendar-day";
import { getDb } from "#db/client.server";
import { actionItems, checklistEvents, incidents } from "#db/schema";
import {
  RECOVERY_CHECKLIST,
  type ActionStatus,
  type AuditAnswer,
  type AuditKey,
  type Severity,
} from "~/domain/incidents";
import { seededRandom } from "~/domain/random";

export type IncidentStory = {
  teamId: number;
  /** people who own follow-ups (usually the members); the lead is used when empty */
  ownerIds: number[];
  leadId: number;
  /** when the major SEV1 started; null for a calm team with only minor incidents */
  majorIncidentAt: Date | null;
  now: Date;
};

export type SeededIncidentHistory = {
  incidentIds: number[];
  majorIncidentId: number | null;
  actionItemIds: number[];
  checklistEvents: number;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const MINOR_TITLES = [
  "Elevated API latency in one region",
  "Search index lagging behind writes",
  "Login errors for SSO users",
  "Delayed email notifications",
  "Dashboard charts failing to load",
  "Webhook retries piling up",
  "Partial CDN outage for static assets",
  "Background job queue stuck",
  "Expired certificate on an internal proxy",
  "Image uploads timing out",
  "Push notifications delayed",
  "Nightly billing export failed",
  "Rate limiter rejecting healthy clients",
  "Feature flag service unreachable",
];

const FOLLOW_UPS = [
  "Alert on free disk space below 20 % on database hosts",
  "Automate log rotation on the primary database",
  "Run a restore-from-backup drill",
  "Publish a status page and link it from the app",
  "Write the customer-update templates for incidents",
  "Agree a 15-minute update clock for SEV1/SEV2",
  "Add a runbook for database failover",
  "Move capacity reviews into the monthly ops meeting",
  "Give support a direct line into the incident channel",
  "Load-test the connection pool limits",
  "Share the postmortem with sales and support",
  "Schedule a trust check-in retro after 90 days",
];

function audit(answers: AuditAnswer[]): string {
  const keys: AuditKey[] = [
    "investigatingWithin5m",
    "updatesEvery15to20m",
    "resolvedPostWithCause",
    "customerEmailWithin2h",
    "creditsOffered",
    "postmortemPublished",
  ];
  return JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, answers[i]])));
}

/** The element at `i`, wrapping around the end of the list. */
function cyclic<T>(list: readonly T[], i: number): T {
  const item = list[i % list.length];
  if (item === undefined) throw new RangeError(`no element at ${i} of a list of ${list.length}`);
  return item;
}

export function seedIncidentHistory(story: IncidentStory): SeededIncidentHistory {
  const { teamId, leadId, majorIncidentAt, now } = story;
  const owners = story.ownerIds.length > 0 ? story.ownerIds : [leadId];
  const rand = seededRandom(teamId * 7919 + 17);
  const pick = <T>(list: readonly T[]) => cyclic(list, Math.floor(rand() * list.length));
  const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
  const nowMs = now.getTime();
  const start = nowMs - 730 * DAY;
  const anchor = majorIncidentAt?.getTime() ?? null;

  return getDb().transaction((tx) => {
    const incidentIds: number[] = [];
    const actionItemIds: number[] = [];
    let events = 0;

    const insertIncident = (row: {
      title: string;
      severity: Severity;
      startedAt: number;
      detectAfter: number;
      recoverAfter: number;
      postmortemAfter: number | null;
      audit: string;
      summary: string;
    }) => {
      const resolvedAt = row.startedAt + row.recoverAfter;
      const published = row.postmortemAfter === null ? null : resolvedAt + row.postmortemAfter;
      const ongoing = resolvedAt > nowMs;
      const { id } = tx
        .insert(incidents)
        .values({
          teamId,
          title: row.title,
          severity: row.severity,
          startedAt: new Date(row.startedAt),
          detectedAt: new Date(row.startedAt + row.detectAfter),
          resolvedAt: ongoing ? null : new Date(resolvedAt),
          summary: row.summary,
          postmortemUrl:
            published !== null && published <= nowMs
              ? `https://wiki.example.com/postmortems/${teamId}-${row.startedAt}`
              : null,
          postmortemPublishedAt: published !== null && published <= nowMs && !ongoing ? new Date(published) : null,
          audit: row.audit,
          createdAt: new Date(Math.min(nowMs, row.startedAt + row.detectAfter + 10 * MINUTE)),
        })
        .returning({ id: incidents.id })
        .get();
      incidentIds.push(id);
      return { id, resolvedAt, published };
    };

    // Minor incidents, spread over two years, kept clear of the major incident's weeks.
    const minorCount = 10 + Math.floor(rand() * 5);
    for (let i = 0; i < minorCount; i++) {
      let startedAt = between(start, nowMs - 2 * DAY);
      if (anchor !== null && Math.abs(startedAt - anchor) < 30 * DAY) startedAt = anchor - (30 + rand() * 60) * DAY;
      if (startedAt < start) startedAt = between(start, start + 60 * DAY);
      const severity: Severity = rand() < 0.45 ? "SEV3" : "SEV4";
      const good: AuditAnswer = rand() < 0.75 ? "yes" : "no";
      insertIncident({
        title: cyclic(MINOR_TITLES, i + teamId),
        severity,
        startedAt: Math.round(startedAt / MINUTE) * MINUTE,
        detectAfter: between(2, 20) * MINUTE,
        recoverAfter: between(20, severity === "SEV3" ? 360 : 120) * MINUTE,
        postmortemAfter: severity === "SEV3" && rand() < 0.4 ? between(2, 7) * DAY : null,
        audit: audit([
          good,
          rand() < 0.7 ? "yes" : "no",
          "yes",
          "na",
          "na",
          severity === "SEV3" ? pick(["yes", "no"] as const) : "na",
        ]),
        summary: "Customer impact was limited; resolved by the on-call engineer.",
      });
    }

    let majorIncidentId: number | null = null;
    if (anchor !== null) {
      // The warning a few weeks before: a SEV2 whose postmortem never got written.
      insertIncident({
        title: "Checkout errors after connection pool exhaustion",
        severity: "SEV2",
        startedAt: anchor - 23 * DAY,
        detectAfter: 12 * MINUTE,
        recoverAfter: 2.5 * HOUR,
        postmortemAfter: null,
        audit: audit(["yes", "no", "no", "no", "na", "no"]),
        summary: "Connection pool limits were hit during a traffic peak. Follow-ups were discussed but not recorded.",
      });
      const major = insertIncident({
        title: "Full outage: primary database ran out of disk",
        severity: "SEV1",
        startedAt: anchor,
        detectAfter: 25 * MINUTE,
        recoverAfter: 7 * HOUR + 40 * MINUTE,
        postmortemAfter: 4 * DAY,
        audit: audit(["no", "no", "yes", "no", "no", "yes"]),
        summary:
          "Write-ahead logs filled the primary's disk; failover did not trigger. Customers saw errors for most of a working day and first heard about it on social media.",
      });
      majorIncidentId = major.id;

      // Follow-ups from the postmortem, due over the next three months.
      const createdAt = Math.min(nowMs, major.published ?? major.resolvedAt + 4 * DAY);
      const count = 8 + Math.floor(rand() * 5);
      const dues = Array.from({ length: count }, (_, i) => createdAt + Math.round(((i + 1) * 90) / count) * DAY);
      const pastDue = dues.map((d, i) => ({ d, i })).filter(({ d }) => d + DAY <= nowMs);
      const [, second] = pastDue;
      const dropped = pastDue.length >= 3 && second ? second.i : count - 1;
      const overdue = new Set(
        pastDue
          .filter(({ i }) => i !== dropped)
          .slice(-(rand() < 0.5 ? 1 : 2))
          .map(({ i }) => i),
      );
      for (const [i, due] of dues.entries()) {
        let status: ActionStatus;
        let completedAt: number | null = null;
        if (i === dropped) status = "dropped";
        else if (overdue.has(i)) status = i % 2 === 0 ? "open" : "in_progress";
        else if (due + DAY <= nowMs) {
          status = "done";
          // Mid-morning UTC of a day at or before the due day: on time in any team's zone.
          const dueDayStart = Date.parse(`${utcCalendarDay(due)}T00:00:00Z`);
          completedAt = Math.max(createdAt + HOUR, dueDayStart - Math.floor(between(0, 6)) * DAY + 10 * HOUR);
        } else if (rand() < 0.3 && nowMs - createdAt > 2 * DAY) {
          status = "done";
          completedAt = between(createdAt + DAY, nowMs);
        } else status = rand() < 0.5 ? "in_progress" : "open";
        const { id } = tx
          .insert(actionItems)
          .values({
            teamId,
            title: cyclic(FOLLOW_UPS, i),
            ownerId: cyclic(owners, i),
            dueDate: utcCalendarDay(due),
            status,
            source: "postmortem",
            incidentId: major.id,
            createdAt: new Date(createdAt),
            completedAt: completedAt === null ? null : new Date(completedAt),
          })
          .returning({ id: actionItems.id })
          .get();
        actionItemIds.push(id);
      }

      // The recovery checklist: all "no" just after the incident, then yes one by one.
      const yesAfterDays = [5, 8, 6, 12, 40, 21, 30, 14];
      const firstReview = anchor + 2 * DAY;
      RECOVERY_CHECKLIST.forEach((q, i) => {
        if (firstReview > nowMs) return;
        tx.insert(checklistEvents)
          .values({ teamId, questionKey: q.key, answer: false, changedBy: leadId, changedAt: new Date(firstReview) })
          .run();
        events += 1;
        const yesAfter = yesAfterDays[i];
        if (yesAfter === undefined) throw new RangeError(`no recovery day for checklist question ${q.key}`);
        const yesAt = anchor + yesAfter * DAY;
        if (yesAt <= nowMs) {
          tx.insert(checklistEvents)
            .values({ teamId, questionKey: q.key, answer: true, changedBy: leadId, changedAt: new Date(yesAt) })
            .run();
          events += 1;
        }
      });
    } else {
      // A calm team still keeps a few retro commitments.
      const retroTitles = [
        "Document the on-call handover",
        "Tidy up alert routing",
        "Pair on the deploy pipeline",
        "Review dashboards with support",
      ];
      retroTitles.forEach((title, i) => {
        const createdAt = nowMs - (120 - i * 25) * DAY;
        const due = createdAt + 21 * DAY;
        const done = due + DAY <= nowMs;
        const { id } = tx
          .insert(actionItems)
          .values({
            teamId,
            title,
            ownerId: owners[i % owners.length],
            dueDate: utcCalendarDay(due),
            status: done ? "done" : "open",
            source: i % 2 === 0 ? "retro" : "trust_check",
            createdAt: new Date(createdAt),
            completedAt: done ? new Date(due - 2 * DAY) : null,
          })
          .returning({ id: actionItems.id })
          .get();
        actionItemIds.push(id);
      });
    }

    return { incidentIds, majorIncidentId, actionItemIds, checklistEvents: events };
  });
}
