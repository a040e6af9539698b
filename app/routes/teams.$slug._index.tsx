import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FirstSteps } from "~/components/first-steps";
import { PostButton } from "~/components/post-button";
import { ReleasedSummary } from "~/components/released-summary";
import { SectionCard } from "~/components/section-card";
import { Table } from "~/components/table";
import { YouSaidWeDid } from "~/components/you-said-we-did";
import { cycleStatus } from "~/domain/cycles";
import { hasParticipated } from "~/models/answers.server";
import { currentSurveyWindow, currentWeeklyWindow, findCycle } from "~/models/cycles.server";
import { recentFollowUps } from "~/models/comment-follow-ups.server";
import { firstStepsForTeam } from "~/models/first-steps.server";
import { listPendingInvites, revokeInvite } from "~/models/invites.server";
import { latestReleased } from "~/models/results.server";
import { listMembers } from "~/models/teams.server";
import { requireTeamRole } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import { parseForm } from "~/utils/forms.server";
import { revokeInviteSchema } from "~/utils/team-forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { effectiveThreshold } from "~/domain/threshold";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, team, role } = await requireTeamRole(request, params.slug);
  const members = listMembers(team.id).map((m) => ({
    userId: m.userId,
    displayName: m.displayName,
    role: m.role,
    isMe: m.userId === user.id,
  }));
  const invites =
    role === "lead"
      ? listPendingInvites(team.id).map((i) => ({
          id: i.id,
          email: i.email,
          role: i.role,
          expiresAt: i.expiresAt.toISOString(),
        }))
      : [];
  const now = new Date();
  const week = currentWeeklyWindow(team, now);
  const weekCycle = findCycle(team.id, "weekly", week.periodKey);
  const quarter = currentSurveyWindow(team, now);
  const quarterCycle = findCycle(team.id, "quarterly", quarter.periodKey);
  const surveyStatus = cycleStatus(
    quarterCycle ? { ...quarter, opensAt: quarterCycle.opensAt, closesAt: quarterCycle.closesAt } : quarter,
    now,
  );
  const openNow = {
    weekly: { label: week.label, answered: weekCycle ? hasParticipated(weekCycle.id, user.id) : false },
    survey: {
      label: quarter.label,
      status: surveyStatus,
      opensAt: quarter.opensAt.toISOString(),
      answered: quarterCycle ? hasParticipated(quarterCycle.id, user.id) : false,
    },
  };
  const released = latestReleased(team, now);
  const steps = firstStepsForTeam(team, now);
  return json({
    team: { name: team.name, slug: team.slug, timeZone: team.timeZone, threshold: team.threshold },
    role,
    members,
    invites,
    openNow,
    released,
    weDid: recentFollowUps(team.id, 10),
    firstSteps: steps
      ? {
          peopleNeeded: steps.peopleNeeded,
          pendingInvites: steps.pendingInvites,
          webhookSet: steps.webhookSet,
          firstResultsOn: steps.firstResultsOn,
        }
      : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const { data, failure } = await parseForm(request, revokeInviteSchema);
  if (failure) return failure;
  revokeInvite(team.id, data.inviteId);
  return redirectWithFlash(request, `/teams/${team.slug}`, "Invite revoked.");
}

export default function TeamHome() {
  const { team, role, members, invites, openNow, released, weDid, firstSteps } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      {firstSteps ? (
        <FirstSteps
          steps={firstSteps}
          slug={team.slug}
          threshold={effectiveThreshold(team.threshold)}
          isLead={role === "lead"}
        />
      ) : null}
      <SectionCard headingId="open-heading" title="Open for you now">
        <ul className="open-list">
          <li>
            <strong>Weekly trust check</strong> — {openNow.weekly.label}:{" "}
            {openNow.weekly.answered ? (
              <span className="badge ok">answered</span>
            ) : (
              <Link to={`/teams/${team.slug}/check-in`}>answer now (under a minute)</Link>
            )}
          </li>
          <li>
            <strong>Quarterly survey</strong> — {openNow.survey.label}:{" "}
            {openNow.survey.status === "open" ? (
              openNow.survey.answered ? (
                <span className="badge ok">answered</span>
              ) : (
                <Link to={`/teams/${team.slug}/survey`}>answer now (a few minutes)</Link>
              )
            ) : openNow.survey.status === "upcoming" ? (
              <span className="muted">opens {formatDate(openNow.survey.opensAt, team.timeZone)}</span>
            ) : (
              <span className="muted">closed for this quarter</span>
            )}
          </li>
        </ul>
      </SectionCard>
      <ReleasedSummary week={released.week} quarter={released.quarter} threshold={team.threshold} />
      <YouSaidWeDid entries={weDid} slug={team.slug} />
      <SectionCard
        headingId="members-heading"
        title={<>Members ({members.length})</>}
        aside={
          role === "lead" ? (
            <Link className="button secondary" to={`/teams/${team.slug}/invite`}>
              Invite someone
            </Link>
          ) : null
        }
      >
        <ul>
          {members.map((m) => (
            <li key={m.userId}>
              {m.displayName} {m.isMe ? <span className="muted">(you)</span> : null}{" "}
              {m.role === "lead" ? <span className="badge lead">lead</span> : null}
            </li>
          ))}
        </ul>
        <p className="muted small">
          Time zone {team.timeZone}. Results are shown only for {team.threshold} or more answers, and only after a check
          has closed.
        </p>
      </SectionCard>
      {role === "lead" ? (
        <SectionCard headingId="invites-heading" title="Pending invites">
          {invites.length === 0 ? (
            <p className="muted">No pending invites.</p>
          ) : (
            <Table
              cards
              columns={[
                "Email",
                "Role",
                "Expires",
                <span key="actions" className="sr-only">
                  Actions
                </span>,
              ]}
            >
              {invites.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{i.role}</td>
                  <td>{formatDate(i.expiresAt, team.timeZone)}</td>
                  <td>
                    <PostButton intent="revoke-invite" fields={{ inviteId: i.id }} className="link">
                      Revoke
                    </PostButton>
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </SectionCard>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.team.name ?? "Team"} · Trust Health` },
];
