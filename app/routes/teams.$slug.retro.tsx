import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ActionsChart, COMPLETION_COLOR, OVERDUE_COLOR } from "~/components/charts/actions-chart";
import { ChartFrame, LegendItem } from "~/components/charts/chart-frame";
import { IncidentsChart } from "~/components/charts/incidents-chart";
import { QuarterChanges } from "~/components/charts/quarter-changes";
import {
  BAND_COLOR,
  DIP_COLOR,
  PARTICIPATION_COLOR,
  SEVERITY_COLORS,
  TRUST_COLOR,
} from "~/components/charts/time-axis";
import { TrustChart } from "~/components/charts/trust-chart";
import { Field } from "~/components/field";
import { SectionCard } from "~/components/section-card";
import { Tile } from "~/components/tile";
import { IncidentTile, OpenItems, RecoveryChecklist } from "~/components/retro";
import { DipAlerts } from "~/components/dip-alerts";
import { RetroComments } from "~/components/retro-comments";
import { dashboardTable, type DashboardSeries } from "~/domain/dashboard";
import { addCalendarDays, formatCalendarDate, parseCalendarDate } from "~/domain/wall-time";
import { calendarDayIn } from "~/domain/calendar-day";
import { SEVERITIES } from "~/domain/incidents";
import { changeWords } from "~/domain/rollup";
import { listActionItems } from "~/models/action-items.server";
import { RETRO_MAX_WEEKS } from "~/domain/period-presets";
import { retroQuerySchema } from "~/domain/retro-query";
import { lastClosedWeekKey, loadRetro } from "~/models/retro.server";
import { listMembers } from "~/models/teams.server";
import { requireTeamRole } from "~/utils/auth.server";
import { issuesToFieldErrors, type FormFailure } from "~/utils/forms.server";
import { handleRetroAction } from "~/utils/retro-actions.server";
import { effectiveThreshold } from "~/domain/threshold";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team, role } = await requireTeamRole(request, params.slug);
  const now = new Date();
  const url = new URL(request.url);
  const lastClosed = lastClosedWeekKey(team, now);
  const values = { weeks: url.searchParams.get("weeks") ?? "", until: url.searchParams.get("until") ?? "" };
  const parsed = retroQuerySchema(lastClosed).safeParse(values);
  const base = {
    team: { name: team.name, slug: team.slug, threshold: team.threshold, timeZone: team.timeZone },
    role,
    values,
  };
  if (!parsed.success) {
    return json(
      {
        ...base,
        errors: issuesToFieldErrors(parsed.error),
        retro: null,
        members: [] as Member[],
        linkableItems: [] as { id: number; title: string }[],
        today: "",
      },
      { status: 400 },
    );
  }
  const retro = loadRetro(team, { weeks: parsed.data.weeks, until: parsed.data.until ?? lastClosed }, now);
  const members: Member[] =
    role === "lead" ? listMembers(team.id).map((m) => ({ userId: m.userId, displayName: m.displayName })) : [];
  return json({
    ...base,
    errors: {} as Record<string, string>,
    retro,
    members,
    linkableItems:
      role === "lead" ? listActionItems(team.id, { limit: 200 }).map((i) => ({ id: i.id, title: i.title })) : [],
    today: calendarDayIn(now, team.timeZone),
  });
}

