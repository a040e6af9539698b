/**
 * The org page's list of teams: searched, sorted and paged on the server, so the
 * first view of a thousand-team org stays small and every view works without JavaScript
 * (plain links and a GET form). Hidden figures sort as "no value": always after the
 * shown ones, whatever the direction, so a position in the list reveals nothing.
 */
import type { OrgRollup, OrgTeamRow } from "./org";

export const ORG_PAGE_SIZE = 50;

export const ORG_SORTS = {
  name: "Team",
  week: "Last week",
  trust: "Trust (quarter)",
  incidents: "Incidents",
  recovery: "Median recovery",
  actions: "Action items on time",
  overdue: "Overdue",
} as const;
export type OrgSort = keyof typeof ORG_SORTS;

/** The list's query string, as org-query.server.ts reads it (zod stays on the server). */
export type OrgListQuery = { q: string; sort: OrgSort; dir: "asc" | "desc"; page: number };

function sortValue(t: OrgTeamRow, sort: OrgSort): number | string | null {
  switch (sort) {
    case "name":
      return t.name.toLocaleLowerCase("en");
    case "week":
      return t.week.status === "released" ? t.week.mean : null;
    case "trust":
      return t.quarter?.status === "released" && t.quarter.trust ? t.quarter.trust.value : null;
    case "incidents":
      return t.incidents.count;
    case "recovery":
      return t.incidents.ttrMedianMinutes;
    case "actions":
      return t.actions.completionRate;
    case "overdue":
      return t.actions.overdue;
  }
}

export type OrgListPage = {
  rows: OrgTeamRow[];
  /** Teams that match the search (all teams without one). */
  matched: number;
  page: number;
  pages: number;
  pageSize: number;
};

/** Searches (team name or slug, case-insensitive), sorts (ties by name) and cuts one page. */
export function orgListPage(
  teams: readonly OrgTeamRow[],
  query: OrgListQuery,
  pageSize: number = ORG_PAGE_SIZE,
): OrgListPage {
  const needle = query.q.toLocaleLowerCase("en");
  const matching = needle
    ? teams.filter(
        (t) => t.name.toLocaleLowerCase("en").includes(needle) || t.slug.toLocaleLowerCase("en").includes(needle),
      )
    : [...teams];
  const sign = query.dir === "desc" ? -1 : 1;
  const keyed = matching.map((t) => ({ t, v: sortValue(t, query.sort), name: t.name.toLocaleLowerCase("en") }));
  keyed.sort((a, b) => {
    if (a.v === null && b.v !== null) return 1;
    if (b.v === null && a.v !== null) return -1;
    if (a.v !== null && b.v !== null && a.v !== b.v) return (a.v < b.v ? -1 : 1) * sign;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : a.t.id - b.t.id;
  });
  const pages = Math.max(1, Math.ceil(keyed.length / pageSize));
  const page = Math.min(query.page, pages);
  return {
    rows: keyed.slice((page - 1) * pageSize, page * pageSize).map((k) => k.t),
    matched: keyed.length,
    page,
    pages,
    pageSize,
  };
}

/** The query string of a list view (only what differs from the defaults), for links. */
export function orgListHref(weeks: string, query: Partial<OrgListQuery>): string {
  const params = new URLSearchParams();
  if (weeks && weeks !== "12") params.set("weeks", weeks);
  if (query.q) params.set("q", query.q);
  if (query.sort && query.sort !== "name") params.set("sort", query.sort);
  if (query.dir && query.dir !== "asc") params.set("dir", query.dir);
  if (query.page && query.page > 1) params.set("page", String(query.page));
  const s = params.toString();
  return s ? `/org?${s}` : "/org";
}

/** The org page's view: the org-wide figures over every team, and one page of the team list. */
export type OrgView = {
  /** teams: the page shown, not every team. */
  rollup: OrgRollup;
  teamCount: number;
  hiddenWeek: number;
  paging: { matched: number; page: number; pages: number; pageSize: number };
};

export function orgView(rollup: OrgRollup, query: OrgListQuery): OrgView {
  const page = orgListPage(rollup.teams, query);
  return {
    rollup: { ...rollup, teams: page.rows },
    teamCount: rollup.teams.length,
    hiddenWeek: rollup.teams.filter((t) => t.week.status === "hidden").length,
    paging: { matched: page.matched, page: page.page, pages: page.pages, pageSize: page.pageSize },
  };
}
