/**
 * The patch in patches/@remix-run+router+*.patch (docs/performance.md, session 4): the server's
 * router flattens and ranks a route tree once, not on every request, and keeps the matches of
 * each pathname it has seen. It must be applied (npm ci
 * runs patch-package), and matching must give what it gave before, for each tree it is given.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The server (Remix's server runtime) loads the CommonJS build; the browser bundle is not patched.
const require = createRequire(import.meta.url);
const routerFile = require.resolve("@remix-run/router");
const router = require("@remix-run/router") as typeof import("@remix-run/router");

type Route = import("@remix-run/router").AgnosticRouteObject;

const teamRoutes: Route[] = [
  {
    id: "root",
    path: "/",
    children: [
      { id: "teams", path: "teams" },
      { id: "check-in", path: "teams/:slug/check-in" },
      { id: "action-items", path: "teams/:slug/action-items" },
      { id: "action-item", path: "teams/:slug/action-items/:id" },
      { id: "new-action-item", path: "teams/:slug/action-items/new" },
      { id: "catch-all", path: "*" },
    ],
  },
];

const ids = (routes: Route[], path: string) => router.matchRoutes(routes, path)?.map((m) => m.route.id) ?? null;

describe("the server's route matching (patched @remix-run/router)", () => {
  it("is the patched build: the ranked route list is kept per route tree", () => {
    expect(routerFile).toMatch(/router\.cjs\.js$/);
    const source = fs.readFileSync(routerFile, "utf8");
    expect(source).toContain("rankedBranches.get(routes)");
    expect(source).toContain("compiledPaths.get(key)");
    expect(source).toContain("matchesByPath.get(routes)");
  });

  it("gives every caller its own matches: changing one result changes no later one", () => {
    const first = router.matchRoutes(teamRoutes, "/teams/ops/check-in")!;
    // Params are typed read-only; a careless caller could still write to them.
    (first[1]!.params as Record<string, string>).slug = "changed";
    first[1]!.pathname = "/changed";
    first.pop();
    const again = router.matchRoutes(teamRoutes, "/teams/ops/check-in")!;
    expect(again.map((m) => [m.route.id, m.params, m.pathname, m.pathnameBase])).toEqual([
      ["root", { slug: "ops" }, "/", "/"],
      ["check-in", { slug: "ops" }, "/teams/ops/check-in", "/teams/ops/check-in"],
    ]);
    // As without the patch, the matches of one branch share one params object.
    expect(again[0]!.params).toBe(again[1]!.params);
    (again[0]!.params as Record<string, string>).slug = "changed too";
    expect(router.matchRoutes(teamRoutes, "/teams/ops/check-in")![1]!.params).toEqual({ slug: "ops" });
  });

  it("matches correctly past the pathname cache's limit, and keeps no-match results apart", () => {
    for (let i = 0; i < 12_000; i++) {
      expect(router.matchRoutes(teamRoutes, `/teams/t${i}/action-items/${i}`)?.at(-1)?.params).toEqual({
        slug: `t${i}`,
        id: String(i),
      });
    }
    expect(ids(teamRoutes, "/teams/t0/action-items/0")).toEqual(["root", "action-item"]);
    const none: Route[] = [{ id: "only", path: "/a" }];
    expect(ids(none, "/b")).toBeNull();
    expect(ids(none, "/b")).toBeNull();
    expect(ids(none, "/a")).toEqual(["only"]);
  });

  it("matches by rank on the first call and on every call after it", () => {
    for (let i = 0; i < 3; i++) {
      expect(ids(teamRoutes, "/teams/ops/check-in")).toEqual(["root", "check-in"]);
      // A static segment outranks a dynamic one, whatever the order of definition.
      expect(ids(teamRoutes, "/teams/ops/action-items/new")).toEqual(["root", "new-action-item"]);
      expect(ids(teamRoutes, "/teams/ops/action-items/42")).toEqual(["root", "action-item"]);
      expect(ids(teamRoutes, "/nowhere")).toEqual(["root", "catch-all"]);
    }
  });

  it("keeps path patterns apart by case sensitivity and by whether they must match to the end", () => {
    expect(router.matchPath({ path: "/teams/:slug", caseSensitive: true }, "/TEAMS/ops")).toBeNull();
    expect(router.matchPath({ path: "/teams/:slug" }, "/TEAMS/ops")?.params).toEqual({ slug: "ops" });
    expect(router.matchPath({ path: "/teams/:slug", end: true }, "/teams/ops/check-in")).toBeNull();
    expect(router.matchPath({ path: "/teams/:slug", end: false }, "/teams/ops/check-in")?.pathname).toBe("/teams/ops");
    expect(router.matchPath({ path: "/teams/:slug", caseSensitive: true }, "/teams/ops")?.params).toEqual({
      slug: "ops",
    });
  });

  it("keeps one ranking per tree: a second tree is matched against its own routes", () => {
    const other: Route[] = [{ id: "only", path: "/teams/:slug/check-in" }];
    expect(ids(teamRoutes, "/teams/ops/check-in")).toEqual(["root", "check-in"]);
    expect(ids(other, "/teams/ops/check-in")).toEqual(["only"]);
    expect(ids(other, "/teams")).toBeNull();
    expect(ids(teamRoutes, "/teams")).toEqual(["root", "teams"]);
  });
});
