/**
 * PagerDuty and Opsgenie webhooks over real HTTP, with payloads shaped like the vendors'
 * documented examples (tests/fixtures), signed the way PagerDuty signs them.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { pagerDeliveries } from "#db/schema";
import { eq } from "drizzle-orm";
import { listIncidents } from "~/models/incidents.server";
import { addPagerDutySecret, addPagerService, listPagerSecrets } from "~/models/pager.server";
import { signedIn } from "../support/client";
import { makeTeamWithPeople } from "../support/factories";
import { serverForFile } from "../support/server";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const fixture = (name: string): Json => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));
const pd = (type: string) => fixture(`pagerduty/incident.${type}.json`);

const SECRET_A = "pd-secret-A-" + "a".repeat(40);
const SECRET_B = "pd-secret-B-" + "b".repeat(40);
const sign = (raw: string, secrets: string[]) =>
  secrets.map((s) => `v1=${crypto.createHmac("sha256", s).update(raw).digest("hex")}`).join(",");

let t: Awaited<ReturnType<typeof makeTeamWithPeople>>;
beforeAll(async () => {
  getDb();
  t = await makeTeamWithPeople(2, { name: "Pager team", slug: "pager-team" });
  addPagerDutySecret(t.team.id, SECRET_A, t.lead.id);
  addPagerService(t.team.id, "PF9KMXH", "API Service");
});
const server = serverForFile();

/** The secrets the team holds now (the rotation test moves it from A to B). */
let live = [SECRET_A];
async function postPd(body: Json | string, secrets: string[] = live, slug = "pager-team") {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const res = await fetch(`${server.baseUrl}/hooks/pagerduty/${slug}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-PagerDuty-Signature": sign(raw, secrets) },
    body: raw,
  });
  return { status: res.status, body: (await res.json()) as Json };
}

/** The fixture for another incident / event id / time. */
function variant(type: string, incidentId: string, eventId: string, occurredAt?: string, priority?: string) {
  const body = pd(type);
  body.event.id = eventId;
  body.event.data.id = incidentId;
  body.event.data.html_url = `https://acme.pagerduty.com/incidents/${incidentId}`;
  if (occurredAt) body.event.occurred_at = occurredAt;
  if (priority) body.event.data.priority.summary = priority;
  return body;
}

const incidentsOf = () => listIncidents(t.team.id);
const byUrl = (id: string) => incidentsOf().filter((i) => i.pagerUrl === `https://acme.pagerduty.com/incidents/${id}`);
const deliveryCount = () =>
  getDb().select().from(pagerDeliveries).where(eq(pagerDeliveries.teamId, t.team.id)).all().length;

describe("PagerDuty v3 webhooks", () => {
  it("creates, updates and resolves an incident from the documented events, and replays change nothing", async () => {
    expect(await postPd(pd("triggered"))).toMatchObject({ status: 200, body: { result: "created" } });
    let [incident] = byUrl("PGR0VU2");
    expect(incident).toMatchObject({ title: "A little bump in the road", severity: "SEV2", detectedAt: null });
    expect(incident!.startedAt.toISOString()).toBe("2026-11-23T15:16:27.000Z");

    expect((await postPd(pd("acknowledged"))).body.result).toBe("updated");
    expect((await postPd(pd("priority_updated"))).body.result).toBe("updated");
    expect((await postPd(pd("resolved"))).body.result).toBe("updated");
    [incident] = byUrl("PGR0VU2");
    expect(incident!.detectedAt!.toISOString()).toBe("2026-11-23T15:21:02.412Z");
    expect(incident!.severity).toBe("SEV1");
    expect(incident!.resolvedAt!.toISOString()).toBe("2026-11-23T16:45:10.003Z");

    const before = deliveryCount();
    for (const type of ["triggered", "acknowledged", "priority_updated", "resolved"]) {
      expect(await postPd(pd(type))).toMatchObject({ status: 200, body: { result: "duplicate" } });
    }
    expect(deliveryCount()).toBe(before);
    expect(byUrl("PGR0VU2")).toEqual([incident]);

    // Reopened after the resolution: open again; the old resolution, redelivered under a
    // new id, does not close it; a later resolution does.
    expect((await postPd(pd("reopened"))).body.result).toBe("updated");
    expect(byUrl("PGR0VU2")[0]!.resolvedAt).toBeNull();
    const stale = variant("resolved", "PGR0VU2", "stale-resolve");
    expect((await postPd(stale)).body.result).toBe("unchanged");
    expect(byUrl("PGR0VU2")[0]!.resolvedAt).toBeNull();
    const again = variant("resolved", "PGR0VU2", "late-resolve", "2026-11-23T18:00:00Z");
    expect((await postPd(again)).body.result).toBe("updated");
    expect(byUrl("PGR0VU2")[0]!.resolvedAt!.toISOString()).toBe("2026-11-23T18:00:00.000Z");
    expect(byUrl("PGR0VU2")).toHaveLength(1);
  });

  it("never regresses on events out of order: resolved, then acknowledged, then triggered", async () => {
    await postPd(variant("resolved", "PORDER1", "o-3", "2026-11-24T10:30:00Z", "P3"));
    await postPd(variant("acknowledged", "PORDER1", "o-2", "2026-11-24T10:05:00Z", "P1"));
    await postPd(variant("triggered", "PORDER1", "o-1", "2026-11-24T10:00:00Z", "P1"));
    const found = byUrl("PORDER1");
    expect(found).toHaveLength(1);
    expect(found[0]!.resolvedAt!.toISOString()).toBe("2026-11-24T10:30:00.000Z");
    expect(found[0]!.detectedAt!.toISOString()).toBe("2026-11-24T10:05:00.000Z");
    // The newest event carried P3: older ones do not set the severity back.
    expect(found[0]!.severity).toBe("SEV3");
  });

  it("refuses a wrong signature, a missing one, an unknown team, bad JSON and oversized bodies, storing nothing", async () => {
    const incidents = incidentsOf().length;
    const deliveries = deliveryCount();
    const body = variant("triggered", "PREFUSED", "refused-1");
    expect((await postPd(body, ["not-the-secret-at-all-0000000000"])).status).toBe(401);
    const raw = JSON.stringify(body);
    const unsigned = await fetch(`${server.baseUrl}/hooks/pagerduty/pager-team`, { method: "POST", body: raw });
    expect(unsigned.status).toBe(401);
    // Signed over other bytes (the body was altered in transit).
    const altered = await fetch(`${server.baseUrl}/hooks/pagerduty/pager-team`, {
      method: "POST",
      headers: { "X-PagerDuty-Signature": sign(raw, [SECRET_A]) },
      body: raw.replace("A little bump", "A large bump"),
    });
    expect(altered.status).toBe(401);
    expect((await postPd(body, [SECRET_A], "no-such-team")).status).toBe(401);
    expect(await postPd("{not json", [SECRET_A])).toMatchObject({ status: 400, body: { error: "invalid_json" } });
    const big = JSON.stringify({ ...body, padding: "x".repeat(300 * 1024) });
    expect((await postPd(big, [SECRET_A])).status).toBe(413);
    const missing = variant("triggered", "PMISSING", "missing-1");
    delete missing.event.data.created_at;
    expect(await postPd(missing)).toMatchObject({
      status: 400,
      body: { error: "validation_failed", fields: { "event.data.created_at": expect.any(String) } },
    });
    expect(incidentsOf().length).toBe(incidents);
    expect(deliveryCount()).toBe(deliveries);
  });

  it("answers 2xx to event types it does not use, and stores nothing", async () => {
    const deliveries = deliveryCount();
    expect(await postPd(pd("annotated"))).toMatchObject({ status: 202, body: { result: "ignored" } });
    expect(deliveryCount()).toBe(deliveries);
  });

  it("logs an unknown service without making an incident, and takes its replay once the lead maps it", async () => {
    const body = variant("triggered", "PUNMAPPED", "unmapped-1");
    body.event.data.service.id = "PZZZZZZ";
    expect((await postPd(body)).body.result).toBe("unknown_service");
    expect(byUrl("PUNMAPPED")).toHaveLength(0);
    const lead = await signedIn(server, t.lead.email);
    const page = await (await lead.get("/teams/pager-team/pager")).text();
    expect(page).toContain("Ignored: service not mapped to this team");
    const add = await lead.post("/teams/pager-team/pager", { intent: "add-service", serviceId: "PZZZZZZ", label: "" });
    expect(add.status).toBe(302);
    expect((await postPd(body)).body.result).toBe("created");
    expect(byUrl("PUNMAPPED")).toHaveLength(1);
  });

  it("accepts either signature during rotation, and refuses the rotated-out secret", async () => {
    const lead = await signedIn(server, t.lead.email);
    const added = await lead.post("/teams/pager-team/pager", { intent: "add-pagerduty-secret", secret: SECRET_B });
    expect(added.status).toBe(302);
    // PagerDuty sends one signature per live secret during a rotation.
    expect((await postPd(variant("triggered", "PROT1", "rot-1"), [SECRET_A, SECRET_B])).status).toBe(200);
    expect((await postPd(variant("triggered", "PROT2", "rot-2"), [SECRET_B])).status).toBe(200);
    const old = listPagerSecrets(t.team.id).find(
      (s) => s.hint === `…${SECRET_A.slice(-4)}` && s.source === "pagerduty",
    );
    const removed = await lead.post("/teams/pager-team/pager", { intent: "remove-secret", secretId: old!.id });
    expect(removed.status).toBe(302);
    expect((await postPd(variant("triggered", "PROT3", "rot-3"), [SECRET_A])).status).toBe(401);
    expect(byUrl("PROT3")).toHaveLength(0);
    expect((await postPd(variant("triggered", "PROT4", "rot-4"), [SECRET_B])).status).toBe(200);
    live = [SECRET_B];
    // The page never shows a secret again.
    const html = await (await lead.get("/teams/pager-team/pager")).text();
    expect(html).not.toContain(SECRET_B);
    expect(html).toContain(`…${SECRET_B.slice(-4)}`);
  });

  it(
    "turns 1,000 events in a burst (shuffled, with replays) into exactly the right incidents",
    { timeout: 180_000 },
    async () => {
      const N = 250;
      const events: Json[] = [];
      for (let i = 0; i < N; i++) {
        const id = `PBURST${i}`;
        // Each event carries the priority of its moment: P2 until it changes at 10:30.
        const final = i % 3 === 0 ? "P1" : "P4";
        events.push(variant("triggered", id, `b-${i}-t`, "2026-11-25T10:00:00Z", "P2"));
        events.push(variant("acknowledged", id, `b-${i}-a`, "2026-11-25T10:02:00Z", "P2"));
        if (i % 2 === 0) events.push(variant("resolved", id, `b-${i}-r`, "2026-11-25T11:00:00Z", final));
        else events.push(variant("acknowledged", id, `b-${i}-a`, "2026-11-25T10:02:00Z", "P2")); // a replay
        events.push(variant("priority_updated", id, `b-${i}-p`, "2026-11-25T10:30:00Z", final));
      }
      for (let i = events.length - 1; i > 0; i--) {
        const j = crypto.randomInt(i + 1);
        [events[i], events[j]] = [events[j]!, events[i]!];
      }
      expect(events).toHaveLength(1000);
      const before = deliveryCount();
      const statuses: number[] = [];
      let next = 0;
      const worker = async () => {
        while (next < events.length) statuses.push((await postPd(events[next++]!)).status);
      };
      await Promise.all(Array.from({ length: 20 }, worker));
      expect(
        statuses.filter((s) => s !== 200),
        server.logs.join("").slice(-3000),
      ).toEqual([]);
      const burst = incidentsOf().filter((i) => i.pagerUrl?.includes("/incidents/PBURST"));
      expect(burst).toHaveLength(N);
      expect(new Set(burst.map((i) => i.pagerUrl)).size).toBe(N);
      for (const incident of burst) {
        const i = Number(incident.pagerUrl!.split("PBURST")[1]);
        expect(incident.detectedAt?.toISOString()).toBe("2026-11-25T10:02:00.000Z");
        expect(incident.resolvedAt?.toISOString() ?? null).toBe(i % 2 === 0 ? "2026-11-25T11:00:00.000Z" : null);
        expect(incident.severity).toBe(i % 3 === 0 ? "SEV1" : "SEV4");
      }
      // One delivery per distinct event id: replays are not stored.
      expect(deliveryCount() - before).toBe(N * 3 + N / 2);
    },
  );
});

describe("the delivery log", () => {
  it("forgets deliveries older than 30 days, so the table stays bounded", async () => {
    const old = new Date(Date.now() - 31 * 86_400_000);
    getDb()
      .insert(pagerDeliveries)
      .values({
        teamId: t.team.id,
        source: "pagerduty",
        eventId: "ancient-event",
        eventType: "incident.triggered",
        externalId: "PANCIENT",
        result: "created",
        receivedAt: old,
      })
      .run();
    const ancient = () =>
      getDb().select().from(pagerDeliveries).where(eq(pagerDeliveries.eventId, "ancient-event")).all();
    expect(ancient()).toHaveLength(1);
    expect((await postPd(variant("triggered", "PFRESH", "fresh-1"))).body.result).toBe("created");
    expect(ancient()).toHaveLength(0);
  });
});

describe("Opsgenie outgoing webhooks", () => {
  let secret = "";
  const og = (name: string) => fixture(`opsgenie/${name}.json`);
  const postOg = async (body: Json, auth: { bearer?: string; token?: string }) => {
    const query = auth.token ? `?token=${encodeURIComponent(auth.token)}` : "";
    const res = await fetch(`${server.baseUrl}/hooks/opsgenie/pager-team${query}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        ...(auth.bearer ? { Authorization: `Bearer ${auth.bearer}` } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  it("shows a new secret once and keeps only its hash", async () => {
    const lead = await signedIn(server, t.lead.email);
    const res = await lead.post("/teams/pager-team/pager", { intent: "create-opsgenie-secret" });
    expect(res.status).toBe(200);
    secret = /data-testid="new-opsgenie-secret">([^<]+)</.exec(await res.text())?.[1] ?? "";
    expect(secret).toMatch(/^og_[\w-]{43}$/);
    const stored = getDb().$client.prepare("select secret from pager_secrets where source = 'opsgenie'").all() as {
      secret: string;
    }[];
    expect(stored.map((s) => s.secret)).toEqual([crypto.createHash("sha256").update(secret).digest("hex")]);
    expect(await (await lead.get("/teams/pager-team/pager")).text()).not.toContain(secret);
  });

  it("creates, acknowledges and closes an incident; refuses a wrong secret; ignores other actions", async () => {
    expect((await postOg(og("create"), { bearer: "og_wrong" })).status).toBe(401);
    expect((await postOg(og("create"), {})).status).toBe(401);
    expect(await postOg(og("create"), { bearer: secret })).toMatchObject({ status: 200, body: { result: "created" } });
    expect(await postOg(og("acknowledge"), { token: secret })).toMatchObject({ body: { result: "updated" } });
    expect(await postOg(og("close"), { bearer: secret })).toMatchObject({ body: { result: "updated" } });
    expect(await postOg(og("close"), { bearer: secret })).toMatchObject({ body: { result: "duplicate" } });
    expect(await postOg(og("add-note"), { bearer: secret })).toMatchObject({
      status: 202,
      body: { result: "ignored" },
    });
    const found = incidentsOf().filter((i) => i.title === "test alert");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "SEV3" });
    expect(found[0]!.startedAt.getTime()).toBe(1795965391104);
    expect(found[0]!.detectedAt!.getTime()).toBe(1795965724764);
    expect(found[0]!.resolvedAt!.getTime()).toBe(1795968924764);
  });
});

describe("CSV exports from the pager", () => {
  it("imports PagerDuty's and Opsgenie's incident exports through the import page", async () => {
    const lead = await signedIn(server, t.lead.email);
    for (const file of ["pagerduty/incidents.csv", "opsgenie/alerts.csv"]) {
      const csv = Buffer.from(fs.readFileSync(path.join(FIXTURES, file))).toString("base64url");
      const res = await lead.post("/teams/pager-team/import", { intent: "confirm", kind: "incidents", csv });
      expect(res.status, file).toBe(302);
    }
    const titles = incidentsOf().map((i) => i.title);
    for (const title of ["The server is on fire.", "Disk full on db-2"]) expect(titles).toContain(title);
  });
});

describe("pager settings page", () => {
  it("is for the team's leads", async () => {
    const member = await signedIn(server, t.members[0]!.email);
    expect((await member.get("/teams/pager-team/pager")).status).toBe(403);
    const lead = await signedIn(server, t.lead.email);
    const res = await lead.post("/teams/pager-team/pager", { intent: "add-pagerduty-secret", secret: "short" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Paste the whole signing secret");
    const bad = await lead.post("/teams/pager-team/pager", { intent: "add-service", serviceId: "no spaces!" });
    expect(bad.status).toBe(400);
  });

  it("maps priorities to severities as the lead sets them", async () => {
    const lead = await signedIn(server, t.lead.email);
    const map = { P1: "SEV1", P2: "SEV3", P3: "SEV3", P4: "SEV4", P5: "SEV4", high: "SEV1", low: "SEV4" };
    const wrong = await lead.post("/teams/pager-team/pager", { intent: "save-map", ...map, P2: "SEV9" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Choose SEV1, SEV2, SEV3 or SEV4");
    expect((await lead.post("/teams/pager-team/pager", { intent: "save-map", ...map })).status).toBe(302);
    await postPd(variant("triggered", "PMAPPED", "mapped-1", undefined, "P2"));
    expect(byUrl("PMAPPED")[0]!.severity).toBe("SEV3");
    const noPriority = variant("triggered", "PURGENT", "urgent-1");
    noPriority.event.data.priority = null;
    await postPd(noPriority);
    expect(byUrl("PURGENT")[0]!.severity).toBe("SEV1");
  });
});
