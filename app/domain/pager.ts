/**
 * Incidents from the pager: PagerDuty v3 webhook events and Opsgenie outgoing-webhook
 * actions, read into one shape, and the rule that folds an event into an incident.
 *
 * Ordering: deliveries can be replayed and can arrive out of order. Every event carries
 * the time it happened, so
 * - started is the pager incident's creation time (the same in every event);
 * - detected is the earliest acknowledgement seen;
 * - resolved/reopened are ordered by their time: an older one never undoes a newer one,
 *   and acknowledgements or triggers never touch the resolved state;
 * - severity follows the priority of the newest event that carried one.
 */
import { z } from "zod";
import { issuesToFieldErrors, prefixErrors } from "./field-errors";
import { SEVERITIES, type Severity } from "./incidents";
import { DEFAULT_SEVERITY_MAP, PRIORITIES, type PriorityName, type SeverityMap } from "./pager-severity";
// The map and its names live in a module without zod, so the pager page can draw them without shipping zod.
export { DEFAULT_SEVERITY_MAP, PRIORITIES, severityFor, URGENCIES, type SeverityMap } from "./pager-severity";

const PAGERDUTY_EVENTS = {
  "incident.triggered": "triggered",
  "incident.acknowledged": "acknowledged",
  "incident.resolved": "resolved",
  "incident.priority_updated": "priority",
  "incident.reopened": "reopened",
} as const;
const OPSGENIE_ACTIONS = { Create: "triggered", Acknowledge: "acknowledged", Close: "resolved" } as const;
export type PagerKind = (typeof PAGERDUTY_EVENTS)[keyof typeof PAGERDUTY_EVENTS];

const severity = z.enum(SEVERITIES, { error: "Choose SEV1, SEV2, SEV3 or SEV4" });
export const severityMapSchema = z.object({
  priorities: z.object(
    Object.fromEntries(PRIORITIES.map((p) => [p, severity])) as Record<PriorityName, typeof severity>,
  ),
  urgency: z.object({ high: severity, low: severity }),
});

/** A stored map, or the defaults when it is missing or unreadable. */
export function readSeverityMap(text: string | null | undefined): SeverityMap {
  if (!text) return DEFAULT_SEVERITY_MAP;
  try {
    const parsed = severityMapSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : DEFAULT_SEVERITY_MAP;
  } catch {
    return DEFAULT_SEVERITY_MAP;
  }
}

/** One pager event, whatever sent it. */
export type PagerEvent = {
  /** Unique per delivery of the same event (PagerDuty's event id; Opsgenie: alert, action and time). */
  eventId: string;
  eventType: string;
  kind: PagerKind;
  occurredAt: Date;
  externalId: string;
  serviceId: string | null;
  title: string;
  startedAt: Date;
  url: string | null;
  priority: string | null;
  urgency: string | null;
};

export type ParsedEvent =
  { ok: true; event: PagerEvent } | { ok: true; ignored: string } | { ok: false; fields: Record<string, string> };

const isoTime = z
  .string({ error: "Expected an ISO 8601 date-time" })
  .refine((s) => !Number.isNaN(Date.parse(s)), { error: "Expected an ISO 8601 date-time" })
  .transform((s) => new Date(s));

const pagerDutyEnvelope = z.object({
  event: z.object({
    id: z.string({ error: "Expected the event id" }).min(1).max(200),
    event_type: z.string({ error: "Expected the event type" }).max(200),
  }),
});

const pagerDutyIncident = z.object({
  occurred_at: isoTime,
  data: z.object({
    id: z.string({ error: "Expected the incident id" }).min(1).max(200),
    html_url: z
      .string()
      .max(2000)
      .regex(/^https:\/\/[^\s]+$/, { error: "Expected an https address" })
      .nullish(),
    title: z.string({ error: "Expected the incident title" }).max(10_000),
    created_at: isoTime,
    service: z.object({ id: z.string({ error: "Expected the service id" }).min(1).max(200) }),
    priority: z.object({ summary: z.string().max(200).nullish() }).nullish(),
    urgency: z.string().max(50).nullish(),
  }),
});

function zodFields(error: z.ZodError, prefix: string): Record<string, string> {
  return prefixErrors(issuesToFieldErrors(error, "data"), prefix);
}

const cleanTitle = (title: string) => title.trim().slice(0, 200) || "(untitled pager incident)";

