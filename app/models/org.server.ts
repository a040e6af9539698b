import { and, asc, count, inArray, lt } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { actionItems, surveyResponses, teams } from "#db/schema";
import { cycleStatus, quarterlyCycleAt, quarterlyCycleByKey, type CycleWindow } from "~/domain/cycles";
import { utcCalendarDay } from "~/domain/calendar-day";
import { ORG_ACTIVITY_DAYS, type OrgRollup, type OrgTeamQuarter, type OrgTeamRow } from "~/domain/org";
import { incidentMetrics, type ActionItemRecord, type IncidentRecord } from "~/domain/incident-metrics";
import { quarterlyResult } from "~/domain/results";
import { releaseGate } from "~/domain/threshold";
import { pooledQuarter } from "~/domain/rollup";
import { DEFAULT_SURVEY_BANK, type SurveyItem } from "~/domain/survey-bank";
import { actionItemSummary } from "~/domain/bucket-activity";
import { closedQuarterCache } from "./aggregates.server";
import { orgWeekly } from "./org-weekly.server";
import { orgActionItemQuery, orgIncidentQuery, orgQuarterlyCountQuery } from "./org-queries.server";

/**
 * The org rollup: every team side by side and an org-wide trend, for admins.
 *
 * Each figure is read for all teams at once (org-queries.server.ts), never one query per
 * team. Every team-week passes its own team's gate before it is shown or pooled; a hidden
 * team adds nothing to any org figure.
 */

const DAY_MS = 86_400_000;

type TeamInfo = {
  id: number;
  name: string;
  slug: string;
  timeZone: string;
  threshold: number;
  surveyWindowDays: number;
};

const itemsCache = new Map<string, SurveyItem[]>();
function itemsFor(surveyItems: string | null): SurveyItem[] {
  const key = surveyItems ?? "";
  let items = itemsCache.get(key);
  if (!items) {
    // A cycle with answers has frozen its items; without that list the whole bank is the best guess.
    const ids = surveyItems ? new Set(JSON.parse(surveyItems) as string[]) : null;
    items = ids ? DEFAULT_SURVEY_BANK.filter((i) => ids.has(i.id)) : [...DEFAULT_SURVEY_BANK];
    itemsCache.set(key, items);
  }
  return items;
}

