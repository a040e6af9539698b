/**
 * Bad input (issue 7, "Failure tests"): fast-check throws hostile bodies at every form
 * action and every /api/v1 endpoint of the production build. Each answer must be a 4xx
 * that says what was wrong, or a success — never a 500 — and a refused request must
 * leave every stored table exactly as it was.
 *
 * Each property runs HOSTILE_RUNS cases (default 25, some 30–40); a failure prints its
 * seed, and HOSTILE_SEED=<seed> replays it. The last lines of the output count the
 * answers per endpoint and list refusals whose message the page does not show.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { incidentInputSchema } from "~/domain/incident-input.server";
import { RECOVERY_CHECKLIST } from "~/domain/incidents";
import { REMINDER_KINDS } from "~/domain/reminders";
import { createActionItem } from "~/models/action-items.server";
import { createApiToken } from "~/models/api-tokens.server";
import { currentSurveyWindow, currentWeeklyWindow } from "~/models/cycles.server";
import { createIncident } from "~/models/incidents.server";
import { createInvite } from "~/models/invites.server";
import { createPremortem } from "~/models/premortems.server";
import { setTeamWebhook } from "~/models/reminders/settings.server";
import { enabledSurveyItems } from "~/models/survey-items.server";
import {
  INCIDENT_READ_ONLY,
  INCIDENT_WRITABLE,
  ACTION_ITEM_READ_ONLY,
  ACTION_ITEM_WRITABLE,
} from "~/utils/api-records.server";
import { Client, signedIn } from "../support/client";
import { makeTeamWithPeople, makeUser, PASSWORD } from "../support/factories";
import {
  changedTables,
  encodeForm,
  formCases,
  errorMessageIn,
  actionDataMessages,
  hostileId,
  jsonCases,
  queryCases,
  showsServerError,
  snapshot,
  type FormCase,
  type FormSpec,
  type JsonCase,
  type Pair,
} from "../support/hostile";
import { serverForFile } from "../support/server";

const server = serverForFile({ REMINDERS: "off" });
const RUNS = Number(process.env.HOSTILE_RUNS ?? 25);
const SEED = process.env.HOSTILE_SEED ? Number(process.env.HOSTILE_SEED) : undefined;
const PROPERTY_TIMEOUT = 60_000;

afterAll(() => printStats());

// ---------------------------------------------------------------------------
// Sending one hostile request and judging the answer
// ---------------------------------------------------------------------------

const stats = new Map<string, Record<string, number>>();
function count(endpoint: string, status: number) {
  const row = stats.get(endpoint) ?? {};
  const klass = status >= 500 ? "5xx" : status >= 400 ? "4xx" : status >= 300 ? "3xx" : "2xx";
  row[klass] = (row[klass] ?? 0) + 1;
  stats.set(endpoint, row);
}
function printStats() {
  if (stats.size === 0) return;
  const lines = [...stats].map(
    ([endpoint, row]) =>
      `${endpoint.padEnd(58)} ${["2xx", "3xx", "4xx", "5xx"].map((k) => `${k}:${String(row[k] ?? 0).padStart(3)}`).join("  ")}`,
  );
  console.log(`hostile requests by endpoint\n${lines.join("\n")}`);
  if (silent.size > 0) {
    const rows = [...silent].map(
      ([endpoint, messages]) =>
        `${endpoint}\n${[...messages]
          .slice(0, 6)
          .map((m) => `    ${m}`)
          .join("\n")}`,
    );
    console.log(`4xx whose message the page does not show (only in its data):\n${rows.join("\n")}`);
  }
}

type Sent = {
  endpoint: string;
  method: string;
  path: string;
  body?: BodyInit;
  headers?: Record<string, string>;
  label: string;
};

const preview = (s: string) => (s.length > 400 ? `${s.slice(0, 400)}… (${s.length} chars)` : s);

/**
 * Sends one request and checks the answer: below 500 and no error boundary; for a 4xx,
 * a message and no change to anything stored. Returns the status.
 */
