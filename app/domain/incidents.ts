/**
 * The vocabulary of incidents and action items: audit questions and answers, action sources,
 * the trust-recovery checklist (and, from zod-free modules, severities and action statuses).
 * Pages import it, so it holds no zod. Where the rest lives:
 * - wall-time.ts: calendar dates and parsing wall times in a team's zone;
 * - calendar-day.ts: the calendar day an instant falls on, on the team's clock;
 * - instant-format.ts: instants written for pages, forms and CSV;
 * - action-status.ts: statuses, overdue, completedAt;
 * - incident-input.server.ts / premortem-input.server.ts: the zod schemas.
 */
// Severities and durations live in a module without zod, so charts can use them without shipping zod to the browser.
export { formatDuration, SEVERITIES, type Severity } from "./severity";
// Action statuses live in a module without zod, so pages can name them without shipping zod to the browser.
export { ACTION_STATUS_LABELS, ACTION_STATUSES, type ActionStatus } from "./action-status";

export const AUDIT_QUESTIONS = [
  {
    key: "investigatingWithin5m",
    text: 'An "investigating" update within 5 minutes',
  },
  { key: "updatesEvery15to20m", text: "Updates on a 15–20 minute clock" },
  {
    key: "resolvedPostWithCause",
    text: "A resolved post with cause and timeline",
  },
  {
    key: "customerEmailWithin2h",
    text: "A direct customer email within 2 hours",
  },
  {
    key: "creditsOffered",
    text: "Credits offered for SLA violations without being asked",
  },
  { key: "postmortemPublished", text: "A postmortem published" },
] as const;
export type AuditKey = (typeof AUDIT_QUESTIONS)[number]["key"];
export const AUDIT_ANSWERS = ["yes", "no", "na"] as const;
export type AuditAnswer = (typeof AUDIT_ANSWERS)[number];
export const AUDIT_ANSWER_LABELS: Record<AuditAnswer, string> = {
  yes: "Yes",
  no: "No",
  na: "Not applicable",
};

export const ACTION_SOURCES = ["postmortem", "premortem", "retro", "trust_check"] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];
export const ACTION_SOURCE_LABELS: Record<ActionSource, string> = {
  postmortem: "Postmortem",
  premortem: "Pre-mortem",
  retro: "Retrospective",
  trust_check: "Trust check",
};

export const RECOVERY_CHECKLIST = [
  {
    key: "blamelessPostmortem",
    text: "Blameless postmortem held with all stakeholders",
  },
  {
    key: "findingsShared",
    text: "Findings shared with the whole organisation",
  },
  {
    key: "publicActionTracker",
    text: "Public action tracker with owners and deadlines",
  },
  { key: "trustChecksScheduled", text: "Regular trust checks scheduled" },
  {
    key: "transparencyTools",
    text: "Transparency tools in place (status page, shared dashboards)",
  },
  { key: "emotionalImpactAddressed", text: "Emotional impact addressed" },
  {
    key: "nonEngineeringIncluded",
    text: "Non-engineering stakeholders included",
  },
  {
    key: "realisticTimeline",
    text: "Realistic 3–6 month timeline communicated",
  },
] as const;
export type ChecklistKey = (typeof RECOVERY_CHECKLIST)[number]["key"];

/** Preventive-action rows offered on a new pre-mortem; more can be added on its page. */
export const PREMORTEM_ACTION_ROWS = 3;
