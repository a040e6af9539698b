import { describe, expect, it } from "vitest";
import { signedIn } from "../support/client";
import { makeTeamWithPeople } from "../support/factories";
import { serverForFile } from "../support/server";

const server = serverForFile();

describe("security headers", () => {
  it("sends CSP with a per-request nonce and no unsafe-inline scripts, and the other headers, on every page", async () => {
    const { team, members } = await makeTeamWithPeople(1);
    const client = await signedIn(server, members[0]!.email);
    const nonces = new Set<string>();
    for (const path of [
      "/login",
      "/teams",
      `/teams/${team.slug}`,
      `/teams/${team.slug}/check-in`,
      "/no-such-page",
      "/healthz",
    ]) {
      const res = await client.get(path);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"))!;
      expect(scriptSrc).not.toContain("unsafe-inline");
      const nonce = scriptSrc.match(/'nonce-([^']+)'/)![1]!;
      nonces.add(nonce);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      if ((res.headers.get("content-type") ?? "").includes("text/html")) {
        const html = await res.text();
        const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
        expect(scripts.length).toBeGreaterThan(0);
        for (const attrs of scripts) expect(attrs, path).toContain(`nonce="${nonce}"`);
      }
    }
    expect(nonces.size).toBe(6);
  });

  it("never answers with the X-Powered-By header", async () => {
    const res = await fetch(`${server.baseUrl}/login`);
    expect(res.headers.get("x-powered-by")).toBeNull();
  });
});