async function attack(client: Client | null, req: Sent): Promise<number> {
  const before = snapshot();
  const logMark = server.logs.length;
  const init: RequestInit = { method: req.method, body: req.body, headers: req.headers };
  let res: Response;
  try {
    res = client
      ? await client.request(req.path, init)
      : await fetch(server.baseUrl + req.path, { ...init, redirect: "manual" });
  } catch (error) {
    const size =
      typeof req.body === "string"
        ? req.body.length
        : req.body instanceof Uint8Array
          ? req.body.byteLength
          : req.body instanceof URLSearchParams
            ? req.body.toString().length
            : -1;
    throw new Error(
      `${req.method} ${preview(req.path)} [${req.label}] failed (${String((error as Error).cause ?? error)}), body ${size} bytes, server ${server.process.exitCode === null ? "running" : `exited ${server.process.exitCode}`}\nserver log:\n${server.logs.slice(logMark).join("").slice(-2000)}`,
    );
  }
  const body = await res.text();
  const contentType = res.headers.get("content-type") ?? "";
  count(req.endpoint, res.status);
  const where = () =>
    `${req.method} ${preview(req.path)} [${req.label}] answered ${res.status} (${contentType}):\n${preview(body.replace(/<script[\s\S]*?<\/script>/g, ""))}\nserver log:\n${server.logs.slice(logMark).join("").slice(-2000)}`;
  expect(res.status, where()).toBeLessThan(500);
  expect(showsServerError(body), where()).toBe(false);
  if (res.status >= 400) {
    const message = errorMessageIn(contentType, body);
    expect(message, `no message in the ${res.status}: ${where()}`).not.toBeNull();
    if (message === "data") noteSilent(req.endpoint, res.status, actionDataMessages(body));
    expect(changedTables(before, snapshot()), `a refused request changed what is stored: ${where()}`).toEqual([]);
  }
  return res.status;
}

/** 4xx pages whose message is only in the page data: listed at the end, for the report. */
const silent = new Map<string, Set<string>>();
function noteSilent(endpoint: string, status: number, messages: string[]) {
  const set = silent.get(endpoint) ?? new Set<string>();
  for (const m of messages) set.add(`${status} ${m.slice(0, 80)}`);
  silent.set(endpoint, set);
}

async function property<T>(arb: fc.Arbitrary<T>, run: (value: T) => Promise<unknown>, numRuns = RUNS) {
  await fc.assert(
    fc.asyncProperty(arb, async (value) => {
      await run(value);
    }),
    { numRuns, seed: SEED, verbose: 0 },
  );
}

function formRequest(endpoint: string, path: string, c: FormCase): Sent {
  const { body, headers } = encodeForm(c);
  return { endpoint, method: "POST", path, body, headers, label: `${c.encoding} ${c.label}` };
}

/** The real path most of the time; sometimes the same route with a hostile id in it. */
function pathWithId(real: (id: string) => string, id: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant(real(String(id))) },
    { weight: 1, arbitrary: hostileId.map(real) },
  );
}

// ---------------------------------------------------------------------------
// A team with something of everything in it
// ---------------------------------------------------------------------------

const VALID_INCIDENT_FORM: Pair[] = [
  ["title", "Checkout down"],
  ["severity", "SEV2"],
  ["startedAt", "2026-03-10T09:00"],
  ["detectedAt", "2026-03-10T09:07"],
  ["resolvedAt", "2026-03-10T11:30"],
  ["summary", "Payments provider timed out."],
  ["postmortemUrl", "https://wiki.example.com/pm/1"],
  ["postmortemPublishedAt", "2026-03-12T16:00"],
  ["audit.investigatingWithin5m", "yes"],
  ["audit.creditsOffered", "na"],
];
const INCIDENT_FORM_FIELDS = [
  ...VALID_INCIDENT_FORM.map(([k]) => k),
  "audit.updatesEvery15to20m",
  "audit.postmortemPublished",
  "audit.bogus",
];

async function makeWorld() {
  const { team, lead, members } = await makeTeamWithPeople(2);
  const [owner, other] = members as [(typeof members)[0], (typeof members)[0]];
  const incident = createIncident(
    team.id,
    incidentInputSchema.parse({
      title: "Seeded incident",
      severity: "SEV3",
      startedAt: "2026-01-05T10:00:00Z",
      resolvedAt: "2026-01-05T11:00:00Z",
    }),
  );
  const item = createActionItem(team.id, {
    title: "Seeded item",
    ownerId: owner.id,
    dueDate: "2026-02-01",
    status: "open",
    source: "retro",
    incidentId: null,
    notes: null,
  });
  const premortem = createPremortem(
    team.id,
    { title: "Launch", imaginedFailure: "It fell over", causes: "Load" },
    [],
    lead.id,
  );
  const inviteToken = createInvite({
    teamId: team.id,
    email: `invitee-${team.id}@example.com`,
    role: "member",
    invitedBy: lead.id,
  });
  const inviteId = (
    getDb().$client.prepare("select max(id) id from invites where team_id = ?").get(team.id) as { id: number }
  ).id;
  const api = createApiToken(team.id, "hostile", lead.id);
  const [leadClient, ownerClient, otherClient] = await Promise.all([
    signedIn(server, lead.email),
    signedIn(server, owner.email),
    signedIn(server, other.email),
  ]);
  return {
    team,
    lead,
    owner,
    other,
    incident,
    item,
    premortem,
    inviteToken,
    inviteId,
    api,
    leadClient,
    ownerClient,
    otherClient,
  };
}
type World = Awaited<ReturnType<typeof makeWorld>>;

