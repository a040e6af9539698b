import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field } from "~/components/field";
import { Table } from "~/components/table";
import { weekDays } from "~/domain/cycles";
import { formatDuration } from "~/domain/incidents";
import type { OrgTeamRow } from "~/domain/org";
import { ORG_SORTS, orgListHref, type OrgListQuery, type OrgSort } from "~/domain/org-list";
import { pct, two } from "~/utils/format";

type Paging = { matched: number; page: number; pages: number; pageSize: number };

/** Search box for the team list: a GET form, so it works without JavaScript. */
export function OrgTeamSearch({ weeks, query, error }: { weeks: string; query: OrgListQuery; error?: string }) {
  return (
    <Form method="get" className="period-picker" aria-label="Find a team" role="search">
      <input type="hidden" name="weeks" value={weeks} />
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <Field
        name="q"
        id="org-q"
        label="Find a team"
        type="search"
        defaultValue={query.q}
        maxLength={100}
        error={error}
      />
      <div className="field">
        <button type="submit">Search</button>
      </div>
    </Form>
  );
}

/** The team table with sortable column headings (links) and a pager below it. */
export function OrgTeamTable({
  weeks,
  query,
  paging,
  children,
}: {
  weeks: string;
  query: OrgListQuery;
  paging: Paging;
  children: ReactNode;
}) {
  const columns = (Object.entries(ORG_SORTS) as [OrgSort, string][]).map(([key, label]) => {
    const active = query.sort === key;
    const dir = active && query.dir === "asc" ? "desc" : "asc";
    return (
      <Link
        key={key}
        to={orgListHref(weeks, { ...query, sort: key, dir, page: 1 })}
        aria-label={`Sort by ${label.toLowerCase()}, ${dir === "asc" ? "ascending" : "descending"}`}
        data-sort={key}
      >
        {label}
        {active ? <span aria-hidden="true">{query.dir === "asc" ? " ▲" : " ▼"}</span> : null}
      </Link>
    );
  });
  return (
    <>
      <Table className="org-table" testId="org-teams" columns={columns}>
        {children}
      </Table>
      <OrgPager weeks={weeks} query={query} paging={paging} />
    </>
  );
}

function OrgPager({ weeks, query, paging }: { weeks: string; query: OrgListQuery; paging: Paging }) {
  const first = paging.matched === 0 ? 0 : (paging.page - 1) * paging.pageSize + 1;
  const last = Math.min(paging.matched, paging.page * paging.pageSize);
  return (
    <nav className="pager" aria-label="Team list pages" data-testid="org-pager">
      <p className="muted small">
        Teams {first}–{last} of {paging.matched}
        {query.q ? <> matching &ldquo;{query.q}&rdquo;</> : null} · page {paging.page} of {paging.pages}
      </p>
      {paging.page > 1 ? (
        <Link to={orgListHref(weeks, { ...query, page: paging.page - 1 })} rel="prev">
          Previous page
        </Link>
      ) : null}{" "}
      {paging.page < paging.pages ? (
        <Link to={orgListHref(weeks, { ...query, page: paging.page + 1 })} rel="next">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}

function Hidden({ what }: { what: string }) {
  return (
    <span
      className="hidden-figure"
      title={`Fewer answers than the team's threshold: ${what} is not shown and not counted in any org figure`}
    >
      hidden
    </span>
  );
}

/** One team's row: a figure below the team's threshold is "hidden", never a number. */
export function TeamRow({ t, ownWeek }: { t: OrgTeamRow; ownWeek: string | null }) {
  const q = t.quarter;
  return (
    <tr data-team={t.slug}>
      <th scope="row">{t.name}</th>
      <td className="num">
        {ownWeek ? (
          <div className="muted small" data-testid="own-week">
            {ownWeek}
          </div>
        ) : null}
        {t.week.status === "released" ? (
          <span className="nowrap">
            {two(t.week.mean)} <span className="muted small">n = {t.week.n}</span>
          </span>
        ) : (
          <>
            <Hidden what="this week" />
            {t.lastReleased ? (
              <span className="muted small">
                {" "}
                (last released {weekDays(t.lastReleased.periodKey)?.range ?? t.lastReleased.periodKey}:{" "}
                {t.lastReleased.mean.toFixed(2)})
              </span>
            ) : null}
          </>
        )}
      </td>
      <td className="num">
        {q?.status === "released" && q.trust && q.components ? (
          <>
            <span className="nowrap">
              {two(q.trust.value)} <span className="muted small">{q.periodKey}</span>
            </span>
            <div className="muted small">
              {(["C", "R", "I", "S"] as const).map((c) => `${c} ${two(q.components![c].mean)}`).join(" · ")} · n = {q.n}
            </div>
          </>
        ) : q ? (
          <Hidden what="this quarter" />
        ) : (
          "—"
        )}
      </td>
      <td className="num">
        {t.incidents.count}
        {t.incidents.bySeverity.SEV1 + t.incidents.bySeverity.SEV2 > 0 ? (
          <span className="muted small"> ({t.incidents.bySeverity.SEV1 + t.incidents.bySeverity.SEV2} major)</span>
        ) : null}
      </td>
      <td className="num">{formatDuration(t.incidents.ttrMedianMinutes)}</td>
      <td className="num">
        {t.actions.due === 0 ? (
          <span className="muted small">none due</span>
        ) : (
          <span className="nowrap">
            {pct(t.actions.completionRate)} <span className="muted small">of {t.actions.due}</span>
          </span>
        )}
      </td>
      <td className="num">{t.actions.overdue}</td>
    </tr>
  );
}
