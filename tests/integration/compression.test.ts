import http from "node:http";
import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { signedIn } from "../support/client";
import { makeTeamWithPeople } from "../support/factories";
import { serverForFile } from "../support/server";

/**
 * Compression and caching over real HTTP (node:http, so nothing decodes for us):
 * documents, JSON and assets come compressed when asked, hashed assets are immutable.
 */

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; chunks: number };

function raw(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(baseUrl + path, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), chunks: chunks.length }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

function decode(r: Raw): string {
  const enc = r.headers["content-encoding"];
  if (enc === "br") return zlib.brotliDecompressSync(r.body).toString("utf8");
  if (enc === "gzip") return zlib.gunzipSync(r.body).toString("utf8");
  return r.body.toString("utf8");
}

let team: Awaited<ReturnType<typeof makeTeamWithPeople>>;
let cookie = "";
beforeAll(async () => {
  team = await makeTeamWithPeople(3, { name: "Squeeze" });
});
const server = serverForFile();
beforeAll(async () => {
  const client = await signedIn(server, team.lead.email);
  const res = await client.get(`/teams/${team.team.slug}/check-in`);
  expect(res.status).toBe(200);
  // The Client keeps the session cookie; read it back for the raw requests.
  cookie = (client as unknown as { cookieHeader(): string }).cookieHeader();
});

/** The hashed script URLs a page links to. */
async function scriptUrls(): Promise<string[]> {
  const html = decode(await raw(server.baseUrl, "/login", { "accept-encoding": "identity" }));
  return [...html.matchAll(/\/build\/[^"']+\.js/g)].map((m) => m[0]);
}

describe("compression", () => {
  it("compresses the document with brotli when offered, else gzip, and the body decodes to the page", async () => {
    const path = `/teams/${team.team.slug}/check-in`;
    const plain = await raw(server.baseUrl, path, { cookie, "accept-encoding": "identity" });
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();

    const br = await raw(server.baseUrl, path, { cookie, "accept-encoding": "gzip, deflate, br" });
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["vary"]).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(decode(br)).toContain("</html>");
    expect(decode(br)).toContain(team.team.name);

    const gz = await raw(server.baseUrl, path, { cookie, "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(decode(gz)).toContain("</html>");
  });

  it("compresses loader JSON (?_data)", async () => {
    const path = `/teams/${team.team.slug}/dashboard?_data=${encodeURIComponent("routes/teams.$slug.dashboard")}`;
    const plain = await raw(server.baseUrl, path, { cookie, "accept-encoding": "identity" });
    expect(plain.status).toBe(200);
    expect(plain.headers["content-type"]).toMatch(/application\/json/);
    expect(plain.body.length).toBeGreaterThan(1024);
    for (const encoding of ["br", "gzip"]) {
      const res = await raw(server.baseUrl, path, { cookie, "accept-encoding": encoding });
      expect(res.headers["content-encoding"]).toBe(encoding);
      expect(res.body.length).toBeLessThan(plain.body.length);
      // The same data (the clock-dependent parts aside): same keys, same team.
      const [a, b] = [JSON.parse(decode(res)), JSON.parse(plain.body.toString("utf8"))];
      expect(Object.keys(a)).toEqual(Object.keys(b));
      expect(JSON.stringify(a).length).toBeGreaterThan(1024);
    }
  });

  it("compresses hashed assets and marks them immutable for a year", async () => {
    const urls = await scriptUrls();
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls.slice(0, 3)) {
      const res = await raw(server.baseUrl, url, { "accept-encoding": "gzip, br" });
      expect(res.status).toBe(200);
      expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(decode(res).length).toBeGreaterThan(0);
    }
    // The largest one is certainly over the threshold.
    const sizes = await Promise.all(
      urls.map(async (u) => ({ u, n: (await raw(server.baseUrl, u, { "accept-encoding": "identity" })).body.length })),
    );
    const largest = sizes.sort((a, b) => b.n - a.n)[0]!;
    expect(largest.n).toBeGreaterThan(1024);
    const res = await raw(server.baseUrl, largest.u, { "accept-encoding": "br" });
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.body.length).toBeLessThan(largest.n);
  });

  it("sends small responses and redirects as they are", async () => {
    const res = await raw(server.baseUrl, "/favicon.ico", { "accept-encoding": "gzip, br" });
    expect(res.status).toBe(301);
    expect(res.headers["content-encoding"]).toBeUndefined();
    const redirect = await raw(server.baseUrl, `/teams/${team.team.slug}/check-in`, { "accept-encoding": "br" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers["content-encoding"]).toBeUndefined();
  });
});
