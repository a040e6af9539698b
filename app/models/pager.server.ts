import crypto from "node:crypto";
import { and, desc, eq, lt } from "drizzle-orm";
import { getDb } from "#db/client.server";
import {
  incidents,
  pagerDeliveries,
  pagerLinks,
  pagerSecrets,
  pagerServices,
  pagerSettings,
  type PagerResult,
  type PagerSource,
} from "#db/schema";
import {
  foldEvent,
  readSeverityMap,
  severityFor,
  type LinkedIncident,
  type PagerEvent,
  type SeverityMap,
} from "~/domain/pager";

export const sha256 = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
const hintOf = (secret: string) => `…${secret.slice(-4)}`;

export type PagerConfig = {
  /** PagerDuty signing secrets, as issued; every one of them verifies (rotation). */
  pagerDutySecrets: string[];
  /** sha256 of each live Opsgenie secret */
  opsgenieSecretHashes: string[];
  serviceIds: Set<string>;
  severityMap: SeverityMap;
};

export function loadPagerConfig(teamId: number): PagerConfig {
  const db = getDb();
  const secrets = db.select().from(pagerSecrets).where(eq(pagerSecrets.teamId, teamId)).all();
  const services = db
    .select({ id: pagerServices.serviceId })
    .from(pagerServices)
    .where(eq(pagerServices.teamId, teamId))
    .all();
  const settings = db.select().from(pagerSettings).where(eq(pagerSettings.teamId, teamId)).get();
  return {
    pagerDutySecrets: secrets.filter((s) => s.source === "pagerduty").map((s) => s.secret),
    opsgenieSecretHashes: secrets.filter((s) => s.source === "opsgenie").map((s) => s.secret),
    serviceIds: new Set(services.map((s) => s.id)),
    severityMap: readSeverityMap(settings?.severityMap),
  };
}

export type PagerSecretSummary = { id: number; source: PagerSource; hint: string; createdAt: Date };

/** What the settings page may show: never a secret, only its last characters. */
export function listPagerSecrets(teamId: number): PagerSecretSummary[] {
  return getDb()
    .select({
      id: pagerSecrets.id,
      source: pagerSecrets.source,
      hint: pagerSecrets.hint,
      createdAt: pagerSecrets.createdAt,
    })
    .from(pagerSecrets)
    .where(eq(pagerSecrets.teamId, teamId))
    .orderBy(desc(pagerSecrets.createdAt), desc(pagerSecrets.id))
    .all();
}

/** PagerDuty issues the secret when the subscription is made; HMAC needs it, so it is kept as given. */
export function addPagerDutySecret(teamId: number, secret: string, createdBy: number | null) {
  getDb()
    .insert(pagerSecrets)
    .values({ teamId, source: "pagerduty", secret, hint: hintOf(secret), createdBy })
    .run();
}

/** A new Opsgenie secret, returned once; only its sha256 is kept. */
export function createOpsgenieSecret(teamId: number, createdBy: number | null): string {
  const secret = "og_" + crypto.randomBytes(32).toString("base64url");
  getDb()
    .insert(pagerSecrets)
    .values({ teamId, source: "opsgenie", secret: sha256(secret), hint: hintOf(secret), createdBy })
    .run();
  return secret;
}

export function removePagerSecret(teamId: number, id: number): boolean {
  return (
    getDb()
      .delete(pagerSecrets)
      .where(and(eq(pagerSecrets.teamId, teamId), eq(pagerSecrets.id, id)))
      .run().changes > 0
  );
}

export function listPagerServices(teamId: number) {
  return getDb()
    .select({ serviceId: pagerServices.serviceId, label: pagerServices.label })
    .from(pagerServices)
    .where(eq(pagerServices.teamId, teamId))
    .orderBy(pagerServices.serviceId)
    .all();
}

export function addPagerService(teamId: number, serviceId: string, label: string | null) {
  getDb()
    .insert(pagerServices)
    .values({ teamId, serviceId, label })
    .onConflictDoUpdate({ target: [pagerServices.teamId, pagerServices.serviceId], set: { label } })
    .run();
}

export function removePagerService(teamId: number, serviceId: string): boolean {
  return (
    getDb()
      .delete(pagerServices)
      .where(and(eq(pagerServices.teamId, teamId), eq(pagerServices.serviceId, serviceId)))
      .run().changes > 0
  );
}

export function saveSeverityMap(teamId: number, map: SeverityMap) {
  const severityMap = JSON.stringify(map);
  getDb()
    .insert(pagerSettings)
    .values({ teamId, severityMap })
    .onConflictDoUpdate({ target: pagerSettings.teamId, set: { severityMap } })
    .run();
}

