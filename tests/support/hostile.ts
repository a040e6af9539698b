/**
 * Building blocks for the hostile-input tests: fast-check arbitraries for nasty values
 * and request bodies, a snapshot of what is stored, and the "4xx with a message" check.
 */
import crypto from "node:crypto";
import fc from "fast-check";
import { getDb } from "#db/client.server";

// ---------------------------------------------------------------------------
// What is stored
// ---------------------------------------------------------------------------

/**
 * Every table whose content a request may change, read in a fixed order. Columns that
 * reads legitimately touch are left out: api_tokens.last_used_at (every API call) and
 * cycles.member_count_at_close (filled in by loaders once a cycle has closed).
 * login_failures and reminder_sends are not listed: a refused sign-in is recorded on purpose.
 */
const SNAPSHOT_QUERIES: Record<string, string> = {
  users: "select * from users order by id",
  teams: "select * from teams order by id",
  memberships: "select * from memberships order by team_id, user_id",
  invites: "select * from invites order by id",
  cycles: "select id, team_id, kind, period_key, opens_at, closes_at, survey_items from cycles order by id",
  participations: "select * from participations order by cycle_id, user_id",
  check_in_responses: "select * from check_in_responses order by id",
  survey_responses: "select * from survey_responses order by id",
  team_survey_items: "select * from team_survey_items order by team_id, item_id",
  incidents: "select * from incidents order by id",
  premortems: "select * from premortems order by id",
  action_items: "select * from action_items order by id",
  checklist_events: "select * from checklist_events order by id",
  api_tokens: "select id, team_id, name, token_hash, created_by, created_at, revoked_at from api_tokens order by id",
  reminder_prefs: "select * from reminder_prefs order by user_id, kind",
};

export type Snapshot = Record<string, { count: number; hash: string }>;

export function snapshot(): Snapshot {
  const sqlite = getDb().$client;
  const out: Snapshot = {};
  for (const [table, query] of Object.entries(SNAPSHOT_QUERIES)) {
    const rows = sqlite.prepare(query).raw().all() as unknown[][];
    const hash = crypto.createHash("sha256");
    for (const row of rows)
      hash.update(JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) + "\n");
    out[table] = { count: rows.length, hash: hash.digest("hex").slice(0, 16) };
  }
  return out;
}

/** The tables that differ between two snapshots, for a readable failure. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys(before).filter((t) => before[t]!.count !== after[t]!.count || before[t]!.hash !== after[t]!.hash);
}

// ---------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------

export const SQL_FRAGMENTS = [
  "'; drop table users; --",
  "1; DELETE FROM incidents; --",
  "' OR '1'='1",
  '" OR ""="',
  "1 UNION SELECT password_hash FROM users --",
  "Robert'); DROP TABLE action_items;--",
  "%' --",
  "\\'; select sqlite_version(); --",
];

export const HTML_FRAGMENTS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '"><svg onload=alert(1)>',
  "</textarea><script>alert(1)</script>",
  "javascript:alert(1)",
  "<!--",
  "{{7*7}}${7*7}",
  '=HYPERLINK("http://evil.example","x")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)",
  "-2+3",
];

export const UNICODE_FRAGMENTS = [
  "💥🔥👩‍👩‍👧‍👦",
  "\u202Egnp.exe",
  "مرحبا بالعالم",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud83dy",
  "\ufeffBOM",
  "\u200b\u200d",
  "Ω≈ç√∫",
  "\r\n\r\n",
  "\t",
  "ｓｃｒｉｐｔ",
  "İı",
  "e\u0301\u0301\u0301\u0301",
];

export const NUMBER_FRAGMENTS = [
  "0",
  "-1",
  "1.5",
  "1e309",
  "-1e309",
  "NaN",
  "Infinity",
  "-0",
  "9007199254740993",
  "99999999999999999999999",
  "0x1F",
  "1_000",
  " 3 ",
  "３",
  "2147483648",
  "-2147483649",
  "1e-7",
  "00003",
  "6",
  "5.0000000000000001",
];

export const SHAPE_FRAGMENTS = [
  "",
  " ",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "[object Object]",
  "__proto__",
  "constructor",
  "toString",
];

export const DATE_FRAGMENTS = [
  "2026-02-30",
  "2026-13-01",
  "0000-00-00",
  "0000-01-01",
  "9999-12-31",
  "+275760-09-13",
  "275760-09-13T00:00Z",
  "2026-11-20T25:61",
  "2026-11-20T14:05:00+99:99",
  "2026-11-20T14:05",
  "1969-12-31T23:59:59Z",
  "yesterday",
  "2026-W99",
  "2026-W00",
  "2026-Q5",
  "2026-W01",
  "2026-Q1",
  "9999-W52",
  "0000-W01",
];

/** 100 KB and more: plain, multi-byte and markup-heavy. */
export const hugeString: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 100_000, max: 130_000 }).map((n) => "A".repeat(n)),
  fc.integer({ min: 30_000, max: 40_000 }).map((n) => "💥".repeat(n)),
  fc.integer({ min: 6_000, max: 8_000 }).map((n) => "<script>alert(1)</script>".repeat(n)),
  fc.integer({ min: 100_000, max: 120_000 }).map((n) => "\u0000".repeat(n)),
);