type Member = { userId: number; displayName: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const url = new URL(request.url);
  return handleRetroAction(request, team, `/teams/${team.slug}/retro${url.search}`);
}

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)} %`);
const two = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(2));

export default function RetroPage() {
  const { team, role, values, errors, retro, members, linkableItems, today } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <div className="retro-view stack">
      <div className="spread">
        <h2 style={{ margin: 0 }}>Retro</h2>
        {retro ? (
          <p className="muted small" style={{ margin: 0 }}>
            {retro.current.label} against {retro.previous.label} ·{" "}
            <a href={`/teams/${team.slug}/retro/present?weeks=${retro.weeks}&until=${retro.until}`}>Meeting mode</a> ·{" "}
            <a href={`/teams/${team.slug}/retro/vote?weeks=${retro.weeks}&until=${retro.until}`}>Vote</a> ·{" "}
            <a href={`/teams/${team.slug}/review`}>Action review</a>
          </p>
        ) : null}
      </div>
      <Form method="get" className="retro-picker period-picker" aria-label="Retro period">
        <Field
          name="weeks"
          id="retro-weeks"
          errorId="weeks-error"
          label="Weeks in this retro"
          error={errors.weeks}
          defaultValue={values.weeks || String(retro?.weeks ?? 2)}
        >
          {(control) => (
            <select {...control}>
              {Array.from({ length: RETRO_MAX_WEEKS }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n === 1 ? "1 week" : `${n} weeks`}
                </option>
              ))}
              {values.weeks && !/^(?:[1-9]|1[0-3])$/.test(values.weeks) ? (
                <option value={values.weeks}>{values.weeks}</option>
              ) : null}
            </select>
          )}
        </Field>
        <Field
          name="until"
          id="retro-until"
          errorId="until-error"
          label="Ending with"
          error={errors.until}
          defaultValue={values.until || retro?.until || ""}
        >
          {(control) => (
            <select {...control}>
              {(retro?.weekChoices ?? []).map((c) => (
                <option key={c.key} value={c.key}>
                  {c.label}
                </option>
              ))}
              {values.until && !retro ? <option value={values.until}>{values.until}</option> : null}
            </select>
          )}
        </Field>
        <div className="field">
          <button type="submit">Show</button>
        </div>
      </Form>
      {retro ? (
        <RetroBody
          retro={retro}
          team={team}
          role={role}
          members={members}
          linkableItems={linkableItems}
          today={today}
          failure={failure}
        />
      ) : (
        <p className="muted">
          <a href={`/teams/${team.slug}/retro`}>Show the last two weeks</a>
        </p>
      )}
    </div>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function RetroBody({
  retro,
  team,
  role,
  members,
  linkableItems,
  today,
  failure,
}: {
  retro: NonNullable<LoaderData["retro"]>;
  team: LoaderData["team"];
  role: string;
  members: LoaderData["members"];
  linkableItems: LoaderData["linkableItems"];
  today: string;
  failure?: FormFailure;
}) {
  const d = retro.dashboard;
  const search = `period=custom&from=${d.period.fromDate}&to=${d.period.toDate}`;
  const csv = (series: DashboardSeries) => `/teams/${team.slug}/dashboard.csv?series=${series}&${search}`;
  const isLead = role === "lead";
  const dueDefault = formatCalendarDate(addCalendarDays(parseCalendarDate(today)!, 14));
  const change = retro.trust.change;
  return (
    <>
      <section aria-labelledby="changed-heading">
        <h2 id="changed-heading">What changed</h2>
        <div className="what-changed">
          <Tile
            testId="retro-trust-change"
            label="Weekly trust"
            value={two(retro.trust.current?.mean)}
            note={
              <>
                {retro.trust.current
                  ? `95 % ${two(retro.trust.current.low)}–${two(retro.trust.current.high)} now; `
                  : ""}
                {retro.trust.previous
                  ? `${two(retro.trust.previous.low)}–${two(retro.trust.previous.high)} before. `
                  : ""}
                {retro.trust.basis}
              </>
            }
          >
            <div>
              was {two(retro.trust.previous?.mean)} —{" "}
              <span className={change === "rise" ? "change-rise" : change === "dip" ? "change-dip" : "change-none"}>
                {changeWords(change)}
              </span>
            </div>
          </Tile>
          <Tile
            label="Participation"
            value={pct(retro.current.participation)}
            note={
              <>
                was {pct(retro.previous.participation)} · average of the released weeks ({retro.current.releasedWeeks}{" "}
                now, {retro.previous.releasedWeeks} before)
              </>
            }
          />
          <IncidentTile title="Incidents" now={retro.current} before={retro.previous} />
          <Tile
            label="Action items done on time"
            value={retro.current.actions.due === 0 ? "—" : pct(retro.current.actions.completionRate)}
            note={
              <>
                {retro.current.actions.due === 0
                  ? "None were due in this period"
                  : `${retro.current.actions.doneOnTime} of ${retro.current.actions.due} due were done on time`}
                ;{" "}
                {retro.previous.actions.due === 0
                  ? "none were due before"
                  : `${pct(retro.previous.actions.completionRate)} before (${retro.previous.actions.doneOnTime} of ${retro.previous.actions.due})`}{" "}
                · {retro.current.actions.overdue} overdue at the end
              </>
            }
          />
        </div>
        <DipAlerts dips={retro.dipAlerts} isLead={isLead} failure={failure} />
        <QuarterChanges quarters={d.quarters} threshold={team.threshold} />
      </section>

      <SectionCard headingId="charts-heading" title={<>This period on the team&apos;s timeline</>}>
        <p className="muted small">
          The shaded weeks are this retro&apos;s period. Weeks with fewer than {effectiveThreshold(team.threshold)}{" "}
          answers are gaps.
        </p>
        <ChartFrame
          id="retro-weekly"
          title="Weekly trust"
          table={dashboardTable(d, "weekly")}
          csvHref={csv("weekly")}
          legend={
            <>
              <LegendItem color={TRUST_COLOR} label="Mean trust" />
              <LegendItem color={BAND_COLOR} label="95 % interval" shape="box" />
              <LegendItem color={PARTICIPATION_COLOR} label="Participation" shape="box" />
              {SEVERITIES.map((s) => (
                <LegendItem key={s} color={SEVERITY_COLORS[s]} label={s} shape="dot" />
              ))}
              <LegendItem color={DIP_COLOR} label="Dip alert" shape="ring" />
            </>
          }
        >
          {(width) => (
            <TrustChart
              id="retro-trust-line"
              weeks={d.weeks}
              incidents={d.incidents}
              dips={d.dips}
              axis={d.axis}
              timeZone={d.team.timeZone}
              width={width}
              height={320}
              highlight={retro.highlight}
            />
          )}
        </ChartFrame>
        <ChartFrame
          id="retro-incidents"
          title="Incidents and time to recover"
          table={dashboardTable(d, "incidents")}
          csvHref={csv("incidents")}
        >
          {(width) => (
            <IncidentsChart id="retro-incident-bars" buckets={d.incidentBuckets} axis={d.axis} width={width} />
          )}
        </ChartFrame>
        <ChartFrame
          id="retro-actions"
          title="Action items"
          table={dashboardTable(d, "actions")}
          csvHref={csv("actions")}
          legend={
            <>
              <LegendItem color={COMPLETION_COLOR} label="Completed on time" shape="box" />
              <LegendItem color={OVERDUE_COLOR} label="Overdue at end" />
            </>
          }
        >
          {(width) => <ActionsChart id="retro-action-bars" buckets={d.actionBuckets} axis={d.axis} width={width} />}
        </ChartFrame>
      </SectionCard>

      <SectionCard headingId="comments-heading" title="What people wrote">
        <p className="muted small">
          From the released weeks of this period, in random order, with no scores beside them.
        </p>
        <p className="muted small">
          What the team did with a comment is shown to everyone under &ldquo;You said, we did&rdquo;. It needs no
          authorship: nobody&apos;s name is stored with a comment, a vote or a reply.
        </p>
        {(["why", "help", "appreciation", "survey"] as const).map((kind) =>
          kind === "survey" && retro.comments.survey.length === 0 ? null : (
            <RetroComments
              key={kind}
              kind={kind}
              comments={retro.comments[kind]}
              slug={team.slug}
              votes={retro.votes}
              tools={isLead ? { members, items: linkableItems, dueDefault, failure } : null}
            />
          ),
        )}
      </SectionCard>

      <OpenItems items={retro.openItems} trackerHref={`/teams/${team.slug}/actions`} />
      <RecoveryChecklist checklist={retro.checklist} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Retro · ${data?.team.name ?? "Team"} · Trust Health` },
];
