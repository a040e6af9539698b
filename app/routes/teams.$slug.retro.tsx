import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ActionsFrame, IncidentsFrame, WeeklyTrustFrame } from "~/components/charts/timeline-frames";
import { Field } from "~/components/field";
import { PickerForm } from "~/components/picker-form";
import { SectionCard } from "~/components/section-card";
import { OpenItems, RecoveryChecklist } from "~/components/retro";
import { CommentsCard, WhatChanged } from "~/components/retro-sections";
import { dashboardTable, type DashboardSeries } from "~/domain/dashboard";
import { addCalendarDays, formatCalendarDate, parseCalendarDate } from "~/domain/wall-time";
import { calendarDayIn } from "~/domain/calendar-day";
import { listActionItems } from "~/models/action-items.server";
import { RETRO_MAX_WEEKS } from "~/domain/period-presets";
import { retroQuerySchema } from "~/domain/retro-query";
import { lastClosedWeekKey, loadRetro } from "~/models/retro.server";
import { memberChoices } from "~/models/teams.server";
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
  const members: Member[] = role === "lead" ? memberChoices(team.id) : [];
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
      <PickerForm label="Retro period" className="retro-picker period-picker">
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
      </PickerForm>
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
  return (
    <>
      <WhatChanged retro={retro} threshold={team.threshold} isLead={isLead} failure={failure} />

      <SectionCard headingId="charts-heading" title={<>This period on the team&apos;s timeline</>}>
        <p className="muted small">
          The shaded weeks are this retro&apos;s period. Weeks with fewer than {effectiveThreshold(team.threshold)}{" "}
          answers are gaps.
        </p>
        <WeeklyTrustFrame
          frame={{
            id: "retro-weekly",
            title: "Weekly trust",
            table: dashboardTable(d, "weekly"),
            csvHref: csv("weekly"),
          }}
          chart={{
            id: "retro-trust-line",
            weeks: d.weeks,
            incidents: d.incidents,
            dips: d.dips,
            axis: d.axis,
            timeZone: d.team.timeZone,
            height: 320,
            highlight: retro.highlight,
          }}
          participationLabel="Participation"
          incidentLabel={(s) => s}
        />
        <IncidentsFrame
          frame={{
            id: "retro-incidents",
            title: "Incidents and time to recover",
            table: dashboardTable(d, "incidents"),
            csvHref: csv("incidents"),
          }}
          chartId="retro-incident-bars"
          buckets={d.incidentBuckets}
          axis={d.axis}
        />
        <ActionsFrame
          frame={{
            id: "retro-actions",
            title: "Action items",
            table: dashboardTable(d, "actions"),
            csvHref: csv("actions"),
          }}
          chartId="retro-action-bars"
          buckets={d.actionBuckets}
          axis={d.axis}
        />
      </SectionCard>

      <CommentsCard
        retro={retro}
        slug={team.slug}
        tools={isLead ? { members, items: linkableItems, dueDefault, failure } : null}
      />

      <OpenItems items={retro.openItems} trackerHref={`/teams/${team.slug}/action-items`} />
      <RecoveryChecklist checklist={retro.checklist} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Retro · ${data?.team.name ?? "Team"} · Trust Health` },
];
