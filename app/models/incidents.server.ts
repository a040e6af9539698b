import { and, asc, count, desc, eq, gte, isNotNull, isNull, lt } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { incidents } from "#db/schema";
import { AUDIT_ANSWERS, AUDIT_QUESTIONS, type AuditAnswer, type AuditKey, type Severity } from "~/domain/incidents";
import { type IncidentInput } from "~/domain/incident-input.server";
import {
  actionItemMetrics,
  incidentMetrics,
  type ActionItemMetrics,
  type IncidentMetrics,
  type IncidentRecord,
  type Period,
} from "~/domain/incident-metrics";
import { actionItemSeries } from "./action-items.server";

type IncidentRow = typeof incidents.$inferSelect;
export type Audit = Partial<Record<AuditKey, AuditAnswer>>;
export type Incident = Omit<IncidentRow, "audit"> & { audit: Audit };

export type IncidentFilters = {
  severity?: Severity;
  status?: "open" | "resolved";
  /** started at or after */
  from?: Date;
  /** started before */
  to?: Date;
  limit?: number;
  offset?: number;
};

/** The stored JSON, reduced to known questions and answers so a bad row cannot break a page. */
function parseAudit(text: string | null): Audit {
  let raw: unknown;
  try {
    raw = JSON.parse(text ?? "{}");
  } catch {
    return {};
  }
  const audit: Audit = {};
  if (raw && typeof raw === "object") {
    for (const { key } of AUDIT_QUESTIONS) {
      const answer = (raw as Record<string, unknown>)[key];
      if (typeof answer === "string" && (AUDIT_ANSWERS as readonly string[]).includes(answer)) {
        audit[key] = answer as AuditAnswer;
      }
    }
  }
  return audit;
}

function toIncident(row: IncidentRow): Incident {
  return { ...row, audit: parseAudit(row.audit) };
}

function whereFor(teamId: number, filters: IncidentFilters) {
  return and(
    eq(incidents.teamId, teamId),
    filters.severity ? eq(incidents.severity, filters.severity) : undefined,
    filters.status === "open" ? isNull(incidents.resolvedAt) : undefined,
    filters.status === "resolved" ? isNotNull(incidents.resolvedAt) : undefined,
    filters.from ? gte(incidents.startedAt, filters.from) : undefined,
    filters.to ? lt(incidents.startedAt, filters.to) : undefined,
  );
}

/** Newest first. */
export function listIncidents(teamId: number, filters: IncidentFilters = {}): Incident[] {
  let query = getDb()
    .select()
    .from(incidents)
    .where(whereFor(teamId, filters))
    .orderBy(desc(incidents.startedAt), desc(incidents.id))
    .$dynamic();
  if (filters.limit !== undefined) query = query.limit(filters.limit).offset(filters.offset ?? 0);
  return query.all().map(toIncident);
}

export function countIncidents(teamId: number, filters: IncidentFilters = {}): number {
  const [row] = getDb().select({ n: count() }).from(incidents).where(whereFor(teamId, filters)).all();
  return row?.n ?? 0;
}

export function getIncident(teamId: number, id: number): Incident | undefined {
  const row = getDb()
    .select()
    .from(incidents)
    .where(and(eq(incidents.teamId, teamId), eq(incidents.id, id)))
    .get();
  return row ? toIncident(row) : undefined;
}

/** For "linked incident" pickers: newest first, with enough to recognise each one. */
export function listIncidentChoices(teamId: number, limit = 200) {
  return getDb()
    .select({ id: incidents.id, title: incidents.title, severity: incidents.severity, startedAt: incidents.startedAt })
    .from(incidents)
    .where(eq(incidents.teamId, teamId))
    .orderBy(desc(incidents.startedAt))
    .limit(limit)
    .all();
}

/** CSV action items name their incident by start time and title; the oldest match wins. */
export function findIncidentByStartAndTitle(teamId: number, startedAt: Date, title: string): number | undefined {
  return getDb()
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(eq(incidents.teamId, teamId), eq(incidents.startedAt, startedAt), eq(incidents.title, title)))
    .orderBy(asc(incidents.id))
    .get()?.id;
}

function columnsFor(input: IncidentInput) {
  return {
    title: input.title,
    severity: input.severity,
    startedAt: input.startedAt,
    detectedAt: input.detectedAt,
    resolvedAt: input.resolvedAt,
    summary: input.summary,
    postmortemUrl: input.postmortemUrl,
    postmortemPublishedAt: input.postmortemPublishedAt,
    audit: JSON.stringify(input.audit),
  };
}

export function createIncident(teamId: number, input: IncidentInput, now = new Date()): Incident {
  const row = getDb()
    .insert(incidents)
    .values({ teamId, ...columnsFor(input), createdAt: now })
    .returning()
    .get();
  return toIncident(row);
}

/** All or nothing: used by the CSV import. */
export function createIncidents(teamId: number, inputs: IncidentInput[], now = new Date()): number {
  return getDb().transaction((tx) => {
    for (const input of inputs) {
      tx.insert(incidents)
        .values({ teamId, ...columnsFor(input), createdAt: now })
        .run();
    }
    return inputs.length;
  });
}

/** Replaces every editable field; undefined when the incident is not the team's. */
export function updateIncident(
  teamId: number,
  id: number,
  input: IncidentInput,
  now = new Date(),
): Incident | undefined {
  const row = getDb()
    .update(incidents)
    .set({ ...columnsFor(input), updatedAt: now })
    .where(and(eq(incidents.teamId, teamId), eq(incidents.id, id)))
    .returning()
    .get();
  return row ? toIncident(row) : undefined;
}

/** What `incidentMetrics` needs, for incidents that started in [from, to). */
export function incidentSeries(teamId: number, from: Date, to: Date): IncidentRecord[] {
  return getDb()
    .select({
      id: incidents.id,
      severity: incidents.severity,
      startedAt: incidents.startedAt,
      detectedAt: incidents.detectedAt,
      resolvedAt: incidents.resolvedAt,
      postmortemPublishedAt: incidents.postmortemPublishedAt,
      audit: incidents.audit,
    })
    .from(incidents)
    .where(and(eq(incidents.teamId, teamId), gte(incidents.startedAt, from), lt(incidents.startedAt, to)))
    .orderBy(asc(incidents.startedAt))
    .all()
    .map((row) => ({ ...row, audit: parseAudit(row.audit) }));
}

export type TeamIncidentMetrics = {
  period: Period;
  incidents: IncidentMetrics;
  actionItems: ActionItemMetrics;
};

/**
 * The incident and action-item figures of one period, as the dashboards show them;
 * action items are measured at the period's end, or `now` if the period has not ended.
 */
export function teamIncidentMetrics(
  teamId: number,
  period: Period,
  timeZone: string,
  now = new Date(),
): TeamIncidentMetrics {
  return {
    period,
    incidents: incidentMetrics(incidentSeries(teamId, period.from, period.to), period),
    actionItems: actionItemMetrics(actionItemSeries(teamId, period.from, period.to), period, timeZone, now),
  };
}