/** One hostile text value, as a form field or a JSON string would carry it. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SQL_FRAGMENTS, ...HTML_FRAGMENTS) },
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE_FRAGMENTS) },
  { weight: 3, arbitrary: fc.constantFrom(...NUMBER_FRAGMENTS) },
  { weight: 2, arbitrary: fc.constantFrom(...SHAPE_FRAGMENTS) },
  { weight: 2, arbitrary: fc.constantFrom(...DATE_FRAGMENTS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: hugeString },
  // Something plausible with something hostile stuck on.
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom("Checkout down", "2026-11-20", "3", "open", "SEV1", "lead"),
        fc.constantFrom(...SQL_FRAGMENTS, ...HTML_FRAGMENTS, ...UNICODE_FRAGMENTS),
      )
      .map(([a, b]) => a + b),
  },
);

/** A JSON value of the wrong kind, or a hostile string, or a number no field accepts. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      2 ** 63,
      [],
      {},
      [null],
      ["SEV1", "SEV2"],
      { $gt: "" },
      { "": "" },
      { __proto__: { admin: true } },
      { constructor: { prototype: {} } },
    ),
  },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
);

/** A field name: mostly ones the endpoint knows, sometimes not. */
export function fieldName(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...known) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "__proto__",
        "constructor",
        "intent[]",
        "a.b.c",
        "",
        "id",
        "teamId",
        "team_id",
        "isAdmin",
        "role",
        "userId",
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
}

// ---------------------------------------------------------------------------
// Form bodies
// ---------------------------------------------------------------------------

export type Pair = [name: string, value: string | { file: string; filename: string }];

/** How a form body goes over the wire, including the wrong ways. */
export type Encoding = "urlencoded" | "multipart" | "json" | "text" | "none" | "raw-bytes" | "wrong-charset" | "xml";

export type FormCase = { label: string; pairs: Pair[]; encoding: Encoding; rawTail?: string };

type Mutation =
  | { kind: "replace"; field: string; value: string }
  | { kind: "delete"; field: string }
  | { kind: "duplicate"; field: string; value: string }
  | { kind: "add"; field: string; value: string }
  | { kind: "file"; field: string; value: string };

export type FormSpec = {
  /** Field names the action reads. */
  fields: readonly string[];
  /** Valid bodies to start from (a mutation of one usually gets past the first checks). */
  bases?: ReadonlyArray<readonly Pair[]>;
};

const encodingArb: fc.Arbitrary<Encoding> = fc.oneof(
  { weight: 10, arbitrary: fc.constant("urlencoded" as const) },
  { weight: 3, arbitrary: fc.constant("multipart" as const) },
  { weight: 1, arbitrary: fc.constantFrom<Encoding>("json", "text", "none", "raw-bytes", "wrong-charset", "xml") },
);

/** Malformed bytes and escapes appended to an urlencoded body. */
const RAW_TAILS = [
  "&why=%FF%FE%ED%A0%80",
  "&title=%ZZ%",
  "&%",
  "&=&=&",
  "&title=%E2%82",
  "&&&&",
  "&title=\u00ff\u00fe",
  "&title=a%00b",
  "&a=" + "%41".repeat(40_000),
];

