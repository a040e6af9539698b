/**
 * GET /metrics in the Prometheus text format, built with prom-client on a fresh Registry
 * per scrape from released figures only. Labels: `team` (slug), `severity` (4 values),
 * `component` (C, R, I, S), and one `week`/`quarter` label on the info series, which
 * carry only the latest period, so cardinality stays bounded by the number of teams.
 */
import { Counter, Gauge, Registry } from "prom-client";
import { SEVERITIES } from "~/domain/incidents";
import { COMPONENTS } from "~/domain/survey-bank";
import type { OrgFigures, TeamFigures } from "~/models/metrics.server";

/** Every metric family /metrics exports (the Grafana dashboard may use only these). */
const METRICS = {
  weeklyMean: "trusthealth_weekly_trust_mean",
  checkInResponses: "trusthealth_weekly_trust_responses",
  weeklyParticipation: "trusthealth_weekly_participation_ratio",
  weeklyInfo: "trusthealth_weekly_trust_week_info",
  weeklyStart: "trusthealth_weekly_trust_week_start_timestamp_seconds",
  quarterlyComponent: "trusthealth_quarterly_component_mean",
  quarterlyTrust: "trusthealth_quarterly_trust_score",
  quarterlyResponses: "trusthealth_quarterly_responses",
  quarterlyInfo: "trusthealth_quarterly_trust_quarter_info",
  incidents: "trusthealth_incidents_total",
  timeToRecover: "trusthealth_incident_time_to_recover_median_seconds",
  timeToPostmortem: "trusthealth_incident_time_to_postmortem_median_seconds",
  completion: "trusthealth_action_items_completion_ratio",
  overdue: "trusthealth_action_items_overdue",
  orgWeeklyMean: "trusthealth_org_weekly_trust_mean",
  orgWeeklyResponses: "trusthealth_org_weekly_trust_responses",
  orgWeeklyTeams: "trusthealth_org_weekly_teams_included",
  orgQuarterlyTrust: "trusthealth_org_quarterly_trust_score",
  orgQuarterlyComponent: "trusthealth_org_quarterly_component_mean",
  orgQuarterlyTeams: "trusthealth_org_quarterly_teams_included",
} as const;

export async function renderMetrics(figures: { teams: TeamFigures[]; org: OrgFigures }) {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const team = ["team"];
  const g = {
    weeklyMean: gauge(METRICS.weeklyMean, "Mean weekly trust (1-5) of the team's latest closed, released week.", team),
    checkInResponses: gauge(METRICS.checkInResponses, "Responses in that week.", team),
    weeklyParticipation: gauge(METRICS.weeklyParticipation, "Responses / members at close, that week.", team),
    weeklyInfo: gauge(METRICS.weeklyInfo, "The ISO week the weekly series describe (value 1).", [...team, "week"]),
    weeklyStart: gauge(METRICS.weeklyStart, "When that week opened, on the team's clock.", team),
    quarterlyComponent: gauge(
      METRICS.quarterlyComponent,
      "Trust Equation component mean (1-5), latest released quarter.",
      [...team, "component"],
    ),
    quarterlyTrust: gauge(METRICS.quarterlyTrust, "Trust = (C + R + I) / S, latest released quarter.", team),
    quarterlyResponses: gauge(METRICS.quarterlyResponses, "Responses in that quarter's survey.", team),
    quarterlyInfo: gauge(METRICS.quarterlyInfo, "The quarter the quarterly series describe (value 1).", [
      ...team,
      "quarter",
    ]),
    timeToRecover: gauge(METRICS.timeToRecover, "Median time to recover (resolved - started), current quarter.", team),
    timeToPostmortem: gauge(
      METRICS.timeToPostmortem,
      "Median time to postmortem (published - resolved), current quarter.",
      team,
    ),
    completion: gauge(METRICS.completion, "Action items done on time / due, current quarter so far.", team),
    overdue: gauge(METRICS.overdue, "Open action items past their due date now.", team),
    orgWeeklyMean: gauge(METRICS.orgWeeklyMean, "Org-wide weekly trust mean, pooled over released teams only."),
    orgWeeklyResponses: gauge(METRICS.orgWeeklyResponses, "Responses behind the org-wide weekly mean."),
    orgWeeklyTeams: gauge(METRICS.orgWeeklyTeams, "Released teams in the org-wide weekly mean."),
    orgQuarterlyTrust: gauge(METRICS.orgQuarterlyTrust, "Org-wide Trust, pooled over released teams only."),
    orgQuarterlyComponent: gauge(METRICS.orgQuarterlyComponent, "Org-wide component mean, released teams only.", [
      "component",
    ]),
    orgQuarterlyTeams: gauge(METRICS.orgQuarterlyTeams, "Released teams in the org-wide quarter."),
  };
  const incidents = new Counter({
    name: METRICS.incidents,
    help: "Incidents recorded, by severity.",
    labelNames: ["team", "severity"],
    registers: [registry],
  });

  for (const t of figures.teams) {
    const l = { team: t.slug };
    if (t.week) {
      g.weeklyMean.set(l, t.week.mean);
      g.checkInResponses.set(l, t.week.n);
      if (t.week.participation !== null) g.weeklyParticipation.set(l, t.week.participation);
      g.weeklyInfo.set({ ...l, week: t.week.periodKey }, 1);
      g.weeklyStart.set(l, t.week.opensAt.getTime() / 1000);
    }
    if (t.quarter) {
      for (const c of COMPONENTS) g.quarterlyComponent.set({ ...l, component: c }, t.quarter.components[c]);
      g.quarterlyTrust.set(l, t.quarter.trust);
      g.quarterlyResponses.set(l, t.quarter.n);
      g.quarterlyInfo.set({ ...l, quarter: t.quarter.periodKey }, 1);
    }
    for (const s of SEVERITIES) incidents.inc({ ...l, severity: s }, t.incidentsBySeverity[s]);
    if (t.timeToRecoverSeconds !== null) g.timeToRecover.set(l, t.timeToRecoverSeconds);
    if (t.timeToPostmortemSeconds !== null) g.timeToPostmortem.set(l, t.timeToPostmortemSeconds);
    if (t.completionRate !== null) g.completion.set(l, t.completionRate);
    g.overdue.set(l, t.overdue);
  }
  const { week, quarter } = figures.org;
  if (week) {
    g.orgWeeklyMean.set(week.mean);
    g.orgWeeklyResponses.set(week.n);
    g.orgWeeklyTeams.set(week.teamsIncluded);
  }
  if (quarter) {
    g.orgQuarterlyTrust.set(quarter.trust);
    for (const c of COMPONENTS) g.orgQuarterlyComponent.set({ component: c }, quarter.components[c]);
    g.orgQuarterlyTeams.set(quarter.teamsIncluded);
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}
