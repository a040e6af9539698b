/**
 * The patch in patches/@remix-run+server-runtime+*.patch (docs/performance.md, session 5): Remix
 * encodes a cookie's value with its own copies of escape() and unescape(), which ran a RegExp per
 * character of every session and flash cookie. The patch calls the engine's own. Cookies must be
 * byte for byte what they were, and every cookie already in a browser must read the same.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The server loads @remix-run/node's CommonJS build, which loads server-runtime's.
const require = createRequire(import.meta.url);
const node = require("@remix-run/node") as typeof import("@remix-run/node");
const cookiesFile = require.resolve("@remix-run/server-runtime/dist/cookies.js", {
  paths: [require.resolve("@remix-run/node")],
});

const value = { m: "Thank you. Your answer is stored without your name — é ✓ 🎉", n: [1, 2] };
// Serialized by the unpatched code (server-runtime 2.17.5) before the patch was written.
const before =
  "__flash=eyJtIjoiVGhhbmsgeW91LiBZb3VyIGFuc3dlciBpcyBzdG9yZWQgd2l0aG91dCB5b3VyIG5hbWUg4oCUIMOpIOKckyDwn46JIiwibiI6WzEsMl19.gX3aY2uSuY%2FBPn9hJR72bDzaWBLOhY6uGxK0o0%2BsHnw; Path=/; SameSite=Lax";

describe("cookie values (patched @remix-run/server-runtime)", () => {
  it("is the patched build: escape() and unescape() are the engine's", () => {
    const source = fs.readFileSync(cookiesFile, "utf8");
    expect(source).toContain('if (typeof escape === "function") return escape(value.toString());');
    expect(source).toContain('if (typeof unescape === "function") return unescape(value.toString());');
  });

  it("serializes exactly what the unpatched code did, and reads it back", async () => {
    const cookie = node.createCookie("__flash", { secrets: ["s3cret"] });
    expect(await cookie.serialize(value)).toBe(before);
    expect(await cookie.parse(before)).toEqual(value);
  });

  it("still refuses a cookie whose signature does not match, and reads garbage as empty", async () => {
    const cookie = node.createCookie("__flash", { secrets: ["s3cret"] });
    expect(await cookie.parse(before.replace("eyJt", "eyJu"))).toBeNull();
    const unsigned = node.createCookie("plain");
    expect(await unsigned.parse("plain=%%%not-base64")).toEqual({});
  });
});
