import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { SectionCard } from "~/components/section-card";

type Steps = {
  peopleNeeded: number;
  pendingInvites: number;
  webhookSet: boolean;
  firstResultsOn: string;
};

function Step({ done, children }: { done: boolean; children: ReactNode }) {
  return (
    <li className={done ? "step done" : "step"}>
      <span className="step-mark" aria-hidden="true">
        {done ? "✓" : ""}
      </span>
      <span className="sr-only">{done ? "Done: " : "To do: "}</span>
      <span>{children}</span>
    </li>
  );
}

/** A new team's checklist until its first week is released; members see only when results come. */
export function FirstSteps({
  steps,
  slug,
  threshold,
  isLead,
}: {
  steps: Steps;
  slug: string;
  threshold: number;
  isLead: boolean;
}) {
  const invited = steps.peopleNeeded === 0;
  return (
    <SectionCard headingId="first-steps-heading" title="First steps">
      <ol className="first-steps">
        {isLead ? (
          <>
            <Step done={invited}>
              {invited ? (
                <>Invite people: the team has enough people for results ({threshold} answers a week).</>
              ) : (
                <>
                  <Link to={`/teams/${slug}/invite`}>Invite people</Link>: results need {threshold} answers a week, so
                  invite at least {steps.peopleNeeded} more.
                  {steps.pendingInvites > 0 ? ` ${steps.pendingInvites} invited, not joined yet.` : null}
                </>
              )}
            </Step>
            <Step done={steps.webhookSet}>
              {steps.webhookSet ? (
                "Slack webhook added: the channel hears when the check opens."
              ) : (
                <>
                  <Link to={`/teams/${slug}/reminders`}>Add the Slack webhook</Link> so the team's channel hears when
                  the weekly check opens.
                </>
              )}
            </Step>
          </>
        ) : null}
        <Step done={false}>
          <strong>First results on {steps.firstResultsOn}</strong>, when this week's check closes — if at least{" "}
          {threshold} people answer it. <Link to={`/teams/${slug}/check-in`}>Answer this week's check</Link>.
        </Step>
      </ol>
    </SectionCard>
  );
}
