import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
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
import { CommentList, HelpToActionForm, IncidentTile, OpenItems, RecoveryChecklist } from "~/components/retro";
import { parseWeekKey } from "~/domain/cycles";
import { SANE_DATE_RANGE } from "~/domain/date-range";
import { dashboardTable, type DashboardSeries } from "~/domain/dashboard";
import {
  actionItemInputSchema,
  addCalendarDays,
  calendarDateIn,
  formatCalendarDate,
  parseCalendarDate,
  SEVERITIES,
} from "~/domain/incidents";
import { changeWords } from "~/domain/rollup";
import { actionItemRefErrors, createActionItem } from "~/models/action-items.server";
import { RETRO_MAX_WEEKS } from "~/domain/periods";
import { lastClosedWeekKey, loadRetro } from "~/models/retro.server";
import { listMembers } from "~/models/teams.server";
import { requireTeamRole } from "~/utils/auth.server";
import { formFailure, issuesToFieldErrors, parseFormData, type FormFailure } from "~/utils/forms.server";
import { redirectWithFlash } from "~/utils/session.server";

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
      { ...base, errors: issuesToFieldErrors(parsed.error), retro: null, members: [] as Member[], today: "" },
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
    today: calendarDateIn(now, team.timeZone),
  });
}

type Member = { userId: number; displayName: string };

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

function retroQuerySchema(lastClosed: string) {
  return z.object({
    weeks: z.preprocess(
      blank,
      z.coerce
        .number({ error: `Choose 1 to ${RETRO_MAX_WEEKS} weeks` })
        .int({ error: `Choose 1 to ${RETRO_MAX_WEEKS} weeks` })
        .min(1, { error: `Choose 1 to ${RETRO_MAX_WEEKS} weeks` })
        .max(RETRO_MAX_WEEKS, { error: `Choose 1 to ${RETRO_MAX_WEEKS} weeks` })
        .default(2),
    ),
    until: z.preprocess(
      blank,
      z
        .string()
        .refine((k) => parseWeekKey(k) !== null, { error: "Choose a week like 2026-W47" })
        .refine((k) => (parseWeekKey(k)?.isoYear ?? 9999) >= Number(SANE_DATE_RANGE.earliest.slice(0, 4)), {
          error: `Choose a week from ${SANE_DATE_RANGE.earliest.slice(0, 4)}-W01 on`,
        })
        .refine((k) => k <= lastClosed, {
          error: "Choose a week that has ended: results appear only after a week closes",
        })
        .optional(),
    ),
  });
}

const helpToActionSchema = z.object({
  intent: z.literal("action-from-help", { error: "This form is out of date. Reload the page and try again." }),
  title: z.string({ error: "Give the action item a title" }).optional(),
  ownerId: z.string({ error: "Choose an owner" }).optional(),
  dueDate: z.string({ error: "Due date must be a date like 2026-11-30" }).optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    form = new FormData();
  }
  const envelope = parseFormData(form, helpToActionSchema);
  // A wrong intent or a repeated field is not a typing mistake: one message above the form.
  if (envelope.failure)
    return formFailure(form, {}, 400, "This form could not be read. Reload the page and try again.");
  const title = envelope.data.title?.trim() ?? "";
  // Nothing ties the item to the comment's author: only the words travel, and the
  // source says "trust check" so the tracker shows where the request came from.
  const parsed = actionItemInputSchema.safeParse({
    title: title.length > 200 ? `${title.slice(0, 199)}…` : title,
    ownerId: envelope.data.ownerId,
    dueDate: envelope.data.dueDate,
    status: "open",
    source: "trust_check",
    notes:
      title.length > 200
        ? `Help request from a weekly trust check: ${title}`
        : "From a help request in a weekly trust check (anonymous).",
  });
  if (!parsed.success) return formFailure(form, issuesToFieldErrors(parsed.error));
  const refErrors = actionItemRefErrors(team.id, { ownerId: parsed.data.ownerId, incidentId: null });
  if (Object.keys(refErrors).length > 0) return formFailure(form, refErrors);
  createActionItem(team.id, parsed.data);
  const url = new URL(request.url);
  return redirectWithFlash(
    request,
    `/teams/${team.slug}/retro${url.search}`,
    "Action item created from a help request. It is on the action tracker.",
  );
}

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)} %`);
const two = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(2));

export default function RetroPage() {
  const { team, role, values, errors, retro, members, today } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  return (
    <div className="retro-view stack">
      <div className="spread">
        <h2 style={{ margin: 0 }}>Retro</h2>
        {retro ? (
          <p className="muted small" style={{ margin: 0 }}>
            {retro.current.label} against {retro.previous.label}
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
        <RetroBody retro={retro} team={team} role={role} members={members} today={today} failure={failure} />
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
  today,
  failure,
}: {
  retro: NonNullable<LoaderData["retro"]>;
  team: LoaderData["team"];
  role: string;
  members: LoaderData["members"];
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
                · {retro.current.actions.overdueAtEnd} overdue at the end
              </>
            }
          />
        </div>
        {d.dips.filter((a) => a.kind === "weekly" && a.periodKey >= retro.current.firstKey).length > 0 ? (
          <div className="alert warning" role="status" style={{ marginTop: "1rem" }}>
            {d.dips
              .filter((a) => a.kind === "weekly" && a.periodKey >= retro.current.firstKey)
              .map((a) => (
                <p key={a.periodKey} style={{ margin: 0 }}>
                  Dip alert: {a.message}.
                </p>
              ))}
          </div>
        ) : null}
        <QuarterChanges quarters={d.quarters} threshold={team.threshold} />
      </section>

      <SectionCard headingId="charts-heading" title={<>This period on the team&apos;s timeline</>}>
        <p className="muted small">
          The shaded weeks are this retro&apos;s period. Weeks with fewer than {Math.max(3, team.threshold)} answers are
          gaps.
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
        <h3>Why</h3>
        <CommentList comments={retro.comments.why} kind="why" />
        <h3 id="help-heading">Help needed</h3>
        {isLead && failure ? (
          <HelpToActionForm
            id="failed"
            title={failure.values.title ?? ""}
            members={members}
            dueDefault={failure.values.dueDate ?? dueDefault}
            ownerId={failure.values.ownerId}
            errors={failure.errors}
            formError={failure.formError}
          />
        ) : null}
        {retro.comments.help.length === 0 ? (
          <p className="muted">No help requests in this period.</p>
        ) : (
          <ul className="comment-list help" data-testid="help-comments">
            {retro.comments.help.map((text, i) => (
              <li key={i}>
                <blockquote style={{ margin: 0 }}>{text}</blockquote>
                {isLead ? (
                  <details>
                    <summary>Make this an action item</summary>
                    <HelpToActionForm id={String(i)} title={text} members={members} dueDefault={dueDefault} />
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <h3>Appreciation</h3>
        <CommentList comments={retro.comments.appreciation} kind="appreciation" />
        {retro.comments.survey.length > 0 ? (
          <>
            <h3>From the quarterly survey</h3>
            <CommentList comments={retro.comments.survey} kind="survey" />
          </>
        ) : null}
      </SectionCard>

      <OpenItems items={retro.openItems} trackerHref={`/teams/${team.slug}/actions`} />
      <RecoveryChecklist checklist={retro.checklist} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Retro · ${data?.team.name ?? "Team"} · Trust Health` },
];