function applyMutation(pairs: Pair[], m: Mutation): Pair[] {
  switch (m.kind) {
    case "replace": {
      const out = pairs.filter(([k]) => k !== m.field);
      out.push([m.field, m.value]);
      return out;
    }
    case "delete":
      return pairs.filter(([k]) => k !== m.field);
    case "duplicate":
      return [...pairs, [m.field, m.value]];
    case "add":
      return [...pairs, [m.field, m.value]];
    case "file":
      return [...pairs.filter(([k]) => k !== m.field), [m.field, { file: m.value, filename: "evil<script>.csv" }]];
  }
}

/** Hostile bodies for one form action: valid bodies with a few fields broken, or noise. */
export function formCases(spec: FormSpec): fc.Arbitrary<FormCase> {
  const name = fieldName(spec.fields);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant("replace" as const), field: name, value: hostileString }) },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant("delete" as const), field: fc.constantFrom(...spec.fields) }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("duplicate" as const),
        field: fc.constantFrom(...spec.fields),
        value: hostileString,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("add" as const), field: name, value: hostileString }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("file" as const),
        field: fc.constantFrom(...spec.fields),
        value: hostileString,
      }),
    },
  );
  const fromBase =
    spec.bases && spec.bases.length > 0
      ? fc
          .tuple(
            fc.constantFrom(...spec.bases),
            fc.array(mutation, { minLength: 1, maxLength: 3 }),
            encodingArb,
            fc.constantFrom(...RAW_TAILS),
          )
          .map(([base, mutations, encoding, rawTail]): FormCase => ({
            label: `base+${mutations.map((m) => `${m.kind}:${m.field}`).join(",")}`,
            pairs: mutations.reduce<Pair[]>((acc, m) => applyMutation(acc, m), [...base]),
            encoding,
            rawTail,
          }))
      : null;
  const noise = fc
    .tuple(fc.array(fc.tuple(name, hostileString), { maxLength: 8 }), encodingArb, fc.constantFrom(...RAW_TAILS))
    .map(([pairs, encoding, rawTail]): FormCase => ({ label: "noise", pairs: pairs as Pair[], encoding, rawTail }));
  return fromBase ? fc.oneof({ weight: 3, arbitrary: fromBase }, { weight: 1, arbitrary: noise }) : noise;
}

