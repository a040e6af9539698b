import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SEVERITY_MAP, foldEvent, parsePagerDutyEvent, severityFor, type PagerEvent } from "~/domain/pager";
import { parseIncidentCsv } from "~/utils/incident-csv.server";
import { verifyPagerDutySignature } from "~/utils/pager-webhook.server";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");

describe("X-PagerDuty-Signature", () => {
  const body = Buffer.from(read("pagerduty/incident.triggered.json"));
  const hmac = (secret: string) => crypto.createHmac("sha256", secret).update(body).digest("hex");
  it("accepts any one matching v1 signature among several (rotation)", () => {
    const header = `v1=${hmac("old-secret")},v1=${hmac("new-secret")}`;
    expect(verifyPagerDutySignature(body, header, ["new-secret"])).toBe(true);
    expect(verifyPagerDutySignature(body, header, ["old-secret"])).toBe(true);
    expect(verifyPagerDutySignature(body, header, ["other"])).toBe(false);
  });
  it("refuses other versions, malformed values, a missing header and a team without secrets", () => {
    expect(verifyPagerDutySignature(body, `v0=${hmac("s")}`, ["s"])).toBe(false);
    expect(verifyPagerDutySignature(body, `v1=${hmac("s").slice(2)}`, ["s"])).toBe(false);
    expect(verifyPagerDutySignature(body, null, ["s"])).toBe(false);
    expect(verifyPagerDutySignature(body, `v1=${hmac("s")}`, [])).toBe(false);
    expect(verifyPagerDutySignature(Buffer.concat([body, Buffer.from(" ")]), `v1=${hmac("s")}`, ["s"])).toBe(false);
  });
});

describe("severity mapping", () => {
  it("uses the priority, then the urgency", () => {
    expect(severityFor(DEFAULT_SEVERITY_MAP, "P1", "low")).toBe("SEV1");
    expect(severityFor(DEFAULT_SEVERITY_MAP, "p3 - minor", null)).toBe("SEV3");
    expect(severityFor(DEFAULT_SEVERITY_MAP, "Custom", "high")).toBe("SEV2");
    expect(severityFor(DEFAULT_SEVERITY_MAP, null, null)).toBe("SEV4");
  });
});

describe("folding events", () => {
  const event = (kind: PagerEvent["kind"], at: string): PagerEvent => {
    const parsed = parsePagerDutyEvent(JSON.parse(read("pagerduty/incident.triggered.json")));
    if (!parsed.ok || !("event" in parsed)) throw new Error("fixture");
    return { ...parsed.event, kind, occurredAt: new Date(at) };
  };
  it("an acknowledgement after the resolution does not reopen it; a reopen only after it does", () => {
    let state = foldEvent(null, event("resolved", "2026-11-23T16:00:00Z"), "SEV2").next;
    state = foldEvent(state, event("acknowledged", "2026-11-23T16:30:00Z"), "SEV2").next;
    expect(state.resolvedAt?.toISOString()).toBe("2026-11-23T16:00:00.000Z");
    expect(foldEvent(state, event("reopened", "2026-11-23T15:00:00Z"), "SEV2").changed).toBe(false);
    expect(foldEvent(state, event("reopened", "2026-11-23T17:00:00Z"), "SEV2").next.resolvedAt).toBeNull();
  });
});

describe("pager CSV exports", () => {
  it("reads PagerDuty's incident export", () => {
    const result = parseIncidentCsv(read("pagerduty/incidents.csv"), "UTC");
    if (!result.ok) throw new Error(result.message);
    expect(result.format).toBe("pagerduty");
    expect(result.problems).toEqual([]);
    const [a, b] = result.rows.map((r) => r.input);
    expect(a).toMatchObject({ title: "A little bump in the road", severity: "SEV1" });
    expect(a!.detectedAt?.toISOString()).toBe("2026-11-23T15:21:02.000Z");
    expect(a!.resolvedAt?.toISOString()).toBe("2026-11-23T16:45:10.000Z");
    expect(a!.summary).toBe("PagerDuty #2 (API Service)");
    expect(b).toMatchObject({ title: "The server is on fire.", severity: "SEV4", resolvedAt: null });
    expect(b!.startedAt.toISOString()).toBe("2026-11-21T02:30:42.000Z");
  });

  it("reads Opsgenie's alert export", () => {
    const result = parseIncidentCsv(read("opsgenie/alerts.csv"), "UTC");
    if (!result.ok) throw new Error(result.message);
    expect(result.format).toBe("opsgenie");
    expect(result.problems).toEqual([]);
    const [a, b] = result.rows.map((r) => r.input);
    expect(a).toMatchObject({ title: "test alert", severity: "SEV3", summary: "Opsgenie #23" });
    expect(a!.detectedAt?.getTime()).toBe(1795965391104 + 333660);
    expect(a!.resolvedAt?.getTime()).toBe(1795965391104 + 3533660);
    expect(b).toMatchObject({ title: "Disk full on db-2", severity: "SEV1", detectedAt: null, resolvedAt: null });
    expect(b!.startedAt.toISOString()).toBe("2026-11-25T08:00:00.000Z");
  });

  it("names the export's own column in a problem", () => {
    const csv = read("pagerduty/incidents.csv").replace("2026-11-23T15:16:27Z", "yesterday");
    const result = parseIncidentCsv(csv, "UTC");
    if (!result.ok) throw new Error(result.message);
    expect(result.problems).toContainEqual(expect.objectContaining({ line: 2, field: "created_on" }));
  });
});
