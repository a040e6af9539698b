import { weeklyCycleAt, type CycleWindow } from "~/domain/cycles";
import type { OrgTeamRow, OrgTeamWeek, OrgTrendPoint } from "~/domain/org";
import { intervalFromDistribution, isReleased, type GroupTally } from "~/domain/rollup";
import { previousWeekKey, weeksEndingWith } from "~/domain/timeline";
import {
  orgLastReleasedRows,
  orgPendingWeeks,
  orgWeekRows,
  orgWeekSums,
  type TeamWeekCounts,
} from "./org-aggregates.server";

/**
 * The weekly half of the org rollup, read from weekly_aggregates: the org-wide trend
 * summed in SQL per (time zone, week) over the teams that met their own threshold, and
 * each team's last week. Weeks closed since the scheduler's last tick (no aggregate yet)
 * are counted from their answers and added in here, through the same gate.
 */

type TeamInfo = { id: number; timeZone: string; threshold: number };
type WeekRow = { week: OrgTeamWeek; lastReleased: OrgTeamRow["lastReleased"] };

export function orgWeekly(teamList: TeamInfo[], now: Date, trendWeeks: number) {
  // Weeks per time zone: the trend window ends with each zone's last closed week.
  const weeksByZone = new Map<string, CycleWindow[]>();
  const teamsByZone = new Map<string, TeamInfo[]>();
  for (const t of teamList) {
    teamsByZone.set(t.timeZone, [...(teamsByZone.get(t.timeZone) ?? []), t]);
    if (weeksByZone.has(t.timeZone)) continue;
    const lastClosed = previousWeekKey(weeklyCycleAt(now, t.timeZone).periodKey);
    weeksByZone.set(t.timeZone, weeksEndingWith(lastClosed, trendWeeks, t.timeZone));
  }
  const allWeeks = [...weeksByZone.values()].flat();
  const labels = new Map(allWeeks.map((w) => [w.periodKey, w.label]));
  const from = new Date(Math.min(...allWeeks.map((w) => w.opensAt.getTime()), now.getTime()));
  const to = new Date(Math.max(...allWeeks.map((w) => w.closesAt.getTime()), from.getTime()));
  const lastFrom = new Date(Math.min(...[...weeksByZone.values()].map((ws) => ws.at(-1)!.opensAt.getTime())));
  const byId = new Map(teamList.map((t) => [t.id, t]));
  const inWindow = (teamId: number, periodKey: string) => {
    const team = byId.get(teamId);
    return team ? weeksByZone.get(team.timeZone)!.some((w) => w.periodKey === periodKey) : false;
  };
  const tallyOf = (r: TeamWeekCounts): GroupTally => ({
    groupId: r.teamId,
    periodKey: r.periodKey,
    threshold: byId.get(r.teamId)!.threshold,
    closed: true,
    distribution: r.d,
  });
  const pending = orgPendingWeeks(from, to, now).filter((r) => byId.has(r.teamId) && inWindow(r.teamId, r.periodKey));

  // Trend: per zone and week, the released teams' sums; every other team of the zone is hidden.
  const sums = new Map<string, { included: number; d: number[] }>(); // `${zone}|${key}`
  for (const s of orgWeekSums(from, to)) sums.set(`${s.timeZone}|${s.periodKey}`, s);
  for (const p of pending) {
    if (!isReleased(tallyOf(p))) continue;
    const key = `${byId.get(p.teamId)!.timeZone}|${p.periodKey}`;
    const s = sums.get(key) ?? { included: 0, d: [0, 0, 0, 0, 0] };
    sums.set(key, { included: s.included + 1, d: s.d.map((v, i) => v + p.d[i]!) });
  }
  const byKey = new Map<string, { included: number; hidden: number; d: number[] }>();
  for (const [zone, windows] of weeksByZone) {
    const zoneTeams = teamsByZone.get(zone)!.length;
    for (const w of windows) {
      if (w.closesAt.getTime() > now.getTime()) continue;
      const s = sums.get(`${zone}|${w.periodKey}`) ?? { included: 0, d: [0, 0, 0, 0, 0] };
      const k = byKey.get(w.periodKey) ?? { included: 0, hidden: 0, d: [0, 0, 0, 0, 0] };
      byKey.set(w.periodKey, {
        included: k.included + s.included,
        hidden: k.hidden + zoneTeams - s.included,
        d: k.d.map((v, i) => v + s.d[i]!),
      });
    }
  }
  const trendKeys = [...new Set(allWeeks.map((w) => w.periodKey))].sort();
  const trend: OrgTrendPoint[] = trendKeys.map((periodKey) => {
    const k = byKey.get(periodKey) ?? { included: 0, hidden: 0, d: [0, 0, 0, 0, 0] };
    // As domain/rollup poolReleased: the released teams' answers pooled, a gap when none.
    const iv = k.included > 0 ? intervalFromDistribution(k.d) : null;
    return {
      periodKey,
      label: labels.get(periodKey) ?? periodKey,
      mean: iv?.mean ?? null,
      low: iv?.low ?? null,
      high: iv?.high ?? null,
      n: iv?.n ?? 0,
      teamsIncluded: k.included,
      teamsHidden: k.hidden,
    };
  });

  // Each team's last closed week, and its last released one in the window.
  const last = new Map<string, TeamWeekCounts>(); // `${teamId}|${key}`
  for (const r of [...orgWeekRows(lastFrom, to), ...pending]) last.set(`${r.teamId}|${r.periodKey}`, r);
  const lastReleased = new Map<number, TeamWeekCounts>();
  for (const r of orgLastReleasedRows(from, to)) if (inWindow(r.teamId, r.periodKey)) lastReleased.set(r.teamId, r);
  for (const p of pending) {
    const seen = lastReleased.get(p.teamId);
    if (isReleased(tallyOf(p)) && (!seen || p.periodKey > seen.periodKey)) lastReleased.set(p.teamId, p);
  }
  const weekRows = new Map<number, WeekRow>();
  for (const t of teamList) {
    const w = weeksByZone.get(t.timeZone)!.at(-1)!;
    const counts = last.get(`${t.id}|${w.periodKey}`);
    const tally: GroupTally = {
      groupId: t.id,
      periodKey: w.periodKey,
      threshold: t.threshold,
      closed: w.closesAt.getTime() <= now.getTime(),
      distribution: counts?.d ?? [0, 0, 0, 0, 0],
    };
    const released = lastReleased.get(t.id);
    const lr = released && isReleased(tallyOf(released)) ? released : null;
    let week: OrgTeamWeek;
    if (tally.closed && isReleased(tally)) {
      const iv = intervalFromDistribution(tally.distribution);
      week = {
        periodKey: w.periodKey,
        label: w.label,
        status: "released",
        mean: iv.mean,
        low: iv.n >= 2 ? iv.low : null,
        high: iv.n >= 2 ? iv.high : null,
        n: iv.n,
      };
    } else {
      // Hidden: not the mean, not the count, not even whether anyone answered.
      week = { periodKey: w.periodKey, label: w.label, status: "hidden", mean: null, low: null, high: null, n: null };
    }
    weekRows.set(t.id, {
      week,
      lastReleased: lr ? { periodKey: lr.periodKey, mean: intervalFromDistribution(lr.d).mean } : null,
    });
  }
  return { trend, weekRows };
}