/** Turns a case into what fetch sends. */
export function encodeForm(c: FormCase): { body?: BodyInit; headers: Record<string, string> } {
  const text = (v: Pair[1]) => (typeof v === "string" ? v : v.file);
  switch (c.encoding) {
    case "urlencoded":
    case "wrong-charset": {
      const params = new URLSearchParams();
      for (const [k, v] of c.pairs) params.append(k, text(v));
      const type =
        c.encoding === "urlencoded"
          ? "application/x-www-form-urlencoded"
          : "application/x-www-form-urlencoded; charset=utf-16le";
      return { body: params, headers: { "Content-Type": type } };
    }
    case "raw-bytes": {
      const params = new URLSearchParams();
      for (const [k, v] of c.pairs) params.append(k, text(v));
      // Latin-1 so that \u00ff becomes one raw 0xFF byte: invalid UTF-8 on the wire.
      const body = Buffer.concat([Buffer.from(params.toString(), "utf8"), Buffer.from(c.rawTail ?? "", "latin1")]);
      return { body, headers: { "Content-Type": "application/x-www-form-urlencoded" } };
    }
    case "multipart": {
      const form = new FormData();
      for (const [k, v] of c.pairs) {
        if (typeof v === "string") form.append(k, v);
        else form.append(k, new Blob([v.file], { type: "text/csv" }), v.filename);
      }
      return { body: form, headers: {} };
    }
    case "json":
      return {
        body: JSON.stringify(Object.fromEntries(c.pairs.map(([k, v]) => [k, text(v)]))),
        headers: { "Content-Type": "application/json" },
      };
    case "text":
      return { body: c.pairs.map(([k, v]) => `${k}=${text(v)}`).join("\n"), headers: { "Content-Type": "text/plain" } };
    case "xml":
      return {
        body: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><form>&e;</form>`,
        headers: { "Content-Type": "application/xml" },
      };
    case "none":
      return { headers: {} };
  }
}

// ---------------------------------------------------------------------------
// JSON API bodies
// ---------------------------------------------------------------------------

export type JsonCase = { label: string; body: string | Uint8Array; contentType: string | null };

const MALFORMED_JSON = [
  "",
  "{",
  '{"title":',
  '{"title": "x",}',
  "{'title': 'x'}",
  "[1,2]",
  '"just a string"',
  "42",
  "null",
  "true",
  "\ufeff{}",
  '{"title": "\\ud800"}',
  '{"a":1}{"b":2}',
  "[".repeat(50_000) + "]".repeat(50_000),
  '{"title": "x", "title": "y", "title": null}',
  "NaN",
  '{"__proto__": {"isAdmin": true}}',
];

const JSON_CONTENT_TYPES = [
  "application/json",
  "application/json",
  "application/json",
  "application/json; charset=utf-8",
  "application/merge-patch+json",
  "application/json; charset=latin1",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  null,
];

/** Hostile JSON bodies: valid objects with broken fields, wrong top-level values, bad bytes, too much. */
export function jsonCases(
  fields: readonly string[],
  bases: ReadonlyArray<Record<string, unknown>>,
): fc.Arbitrary<JsonCase> {
  const name = fieldName(fields);
  const mutated = fc
    .tuple(
      fc.constantFrom(...bases),
      fc.array(
        fc.oneof(fc.tuple(name, hostileJsonValue), fc.tuple(fc.constantFrom(...fields), fc.constant(undefined))),
        { minLength: 1, maxLength: 4 },
      ),
      fc.constantFrom(...JSON_CONTENT_TYPES),
    )
    .map(([base, changes, contentType]): JsonCase => {
      const body: Record<string, unknown> = { ...base };
      for (const [k, v] of changes) {
        if (v === undefined) delete body[k];
        else Object.defineProperty(body, k, { value: v, enumerable: true, configurable: true, writable: true });
      }
      return { label: `object:${changes.map(([k]) => k).join(",")}`, body: JSON.stringify(body), contentType };
    });
  const wrongTop = fc
    .tuple(
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.array(hostileJsonValue, { maxLength: 3 }), hostileString),
      fc.constantFrom(...JSON_CONTENT_TYPES),
    )
    .map(([value, contentType]): JsonCase => ({
      label: "top-level",
      body: JSON.stringify(value) ?? "null",
      contentType,
    }));
  const malformed = fc
    .tuple(fc.constantFrom(...MALFORMED_JSON), fc.constantFrom(...JSON_CONTENT_TYPES))
    .map(([body, contentType]): JsonCase => ({ label: "malformed", body, contentType }));
  const badBytes = fc
    .constantFrom(
      Uint8Array.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      Uint8Array.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
      Uint8Array.from([0xed, 0xa0, 0x80]),
    )
    .map((body): JsonCase => ({ label: "bad-bytes", body, contentType: "application/json" }));
  const tooBig = fc.constantFrom(1024 * 1024 + 10, 3 * 1024 * 1024).map((n): JsonCase => ({
    label: "too-big",
    body: JSON.stringify({ ...bases[0], summary: "x".repeat(n) }),
    contentType: "application/json",
  }));
  return fc.oneof(
    { weight: 8, arbitrary: mutated },
    { weight: 2, arbitrary: wrongTop },
    { weight: 2, arbitrary: malformed },
    { weight: 1, arbitrary: badBytes },
    { weight: 1, arbitrary: tooBig },
  );
}

/** A query string for a list endpoint: known filters with hostile values, duplicates and noise. */
export function queryCases(params: readonly string[]): fc.Arbitrary<string> {
  const structured = fc
    .array(
      fc.tuple(
        fieldName(params),
        hostileString.filter((s) => s.length < 5000),
      ),
      { maxLength: 5 },
    )
    .map((pairs) => {
      const q = new URLSearchParams();
      for (const [k, v] of pairs) q.append(k, v);
      return q.toString();
    });
  const raw = fc.constantFrom(
    "%ZZ",
    "limit=%FF",
    "&&&",
    "status=open&status=resolved",
    "limit[]=1",
    "offset=-0",
    "limit=1e3",
    "from=2026-01-01T00:00Z&to=1970-01-01T00:00Z",
    "quarter=9999-Q4",
    "quarter=0000-Q1",
  );
  return fc.oneof({ weight: 4, arbitrary: structured }, { weight: 1, arbitrary: raw });
}

/** Lone surrogates replaced, so encodeURIComponent accepts the string. */
const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

/**
 * An id for a URL segment: numbers out of range, other types, traversal, encodings.
 * (No "." or ".." segments, raw or as %2e: fetch resolves them, so the request would go to another route.)
 */
export const hostileId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "0",
    "-1",
    "1.5",
    "1e3",
    "0x10",
    "99999999999999999999",
    "9007199254740993",
    "NaN",
    "null",
    "%00",
    "..%2F..%2Fsetup",
    "1%20OR%201%3D1",
    "%F0%9F%92%A5",
    "%FF",
    "1;drop",
    "a%2Fb",
    "%20",
  ),
  fc
    .string({ unit: "binary", minLength: 1, maxLength: 10 })
    .map((s) => encodeURIComponent(wellFormed(s)))
    .filter((s) => s !== "." && s !== ".."),
);

// ---------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------

/**
 * Where a 4xx tells the person what was wrong: "visible" when the page shows an alert,
 * a field error or the error page's text (or JSON carries an error with a message or
 * field messages); "data" when the message is only in the page's serialized action
 * data (a no-JavaScript browser would not show it); null when there is none.
 */
export function errorMessageIn(contentType: string, body: string): "visible" | "data" | null {
  if (contentType.includes("json")) {
    try {
      const data = JSON.parse(body) as Record<string, unknown>;
      if (typeof data.error === "string" && typeof data.message === "string" && data.message.length > 0)
        return "visible";
      if (data.fields && typeof data.fields === "object" && Object.keys(data.fields).length > 0) return "visible";
      if (typeof data.formError === "string" && data.formError) return "visible";
      if (data.errors && typeof data.errors === "object" && Object.keys(data.errors).length > 0) return "visible";
      return null;
    } catch {
      return null;
    }
  }
  if (contentType.includes("text/html")) {
    const html = body.replaceAll("<!-- -->", "");
    if (/role="alert"[^>]*>\s*[^<\s]/.test(html)) return "visible";
    const page =
      /<div class="error-page"><div class="code">(\d+)<\/div><h1>([^<]+)<\/h1><p class="muted">([^<]+)<\/p>/.exec(html);
    if (page && page[1] !== "500" && page[3]!.trim()) return "visible";
    // Express's own answer to a path it cannot decode: <pre>Bad Request</pre>.
    if (/<title>Error<\/title>[\s\S]*<pre>[^<]*\w[^<]*<\/pre>/.test(html)) return "visible";
    // The action's answer travels in the page's data even when the page does not show it.
    if (actionDataMessages(html).length > 0) return "data";
    return null;
  }
  return body.trim().length > 0 ? "visible" : null;
}

/** The messages in a Remix page's serialized action data (window.__remixContext). */
export function actionDataMessages(html: string): string[] {
  const start = html.indexOf("window.__remixContext = ");
  if (start < 0) return [];
  const end = html.indexOf(";</script>", start);
  try {
    const context = JSON.parse(html.slice(start + "window.__remixContext = ".length, end)) as {
      state?: { actionData?: Record<string, unknown> | null };
    };
    const messages: string[] = [];
    for (const data of Object.values(context.state?.actionData ?? {})) {
      if (!data || typeof data !== "object") continue;
      const d = data as { errors?: Record<string, string>; formError?: string; message?: string };
      messages.push(...Object.values(d.errors ?? {}).filter((m) => typeof m === "string" && m));
      if (d.formError) messages.push(d.formError);
      if (d.message) messages.push(d.message);
    }
    return messages;
  } catch {
    return [];
  }
}

/** A page that rendered the 500 error boundary while answering with another status. */
export function showsServerError(body: string): boolean {
  return body.includes('<div class="code">500</div>');
}
