import type { SerializeFrom } from "@remix-run/node";
import type { ComponentProps } from "react";
import { QuarterChanges } from "~/components/charts/quarter-changes";
import { DipAlerts } from "~/components/dip-alerts";
import { IncidentTile } from "~/components/retro";
import { RetroComments } from "~/components/retro-comments";
import { SectionCard } from "~/components/section-card";
import { Tile } from "~/components/tile";
import { changeWords } from "~/domain/rollup";
import type { RetroView } from "~/models/retro.server";
import type { FormFailure } from "~/utils/forms.server";
import { pct, two } from "~/utils/format";

/** Sections of the retro page (app/routes/teams.$slug.retro.tsx): what changed, and what people wrote. */

type Retro = SerializeFrom<RetroView>;

/** This period against the one before: trust, participation, incidents, action items, dips and quarters. */
export function WhatChanged({
  retro,
  threshold,
  isLead,
  failure,
}: {
  retro: Retro;
  threshold: number;
  isLead: boolean;
  failure?: FormFailure;
}) {
  const change = retro.trust.change;
  return (
    <section aria-labelledby="changed-heading">
      <h2 id="changed-heading">What changed</h2>
      <div className="what-changed">
        <Tile
          testId="retro-trust-change"
          label="Weekly trust"
          value={two(retro.trust.current?.mean)}
          note={
            <>
              {retro.trust.current ? `95 % ${two(retro.trust.current.low)}–${two(retro.trust.current.high)} now; ` : ""}
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
      <QuarterChanges quarters={retro.dashboard.quarters} threshold={threshold} />
    </section>
  );
}

/** The released comments of the period by kind; a lead gets the follow-up tools (`tools`). */
export function CommentsCard({
  retro,
  slug,
  tools,
}: {
  retro: Retro;
  slug: string;
  tools: ComponentProps<typeof RetroComments>["tools"];
}) {
  return (
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
            slug={slug}
            votes={retro.votes}
            tools={tools}
          />
        ),
      )}
    </SectionCard>
  );
}