function actionItemBase(w: World): Pair[] {
  return [
    ["title", "Write the runbook"],
    ["ownerId", String(w.owner.id)],
    ["dueDate", "2026-06-30"],
    ["status", "open"],
    ["source", "retro"],
    ["incidentId", ""],
    ["notes", "Both hosts"],
  ];
}
const ACTION_FIELDS = ["title", "ownerId", "dueDate", "status", "source", "incidentId", "notes"];

// ---------------------------------------------------------------------------
// Form actions
// ---------------------------------------------------------------------------

type FormEndpoint = {
  name: string;
  who: "lead" | "owner" | "other";
  path: (w: World) => fc.Arbitrary<string>;
  spec: (w: World) => FormSpec;
  runs?: number;
};

const LEAD_FORMS: FormEndpoint[] = [
  {
    name: "POST /teams/:slug?index (revoke invite)",
    who: "lead",
    path: (w) => fc.constant(`/teams/${w.team.slug}?index`),
    spec: (w) => ({
      fields: ["intent", "inviteId"],
      bases: [
        [
          ["intent", "revoke-invite"],
          ["inviteId", String(w.inviteId)],
        ],
      ],
    }),
  },
  {
    name: "POST /teams/:slug/invite",
    who: "lead",
    path: (w) => fc.constant(`/teams/${w.team.slug}/invite`),
    spec: () => ({
      fields: ["email", "role"],
      bases: [
        [
          ["email", "new.person@example.com"],
          ["role", "member"],
        ],
      ],
    }),
  },
  {
    name: "POST /teams/:slug/incidents/new",
    who: "lead",
    path: (w) => fc.constant(`/teams/${w.team.slug}/incidents/new`),
    spec: () => ({ fields: INCIDENT_FORM_FIELDS, bases: [VALID_INCIDENT_FORM] }),
    runs: 30,
  },
  {
    name: "POST /teams/:slug/incidents/:id/edit",
    who: "lead",
    path: (w) => pathWithId((id) => `/teams/${w.team.slug}/incidents/${id}/edit`, w.incident.id),
    spec: () => ({ fields: INCIDENT_FORM_FIELDS, bases: [VALID_INCIDENT_FORM] }),
    runs: 30,
  },
  {
    name: "POST /teams/:slug/incidents/:id?index (follow-up)",
    who: "lead",
    path: (w) => pathWithId((id) => `/teams/${w.team.slug}/incidents/${id}?index`, w.incident.id),
    spec: (w) => ({
      fields: ["title", "ownerId", "dueDate", "notes", "source", "incidentId"],
      bases: [
        [
          ["title", "Add alert"],
          ["ownerId", String(w.owner.id)],
          ["dueDate", "2026-06-30"],
        ],
      ],
    }),
  },
  {
    name: "POST /teams/:slug/action-items/new",
    who: "lead",
    path: (w) => fc.constant(`/teams/${w.team.slug}/action-items/new`),
    spec: (w) => ({
      fields: ACTION_FIELDS,
      bases: [
        actionItemBase(w),
        [...actionItemBase(w).filter(([k]) => k !== "incidentId"), ["incidentId", String(w.incident.id)]],
      ],
    }),
    runs: 30,
  },
  {
    name: "POST /teams/:slug/action-items/:id (lead: edit, status)",
    who: "lead",
    path: (w) => pathWithId((id) => `/teams/${w.team.slug}/action-items/${id}`, w.item.id),
    spec: (w) => ({
      fields: ["intent", "status", "back", ...ACTION_FIELDS],
      bases: [
        [["intent", "edit"], ...actionItemBase(w)],
        [
          ["intent", "status"],
          ["status", "in_progress"],
          ["back", `/teams/${w.team.slug}/action-items`],
        ],
      ],
    }),
    runs: 30,
  },
  {
    name: "POST /teams/:slug/premortem/new",
    who: "lead",
    path: (w) => fc.constant(`/teams/${w.team.slug}/premortem/new`),
    spec: (w) => ({
      fields: [
        "title",
        "imaginedFailure",
        "causes",
        "actions.0.title",
        "actions.0.ownerId",
        "actions.0.dueDate",
        "actions.1.title",
        "actions.2.dueDate",
        "actions.3.title",
      ],
      bases: [
        [
          ["title", "Data migration"],
          ["imaginedFailure", "Half the rows are lost"],
          ["causes", "No dry run"],
          ["actions.0.title", "Dry run"],
          ["actions.0.ownerId", String(w.owner.id)],
          ["actions.0.dueDate", "2026-06-30"],
        ],
      ],
    }),
  },
  {
    name: "POST /teams/:slug/premortem/:id",
    who: "lead",
    path: (w) => pathWithId((id) => `/teams/${w.team.slug}/premortem/${id}`, w.premortem.id),
    spec: (w) => ({
      fields: ["title", "ownerId", "dueDate", "notes"],
      bases: [
        [
          ["title", "Rehearse"],
          ["ownerId", String(w.owner.id)],
          ["dueDate", "2026-06-30"],
        ],
      ],
    }),
  },
  {
    name: "POST /teams/:slug/recovery",
    who: "lead",
    path: (w) => fc.constant(`/teams/${w.team.slug}/recovery`),
    spec: () => ({
      fields: RECOVERY_CHECKLIST.map((q) => q.key),
      bases: [RECOVERY_CHECKLIST.map((q, i): Pair => [q.key, i % 2 ? "yes" : "no"])],
    }),
  },
  {
    name: "POST /teams/:slug/retro (action from help)",
    who: "lead",
    path: (w) =>
      fc.constantFrom(
        `/teams/${w.team.slug}/retro`,
        `/teams/${w.team.slug}/retro?weeks=4`,
        `/teams/${w.team.slug}/retro?weeks=%FF&until=<script>`,
      ),
    spec: (w) => ({
      fields: ["intent", "title", "ownerId", "dueDate"],
      bases: [
        [
          ["intent", "action-from-help"],
          ["title", "Need help with deploys"],
          ["ownerId", String(w.owner.id)],
          ["dueDate", "2026-06-30"],
        ],
      ],
    }),
  },
  {
    name: "POST /teams/:slug/tokens",
    who: "lead",
    path: (w) => fc.constant(`/teams/${w.team.slug}/tokens`),
    spec: () => ({
      fields: ["intent", "name", "tokenId"],
      bases: [
        [
          ["intent", "create"],
          ["name", "PagerDuty sync"],
        ],
        [
          ["intent", "revoke"],
          ["tokenId", "987654"],
        ],
      ],
    }),
  },
  {
    name: "POST /teams/:slug/reminders",
    who: "lead",
    path: (w) => fc.constant(`/teams/${w.team.slug}/reminders`),
    spec: () => ({
      fields: ["intent", "webhookUrl"],
      // Only local URLs: the webhook test really posts, and nothing may leave this machine.
      bases: [
        [
          ["intent", "webhook"],
          ["webhookUrl", "https://127.0.0.1:1/hook"],
        ],
        [["intent", "webhook-remove"]],
        [["intent", "webhook-test"]],
      ],
    }),
  },
  {
    name: "POST /teams/:slug/survey (lead: items)",
    who: "lead",
    path: (w) => fc.constant(`/teams/${w.team.slug}/survey`),
    spec: (w) => ({
      fields: ["intent", "enabled"],
      bases: [[["intent", "items"], ...enabledSurveyItems(w.team.id).map((i): Pair => ["enabled", i.id])]],
    }),
  },
  {
    name: "POST /teams/:slug/import",
    who: "lead",
    path: (w) => fc.constant(`/teams/${w.team.slug}/import`),
    spec: () => {
      const incidents =
        "title,severity,started_at,resolved_at,summary\nImported,SEV3,2026-01-10T10:00,2026-01-10T11:00,=cmd()\n";
      return {
        fields: ["intent", "kind", "file", "csvText", "csv"],
        bases: [
          [
            ["intent", "preview"],
            ["kind", "incidents"],
            ["csvText", incidents],
          ],
          [
            ["intent", "preview"],
            ["kind", "incidents"],
            ["file", { file: incidents, filename: "incidents.csv" }],
          ],
          [
            ["intent", "confirm"],
            ["kind", "incidents"],
            ["csv", Buffer.from(incidents).toString("base64url")],
          ],
          [
            ["intent", "preview"],
            ["kind", "action-items"],
            ["csvText", "title,owner_email,due_date\nDo it,nobody@example.com,2026-02-30\n"],
          ],
        ],
      };
    },
  },
];