/**
 * How long a delivery (and so its event id, the replay guard) is kept. PagerDuty retries a
 * failed delivery for minutes to hours, so a month is ample, and it keeps the table bounded.
 */
const DELIVERY_RETENTION_MS = 30 * 86_400_000;

export type DeliveryOutcome = { result: PagerResult | "duplicate"; incidentId: number | null };

/**
 * Folds one verified event into the team's incidents, in one transaction: the event id
 * is claimed, the link found or made, the incident created or moved forward. A replay of
 * an event id already processed changes nothing and stores nothing.
 */
export function recordPagerEvent(
  teamId: number,
  source: PagerSource,
  event: PagerEvent,
  config: Pick<PagerConfig, "serviceIds" | "severityMap">,
  now = new Date(),
): DeliveryOutcome {
  const db = getDb();
  return db.transaction((tx) => {
    const delivery = { teamId, source, eventType: event.eventType, externalId: event.externalId, receivedAt: now };
    if (source === "pagerduty" && (!event.serviceId || !config.serviceIds.has(event.serviceId))) {
      tx.insert(pagerDeliveries)
        .values({ ...delivery, eventId: null, result: "unknown_service" })
        .run();
      return { result: "unknown_service", incidentId: null };
    }
    const seen = tx
      .select({ id: pagerDeliveries.id, incidentId: pagerDeliveries.incidentId })
      .from(pagerDeliveries)
      .where(
        and(
          eq(pagerDeliveries.teamId, teamId),
          eq(pagerDeliveries.source, source),
          eq(pagerDeliveries.eventId, event.eventId),
        ),
      )
      .get();
    if (seen) return { result: "duplicate", incidentId: seen.incidentId };

    const linkKey = and(
      eq(pagerLinks.teamId, teamId),
      eq(pagerLinks.source, source),
      eq(pagerLinks.externalId, event.externalId),
    );
    const linked = tx
      .select({
        incidentId: pagerLinks.incidentId,
        stateAt: pagerLinks.stateAt,
        severityAt: pagerLinks.severityAt,
        startedAt: incidents.startedAt,
        detectedAt: incidents.detectedAt,
        resolvedAt: incidents.resolvedAt,
        severity: incidents.severity,
      })
      .from(pagerLinks)
      .innerJoin(incidents, eq(incidents.id, pagerLinks.incidentId))
      .where(linkKey)
      .get();
    const current: LinkedIncident | null = linked ?? null;
    const severity = severityFor(config.severityMap, event.priority, event.urgency);
    const { next, changed } = foldEvent(current, event, severity);
    const fields = {
      severity: next.severity,
      detectedAt: next.detectedAt,
      resolvedAt: next.resolvedAt,
    };

    let incidentId: number;
    let result: PagerResult;
    if (!linked) {
      incidentId = tx
        .insert(incidents)
        .values({
          teamId,
          title: event.title,
          startedAt: next.startedAt,
          pagerUrl: event.url,
          createdAt: now,
          ...fields,
        })
        .returning({ id: incidents.id })
        .get().id;
      tx.insert(pagerLinks)
        .values({
          teamId,
          source,
          externalId: event.externalId,
          incidentId,
          stateAt: next.stateAt,
          severityAt: next.severityAt,
        })
        .run();
      result = "created";
    } else {
      incidentId = linked.incidentId;
      if (changed) {
        tx.update(incidents)
          .set({ ...fields, updatedAt: now })
          .where(eq(incidents.id, incidentId))
          .run();
      }
      tx.update(pagerLinks).set({ stateAt: next.stateAt, severityAt: next.severityAt }).where(linkKey).run();
      result = changed ? "updated" : "unchanged";
    }
    tx.insert(pagerDeliveries)
      .values({ ...delivery, eventId: event.eventId, result, incidentId })
      .run();
    tx.delete(pagerDeliveries)
      .where(
        and(
          eq(pagerDeliveries.teamId, teamId),
          lt(pagerDeliveries.receivedAt, new Date(now.getTime() - DELIVERY_RETENTION_MS)),
        ),
      )
      .run();
    return { result, incidentId };
  });
}

export function listPagerDeliveries(teamId: number, limit = 20) {
  return getDb()
    .select({
      id: pagerDeliveries.id,
      source: pagerDeliveries.source,
      eventType: pagerDeliveries.eventType,
      externalId: pagerDeliveries.externalId,
      result: pagerDeliveries.result,
      incidentId: pagerDeliveries.incidentId,
      receivedAt: pagerDeliveries.receivedAt,
    })
    .from(pagerDeliveries)
    .where(eq(pagerDeliveries.teamId, teamId))
    .orderBy(desc(pagerDeliveries.receivedAt), desc(pagerDeliveries.id))
    .limit(limit)
    .all();
}