/** The last quarterly window of a zone that has closed. */
function lastClosedQuarter(now: Date, timeZone: string, windowDays: number): CycleWindow {
  const current = quarterlyCycleAt(now, timeZone, windowDays);
  if (cycleStatus(current, now) === "closed") return current;
  const [y, q] = current.periodKey.split("-Q").map(Number) as [number, number];
  return quarterlyCycleByKey(q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`, timeZone, windowDays)!;
}

export function loadOrgRollup(now = new Date(), trendWeeks: number = 12): OrgRollup {
  const db = getDb();
  const teamList: TeamInfo[] = db
    .select({
      id: teams.id,
      name: teams.name,
      slug: teams.slug,
      timeZone: teams.timeZone,
      threshold: teams.threshold,
      surveyWindowDays: teams.surveyWindowDays,
    })
    .from(teams)
    .orderBy(asc(teams.name), asc(teams.id))
    .all();

  const { trend, weekRows } = orgWeekly(teamList, now, trendWeeks);

  // Quarterly: the last closed survey of each team. Counts first; answers are read
  // only for cycles that pass the gate (and only for that one quarter: survey
  // answers are the most expensive rows to read).
  const quarterByZone = new Map<string, CycleWindow>();
  for (const t of teamList) {
    const zoneKey = `${t.timeZone}|${t.surveyWindowDays}`;
    if (!quarterByZone.has(zoneKey)) quarterByZone.set(zoneKey, lastClosedQuarter(now, t.timeZone, t.surveyWindowDays));
  }
  // A month of slack: a stored cycle keeps the window it opened with.
  const quarterFrom = new Date(Math.min(...[...quarterByZone.values()].map((q) => q.opensAt.getTime())) - 30 * DAY_MS);
  const counted = orgQuarterlyCountQuery(quarterFrom, now).all();
  const threshold = new Map(teamList.map((t) => [t.id, t.threshold]));
  const wanted = new Map(
    teamList.map((t) => [t.id, quarterByZone.get(`${t.timeZone}|${t.surveyWindowDays}`)!.periodKey]),
  );
  const releasedIds = counted
    .filter((c) => c.periodKey === wanted.get(c.teamId))
    .filter(
      (c) =>
        releaseGate({ closed: true, responseCount: c.n, threshold: threshold.get(c.teamId)! }).status === "released",
    )
    .map((c) => c.id);
  // Closed quarters' results are kept per process until a survey answer changes anywhere;
  // only the cycles not computed yet have their answers read.
  const countedByKey = new Map(counted.map((c) => [`${c.teamId}|${c.periodKey}`, c]));
  const byId = new Map(counted.map((c) => [c.id, c]));
  const keyOf = (c: (typeof counted)[number]) =>
    `org|${c.id}|${threshold.get(c.teamId)}|${c.memberCount ?? 0}|${c.surveyItems ?? ""}`;
  const cache = closedQuarterCache<ReturnType<typeof quarterlyResult>>();
  const results = new Map<number, ReturnType<typeof quarterlyResult>>();
  const toRead: number[] = [];
  for (const id of releasedIds) {
    const cached = cache.get(keyOf(byId.get(id)!));
    if (cached) results.set(id, cached);
    else toRead.push(id);
  }
  for (let i = 0; i < toRead.length; i += 500) {
    const rows = db
      .select({ cycleId: surveyResponses.cycleId, answers: surveyResponses.answers })
      .from(surveyResponses)
      .where(inArray(surveyResponses.cycleId, toRead.slice(i, i + 500)))
      .all();
    const answersByCycle = new Map<number, Record<string, number>[]>();
    for (const r of rows) {
      const list = answersByCycle.get(r.cycleId) ?? [];
      list.push(JSON.parse(r.answers) as Record<string, number>);
      answersByCycle.set(r.cycleId, list);
    }
    for (const [id, answers] of answersByCycle) {
      const cycle = byId.get(id)!;
      const r = quarterlyResult({
        closed: true,
        threshold: threshold.get(cycle.teamId)!,
        items: itemsFor(cycle.surveyItems),
        answers,
        memberCount: cycle.memberCount ?? 0,
      });
      results.set(id, r);
      cache.set(keyOf(cycle), r);
    }
  }
  const quarterResult = (teamId: number, periodKey: string) => {
    const cycle = countedByKey.get(`${teamId}|${periodKey}`);
    const r = cycle ? results.get(cycle.id) : undefined;
    return r && r.status === "released" ? r : null;
  };

  // Incidents and action items of the last ORG_ACTIVITY_DAYS days: not anonymous, shown for every team.
  const activityFrom = new Date(now.getTime() - ORG_ACTIVITY_DAYS * DAY_MS);
  const incidentsByTeam = new Map<number, IncidentRecord[]>();
  for (const i of orgIncidentQuery(activityFrom, now).all()) {
    const list = incidentsByTeam.get(i.teamId) ?? [];
    list.push({
      id: i.id,
      severity: i.severity,
      startedAt: i.startedAt,
      detectedAt: null,
      resolvedAt: i.resolvedAt,
      postmortemPublishedAt: null,
      audit: {},
    });
    incidentsByTeam.set(i.teamId, list);
  }
  const itemsByTeam = new Map<number, ActionItemRecord[]>();
  for (const a of orgActionItemQuery(
    utcCalendarDay(activityFrom.getTime() - DAY_MS),
    utcCalendarDay(now.getTime() + DAY_MS),
  ).all()) {
    const list = itemsByTeam.get(a.teamId) ?? [];
    list.push({ id: a.id, dueDate: a.dueDate, status: a.status, createdAt: a.createdAt, completedAt: a.completedAt });
    itemsByTeam.set(a.teamId, list);
  }

  // Overdue counts every open item past its due date, however old — not only the activity window.
  const overdueNow = new Map(
    getDb()
      .select({ teamId: actionItems.teamId, n: count() })
      .from(actionItems)
      .where(
        and(
          inArray(actionItems.status, ["open", "in_progress"]),
          lt(actionItems.dueDate, utcCalendarDay(now.getTime())),
        ),
      )
      .groupBy(actionItems.teamId)
      .all()
      .map((r) => [r.teamId, r.n]),
  );

  const allIncidentRecords: IncidentRecord[] = [];
  const rows: OrgTeamRow[] = teamList.map((t) => {
    // Matched by key: a stored cycle keeps the window it opened with.
    const latestKey = wanted.get(t.id)!;
    const latest = quarterResult(t.id, latestKey);
    const quarter: OrgTeamQuarter = latest
      ? { periodKey: latestKey, status: "released", n: latest.n, components: latest.components, trust: latest.trust }
      : { periodKey: latestKey, status: "hidden", n: null, components: null, trust: null };

    const teamIncidents = incidentsByTeam.get(t.id) ?? [];
    allIncidentRecords.push(...teamIncidents);
    const im = incidentMetrics(teamIncidents, { from: activityFrom, to: now });
    const am = actionItemSummary(itemsByTeam.get(t.id) ?? [], { from: activityFrom, to: now }, t.timeZone);
    const week = weekRows.get(t.id)!;
    return {
      id: t.id,
      name: t.name,
      slug: t.slug,
      threshold: t.threshold,
      week: week.week,
      lastReleased: week.lastReleased,
      quarter,
      incidents: { count: im.count, bySeverity: im.bySeverity, ttrMedianMinutes: im.timeToRecoverMinutes.median },
      actions: {
        due: am.due,
        doneOnTime: am.doneOnTime,
        completionRate: am.completionRate,
        overdue: overdueNow.get(t.id) ?? 0,
      },
    };
  });

  const orgIncidents = incidentMetrics(allIncidentRecords, { from: activityFrom, to: now });
  const due = rows.reduce((a, r) => a + r.actions.due, 0);
  const doneOnTime = rows.reduce((a, r) => a + r.actions.doneOnTime, 0);
  const latestQuarterKey =
    rows
      .map((r) => r.quarter?.periodKey)
      .filter(Boolean)
      .sort()
      .at(-1) ?? null;
  const quarterGroups = rows
    .filter((r) => r.quarter && r.quarter.periodKey === latestQuarterKey)
    .map((r) => ({ groupId: r.id, components: r.quarter!.components, n: r.quarter!.n ?? 0 }));
  const lastWithData = [...trend].reverse().find((p) => p.teamsIncluded + p.teamsHidden > 0) ?? null;

  return {
    generatedAt: now.getTime(),
    trendWeeks,
    activityDays: ORG_ACTIVITY_DAYS,
    teams: rows,
    trend,
    org: {
      week: lastWithData,
      quarter: latestQuarterKey ? { ...pooledQuarter(quarterGroups), periodKey: latestQuarterKey } : null,
      incidents: {
        count: orgIncidents.count,
        bySeverity: orgIncidents.bySeverity,
        ttrMedianMinutes: orgIncidents.timeToRecoverMinutes.median,
      },
      actions: {
        due,
        doneOnTime,
        completionRate: due === 0 ? null : doneOnTime / due,
        overdue: rows.reduce((a, r) => a + r.actions.overdue, 0),
      },
    },
  };
}