const MEMBER_FORMS: FormEndpoint[] = [
  {
    name: "POST /teams/:slug/check-in (member)",
    who: "other",
    path: (w) => fc.constant(`/teams/${w.team.slug}/check-in`),
    spec: (w) => {
      const current = currentWeeklyWindow(w.team, new Date()).periodKey;
      return {
        fields: ["periodKey", "score", "why", "help", "appreciation"],
        bases: [
          [
            ["periodKey", current],
            ["score", "3"],
            ["why", "Good week"],
            ["help", ""],
            ["appreciation", "Thanks"],
          ],
          [
            ["periodKey", "2020-W10"],
            ["score", "4"],
            ["why", "Late"],
          ],
        ],
      };
    },
    runs: 30,
  },
  {
    name: "POST /teams/:slug/survey (member: answer)",
    who: "other",
    path: (w) => fc.constant(`/teams/${w.team.slug}/survey`),
    spec: (w) => {
      const items = enabledSurveyItems(w.team.id);
      const periodKey = currentSurveyWindow(w.team, new Date()).periodKey;
      return {
        fields: ["intent", "periodKey", "comment", ...items.slice(0, 4).map((i) => `item.${i.id}`), "item.bogus"],
        bases: [
          [
            ["intent", "answer"],
            ["periodKey", periodKey],
            ["comment", "Fine"],
            ...items.map((i): Pair => [`item.${i.id}`, "4"]),
          ],
        ],
      };
    },
    runs: 30,
  },
  {
    name: "POST /teams/:slug/action-items/:id (owner: status)",
    who: "owner",
    path: (w) => pathWithId((id) => `/teams/${w.team.slug}/action-items/${id}`, w.item.id),
    spec: (w) => ({
      fields: ["intent", "status", "back", "title"],
      bases: [
        [
          ["intent", "status"],
          ["status", "in_progress"],
          ["back", `/teams/${w.team.slug}/action-items`],
        ],
        [["intent", "edit"], ...actionItemBase(w)],
      ],
    }),
  },
];