export function parsePagerDutyEvent(body: unknown): ParsedEvent {
  const envelope = pagerDutyEnvelope.safeParse(body);
  if (!envelope.success) return { ok: false, fields: zodFields(envelope.error, "") };
  const { id, event_type } = envelope.data.event;
  const kind = (PAGERDUTY_EVENTS as Record<string, PagerKind>)[event_type];
  if (!kind) return { ok: true, ignored: event_type };
  const parsed = pagerDutyIncident.safeParse((body as { event: unknown }).event);
  if (!parsed.success) return { ok: false, fields: zodFields(parsed.error, "event") };
  const { occurred_at, data } = parsed.data;
  return {
    ok: true,
    event: {
      eventId: id,
      eventType: event_type,
      kind,
      occurredAt: occurred_at,
      externalId: data.id,
      serviceId: data.service.id,
      title: cleanTitle(data.title),
      startedAt: data.created_at,
      url: data.html_url ?? null,
      priority: data.priority?.summary ?? null,
      urgency: data.urgency ?? null,
    },
  };
}

/** Opsgenie sends epoch milliseconds for createdAt and nanoseconds for updatedAt; either is accepted. */
const epoch = z
  .number({ error: "Expected an epoch time" })
  .positive()
  .transform((n) => new Date(n > 1e15 ? Math.floor(n / 1e6) : n));

const opsgenieBody = z.object({
  action: z.string({ error: "Expected the action" }).max(100),
  alert: z.object({
    alertId: z.string({ error: "Expected the alert id" }).min(1).max(200),
    message: z.string({ error: "Expected the alert message" }).max(10_000),
    createdAt: epoch,
    updatedAt: epoch.optional(),
    priority: z.string().max(20).nullish(),
  }),
});

export function parseOpsgenieEvent(body: unknown): ParsedEvent {
  const action = (body as { action?: unknown } | null)?.action;
  if (typeof action !== "string") return { ok: false, fields: { action: "Expected the action" } };
  const kind = (OPSGENIE_ACTIONS as Record<string, PagerKind>)[action];
  if (!kind) return { ok: true, ignored: action };
  const parsed = opsgenieBody.safeParse(body);
  if (!parsed.success) return { ok: false, fields: zodFields(parsed.error, "") };
  const { alert } = parsed.data;
  const occurredAt = kind === "triggered" ? alert.createdAt : (alert.updatedAt ?? alert.createdAt);
  return {
    ok: true,
    event: {
      eventId: `${alert.alertId}:${action}:${occurredAt.getTime()}`,
      eventType: action,
      kind,
      occurredAt,
      externalId: alert.alertId,
      serviceId: null,
      title: cleanTitle(alert.message),
      startedAt: alert.createdAt,
      url: null,
      priority: alert.priority ?? null,
      urgency: null,
    },
  };
}

/** What a link remembers about the incident it made. */
export type LinkedIncident = {
  startedAt: Date;
  detectedAt: Date | null;
  resolvedAt: Date | null;
  severity: Severity;
  /** time of the resolved/reopened event that set the resolved state */
  stateAt: Date | null;
  /** time of the event whose priority set the severity */
  severityAt: Date | null;
};

const later = (a: Date, b: Date) => (a > b ? a : b);

/** The incident after `event`; `changed` is false when the event adds nothing (older or the same). */
export function foldEvent(
  current: LinkedIncident | null,
  event: PagerEvent,
  severity: Severity,
): { next: LinkedIncident; changed: boolean } {
  const base: LinkedIncident = current ?? {
    startedAt: event.startedAt,
    detectedAt: null,
    resolvedAt: null,
    severity,
    stateAt: null,
    severityAt: event.occurredAt,
  };
  const next = { ...base };
  const at = event.occurredAt;
  if (next.severityAt === null || at >= next.severityAt) {
    next.severity = severity;
    next.severityAt = at;
  }
  if (event.kind === "acknowledged") {
    const ack = later(at, next.startedAt);
    if (next.detectedAt === null || ack < next.detectedAt) next.detectedAt = ack;
  }
  if (event.kind === "resolved" && (next.stateAt === null || at >= next.stateAt)) {
    next.resolvedAt = later(at, next.startedAt);
    next.stateAt = at;
  }
  if (event.kind === "reopened" && (next.stateAt === null || at > next.stateAt)) {
    next.resolvedAt = null;
    next.stateAt = at;
  }
  const same = (a: Date | null, b: Date | null) =>
    a === null ? b === null : b !== null && a.getTime() === b.getTime();
  const changed =
    current === null ||
    !same(current.detectedAt, next.detectedAt) ||
    !same(current.resolvedAt, next.resolvedAt) ||
    current.severity !== next.severity;
  return { next, changed };
}