describe("form actions refuse hostile input with a message and change nothing", () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
    setTeamWebhook(w.team.id, "https://127.0.0.1:1/hook");
  });

  for (const endpoint of [...LEAD_FORMS, ...MEMBER_FORMS]) {
    it(
      endpoint.name,
      async () => {
        const client =
          endpoint.who === "lead" ? w.leadClient : endpoint.who === "owner" ? w.ownerClient : w.otherClient;
        await property(
          fc.tuple(endpoint.path(w), formCases(endpoint.spec(w))),
          ([path, c]) => attack(client, formRequest(endpoint.name, path, c)),
          endpoint.runs,
        );
      },
      PROPERTY_TIMEOUT,
    );
  }

  it(
    "POST to lead-only actions as a member: 403 with a message, nothing stored",
    async () => {
      const paths = [
        ...LEAD_FORMS.filter((e) => !e.name.includes("survey")),
        ...MEMBER_FORMS.filter((e) => e.name.includes("owner")),
      ];
      await property(
        fc
          .integer({ min: 0, max: paths.length - 1 })
          .chain((i) => fc.tuple(fc.constant(paths[i]!), paths[i]!.path(w), formCases(paths[i]!.spec(w)))),
        async ([endpoint, path, c]) => {
          // The non-owner member: even the owner's status change is refused to them.
          const status = await attack(w.otherClient, formRequest(`${endpoint.name} as member`, path, c));
          expect(status, `${endpoint.name} as a member`).toBeGreaterThanOrEqual(400);
        },
        30,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe("team settings (a team of its own: successes may change roles and members)", () => {
  it(
    "POST /teams/:slug/settings",
    async () => {
      const w = await makeWorld();
      await property(
        formCases({
          fields: ["intent", "name", "timeZone", "threshold", "surveyWindowDays", "userId", "role"],
          bases: [
            [
              ["intent", "settings"],
              ["name", "Renamed"],
              ["timeZone", "Europe/Berlin"],
              ["threshold", "3"],
              ["surveyWindowDays", "14"],
            ],
            [
              ["intent", "role"],
              ["userId", String(w.other.id)],
              ["role", "member"],
            ],
            [
              ["intent", "remove"],
              ["userId", "987654"],
            ],
          ],
        }),
        (c) => attack(w.leadClient, formRequest("POST /teams/:slug/settings", `/teams/${w.team.slug}/settings`, c)),
        30,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe("actions outside a team", () => {
  it(
    "POST /me (member: reminder settings, calendar link)",
    async () => {
      const w = await makeWorld();
      await property(
        formCases({
          fields: ["intent", "enabled"],
          bases: [
            [["intent", "prefs"], ...REMINDER_KINDS.slice(0, 4).map((k): Pair => ["enabled", k])],
            [["intent", "calendar-rotate"]],
            [["intent", "calendar-revoke"]],
          ],
        }),
        (c) => attack(w.otherClient, formRequest("POST /me", "/me", c)),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "POST /teams?index (admin: create a team)",
    async () => {
      const admin = await makeUser({ isAdmin: true });
      const client = await signedIn(server, admin.email);
      await property(
        formCases({
          fields: ["name", "slug", "timeZone", "threshold"],
          bases: [
            [
              ["name", "Platform"],
              ["slug", ""],
              ["timeZone", "Europe/Berlin"],
              ["threshold", "4"],
            ],
          ],
        }),
        (c) => attack(client, formRequest("POST /teams?index", "/teams?index", c)),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "POST /invite/:token (signed out: accept and create an account)",
    async () => {
      const w = await makeWorld();
      const tokens = [
        w.inviteToken,
        createInvite({
          teamId: w.team.id,
          email: `second-${w.team.id}@example.com`,
          role: "lead",
          invitedBy: w.lead.id,
        }),
      ];
      // An invite for someone who already has an account: they must sign in first.
      const existing = createInvite({
        teamId: w.team.id,
        email: w.lead.email.replace("@", "+x@"),
        role: "member",
        invitedBy: w.lead.id,
      });
      const path = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...tokens, existing).map((t) => `/invite/${t}`) },
        { weight: 1, arbitrary: hostileId.map((t) => `/invite/${t}`) },
      );
      await property(
        fc.tuple(
          path,
          formCases({
            fields: ["displayName", "password", "passwordConfirm"],
            bases: [
              [
                ["displayName", "New Person"],
                ["password", PASSWORD],
                ["passwordConfirm", PASSWORD],
              ],
            ],
          }),
        ),
        ([p, c]) => attack(null, formRequest("POST /invite/:token", p, c)),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "POST /setup (already set up) and POST /logout",
    async () => {
      const spec = {
        fields: ["displayName", "email", "password", "passwordConfirm"],
        bases: [
          [
            ["displayName", "Eve"],
            ["email", "eve@example.com"],
            ["password", PASSWORD],
            ["passwordConfirm", PASSWORD],
          ] as Pair[],
        ],
      };
      await property(formCases(spec), (c) => attack(null, formRequest("POST /setup", "/setup", c)), 10);
      await property(
        formCases({ fields: ["redirectTo"] }),
        (c) => attack(new Client(server.baseUrl), formRequest("POST /logout", "/logout", c)),
        10,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------
// Pages that read filters from the query string (GETs never change anything)
// ---------------------------------------------------------------------------

describe("pages with filters in the query string", () => {
  it(
    "GET list, retro, dashboard and CSV pages with hostile queries",
    async () => {
      const w = await makeWorld();
      const admin = await makeUser({ isAdmin: true });
      const adminClient = await signedIn(server, admin.email);
      const pages: Array<[string, string[], Client]> = [
        [`/teams/${w.team.slug}/incidents`, ["severity", "status", "from", "to", "page"], w.leadClient],
        [`/teams/${w.team.slug}/incidents.csv`, ["severity", "status", "from", "to"], w.leadClient],
        [`/teams/${w.team.slug}/action-items`, ["status", "owner", "overdue"], w.otherClient],
        [`/teams/${w.team.slug}/action-items.csv`, ["status", "owner"], w.otherClient],
        [`/teams/${w.team.slug}/retro`, ["weeks", "until"], w.otherClient],
        [`/teams/${w.team.slug}/dashboard`, ["period", "from", "to"], w.otherClient],
        [`/teams/${w.team.slug}/dashboard.csv`, ["series", "period", "from", "to"], w.otherClient],
        [`/teams/${w.team.slug}/action-items/new`, ["incidentId", "source"], w.leadClient],
        ["/org", ["weeks"], adminClient],
        ["/org.csv", ["series", "weeks"], adminClient],
      ];
      await property(
        fc
          .integer({ min: 0, max: pages.length - 1 })
          .chain((i) => fc.tuple(fc.constant(pages[i]!), queryCases(pages[i]![1]))),
        async ([[path, , client], query]) => {
          const before = snapshot();
          await attack(client, {
            endpoint: `GET ${path.replace(w.team.slug, ":slug")}`,
            method: "GET",
            path: `${path}?${query}`,
            label: "query",
          });
          expect(changedTables(before, snapshot())).toEqual([]);
        },
        40,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------
// The JSON API
// ---------------------------------------------------------------------------

describe("the JSON API refuses hostile input with an error body and changes nothing", () => {
  let w: World;
  let auth: Record<string, string>;
  beforeAll(async () => {
    w = await makeWorld();
    auth = { Authorization: `Bearer ${w.api.token}` };
  });

  const validIncident = {
    title: "Checkout errors",
    severity: "SEV2",
    startedAt: "2026-03-10T09:00:00+01:00",
    resolvedAt: "2026-03-10T11:30:00+01:00",
    audit: { investigatingWithin5m: "yes" },
  };
  const incidentFields = [...INCIDENT_WRITABLE, ...INCIDENT_READ_ONLY, "audit"];
  const itemFields = [...ACTION_ITEM_WRITABLE, ...ACTION_ITEM_READ_ONLY];

  function apiRequest(endpoint: string, method: string, path: string, c: JsonCase): Sent {
    const headers: Record<string, string> = { ...auth };
    if (c.contentType) headers["Content-Type"] = c.contentType;
    return {
      endpoint,
      method,
      path,
      body: method === "GET" ? undefined : (c.body as BodyInit),
      headers,
      label: `${c.contentType ?? "no type"} ${c.label}`,
    };
  }

  const method = (main: string) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constant(main) },
      { weight: 1, arbitrary: fc.constantFrom("PUT", "DELETE", "POST", "PATCH") },
    );

  it(
    "POST /api/v1/teams/:slug/incidents",
    async () => {
      await property(
        fc.tuple(
          method("POST"),
          jsonCases(incidentFields, [
            validIncident,
            {
              ...validIncident,
              summary: "s",
              postmortemUrl: "https://x.example/pm",
              postmortemPublishedAt: "2026-03-11T09:00:00Z",
            },
          ]),
        ),
        ([m, c]) =>
          attack(
            null,
            apiRequest("POST /api/v1/teams/:slug/incidents", m, `/api/v1/teams/${w.team.slug}/incidents`, c),
          ),
        30,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "PATCH /api/v1/teams/:slug/incidents/:id",
    async () => {
      await property(
        fc.tuple(
          method("PATCH"),
          pathWithId((id) => `/api/v1/teams/${w.team.slug}/incidents/${id}`, w.incident.id),
          jsonCases(incidentFields, [
            { summary: "Provider timeouts" },
            { audit: { creditsOffered: "na" } },
            validIncident,
          ]),
        ),
        ([m, p, c]) => attack(null, apiRequest("PATCH /api/v1/teams/:slug/incidents/:id", m, p, c)),
        30,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "POST /api/v1/teams/:slug/action-items",
    async () => {
      const base = {
        title: "Add latency alert",
        ownerId: w.owner.id,
        dueDate: "2026-04-30",
        status: "open",
        source: "postmortem",
      };
      await property(
        fc.tuple(
          method("POST"),
          jsonCases(itemFields, [
            base,
            { ...base, ownerId: undefined, ownerEmail: w.owner.email },
            { ...base, incidentId: w.incident.id, notes: "n" },
          ]),
        ),
        ([m, c]) =>
          attack(
            null,
            apiRequest("POST /api/v1/teams/:slug/action-items", m, `/api/v1/teams/${w.team.slug}/action-items`, c),
          ),
        30,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "PATCH /api/v1/teams/:slug/action-items/:id",
    async () => {
      await property(
        fc.tuple(
          method("PATCH"),
          pathWithId((id) => `/api/v1/teams/${w.team.slug}/action-items/${id}`, w.item.id),
          jsonCases(itemFields, [
            { status: "done" },
            { notes: "Dashboard too" },
            { ownerEmail: w.other.email },
            { dueDate: "2026-05-15", incidentId: w.incident.id },
          ]),
        ),
        ([m, p, c]) => attack(null, apiRequest("PATCH /api/v1/teams/:slug/action-items/:id", m, p, c)),
        30,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "GET every API endpoint with hostile queries and ids",
    async () => {
      const slug = w.team.slug;
      const gets: Array<[string, fc.Arbitrary<string>, readonly string[]]> = [
        [
          "GET /api/v1/teams/:slug/incidents",
          fc.constant(`/api/v1/teams/${slug}/incidents`),
          ["severity", "status", "from", "to", "limit", "offset"],
        ],
        [
          "GET /api/v1/teams/:slug/action-items",
          fc.constant(`/api/v1/teams/${slug}/action-items`),
          ["status", "ownerId", "incidentId", "overdue", "limit", "offset"],
        ],
        ["GET /api/v1/teams/:slug/metrics", fc.constant(`/api/v1/teams/${slug}/metrics`), ["quarter"]],
        [
          "GET /api/v1/teams/:slug/incidents/:id",
          pathWithId((id) => `/api/v1/teams/${slug}/incidents/${id}`, w.incident.id),
          ["x"],
        ],
        [
          "GET /api/v1/teams/:slug/action-items/:id",
          pathWithId((id) => `/api/v1/teams/${slug}/action-items/${id}`, w.item.id),
          ["x"],
        ],
        ["GET /api/v1/* (unknown)", hostileId.map((id) => `/api/v1/teams/${slug}/${id}`), ["x"]],
      ];
      await property(
        fc
          .integer({ min: 0, max: gets.length - 1 })
          .chain((i) => fc.tuple(fc.constant(gets[i]![0]), gets[i]![1], queryCases(gets[i]![2]))),
        async ([endpoint, path, query]) => {
          const before = snapshot();
          const status = await attack(null, {
            endpoint,
            method: "GET",
            path: `${path}?${query}`,
            headers: auth,
            label: "query",
          });
          expect([200, 400, 404]).toContain(status);
          expect(changedTables(before, snapshot())).toEqual([]);
        },
        40,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "any method on unknown API paths, and hostile Authorization headers",
    async () => {
      const other = await makeWorld();
      const authHeader = fc.constantFrom<string | null>(
        null,
        "Bearer",
        "Bearer ",
        `Bearer ${w.api.token}x`,
        `bearer  ${w.api.token.slice(0, -1)}`,
        `Basic ${Buffer.from("a:b").toString("base64")}`,
        `Bearer ${"a".repeat(10_000)}`,
        `Bearer ${other.api.token}`,
        "Bearer ' OR 1=1 --",
      );
      await property(
        fc.tuple(
          fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE"),
          fc.constantFrom(
            `/api/v1/teams/${w.team.slug}/incidents`,
            `/api/v1/teams/${w.team.slug}/action-items/${w.item.id}`,
            `/api/v1/teams/${w.team.slug}/metrics`,
            "/api/v1/teams/no-such-team/incidents",
            "/api/v1/",
            "/api/v1/teams",
          ),
          authHeader,
          jsonCases(incidentFields, [validIncident]),
        ),
        async ([m, p, header, c]) => {
          const req = apiRequest(`${m} /api/v1/… with a bad token`, m, p, c);
          req.headers = { ...req.headers };
          delete req.headers.Authorization;
          if (header !== null) req.headers.Authorization = header;
          if (m === "GET") req.body = undefined;
          const status = await attack(null, req);
          expect([401, 403, 404]).toContain(status);
        },
        30,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------
// Sign-in last: refused attempts count towards the per-address limit.
// ---------------------------------------------------------------------------

describe("sign-in", () => {
  it(
    "POST /login with hostile credentials: 400 or 429 with a message, never a session",
    async () => {
      const user = await makeUser();
      await property(
        fc.tuple(
          formCases({
            fields: ["email", "password", "redirectTo"],
            bases: [
              [
                ["email", user.email],
                ["password", "wrong password!"],
                ["redirectTo", "/teams"],
              ],
              [
                ["email", "x@example.com"],
                ["password", PASSWORD],
              ],
            ],
          }),
          fc.integer({ min: 1, max: 250 }),
        ),
        async ([c, octet]) => {
          const client = new Client(server.baseUrl);
          const req = formRequest("POST /login", "/login", c);
          // A made-up client address per attempt, so the limit on 127.0.0.1 is not used up.
          req.headers = { ...req.headers, "X-Forwarded-For": `10.77.0.${octet}` };
          const status = await attack(client, req);
          // No case carries a real email and password together.
          expect(status).toBeGreaterThanOrEqual(400);
          expect(client.hasSession(), "a refused sign-in set a session").toBe(false);
        },
        30,
      );
    },
    PROPERTY_TIMEOUT,
  );
});
