import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/field";
import { PostButton } from "~/components/post-button";
import { SectionCard } from "~/components/section-card";
import { Table } from "~/components/table";
import { TimeZoneField } from "~/components/time-zone-select";
import { thresholdWarning } from "~/domain/threshold";
import { MAX_QUARTERLY_WINDOW_DAYS } from "~/domain/cycles";
import { allTimeZones } from "~/domain/teams";
import {
  countLeads,
  getMembership,
  listMembers,
  removeMember,
  setMemberRole,
  updateTeamSettings,
} from "~/models/teams.server";
import { revokeInvitesBy } from "~/models/invites.server";
import { requireTeamRole } from "~/utils/auth.server";
import { failureOf } from "~/utils/form-state";
import { formFailure, parseForm } from "~/utils/forms.server";
import { settingsSchema } from "~/utils/team-forms.server";
import { redirectWithFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, team } = await requireTeamRole(request, params.slug, "lead");
  const members = listMembers(team.id);
  return json({
    thresholdWarning: thresholdWarning(team.threshold, members.length),
    team: {
      name: team.name,
      slug: team.slug,
      timeZone: team.timeZone,
      threshold: team.threshold,
      surveyWindowDays: team.surveyWindowDays,
    },
    members: members.map((m) => ({
      userId: m.userId,
      displayName: m.displayName,
      email: m.email,
      role: m.role,
      isMe: m.userId === user.id,
    })),
    timeZones: allTimeZones(),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const { form, data, failure } = await parseForm(request, settingsSchema);
  if (failure) return failure;
  const back = `/teams/${team.slug}/settings`;
  switch (data.intent) {
    case "settings":
      updateTeamSettings(team.id, {
        name: data.name,
        timeZone: data.timeZone,
        threshold: data.threshold,
        surveyWindowDays: data.surveyWindowDays,
      });
      {
        const warning = thresholdWarning(data.threshold, listMembers(team.id).length);
        return redirectWithFlash(request, back, warning ? `Settings saved. ${warning}` : "Settings saved.");
      }
    case "role": {
      const target = getMembership(team.id, data.userId);
      if (!target) return formFailure(form, {}, 404, "That person is not on this team.");
      if (target.role === "lead" && data.role === "member" && countLeads(team.id) <= 1) {
        return formFailure(form, {}, 400, "A team needs at least one lead. Make someone else a lead first.");
      }
      setMemberRole(team.id, data.userId, data.role);
      const revoked = target.role === "lead" && data.role === "member" ? revokeInvitesBy(team.id, data.userId) : 0;
      return redirectWithFlash(request, back, `Role changed.${revokedNote(revoked)}`);
    }
    case "remove": {
      const target = getMembership(team.id, data.userId);
      if (!target) return formFailure(form, {}, 404, "That person is not on this team.");
      if (target.role === "lead" && countLeads(team.id) <= 1) {
        return formFailure(form, {}, 400, "You cannot remove the team's only lead.");
      }
      removeMember(team.id, data.userId);
      const revoked = target.role === "lead" ? revokeInvitesBy(team.id, data.userId) : 0;
      return redirectWithFlash(
        request,
        back,
        `Removed from the team. Their past anonymous answers stay in the team's results.${revokedNote(revoked)}`,
      );
    }
  }
}

function revokedNote(n: number): string {
  if (n === 0) return "";
  return ` ${n} pending invite${n === 1 ? "" : "s"} they created ${n === 1 ? "was" : "were"} revoked.`;
}

export default function TeamSettings() {
  const { team, members, timeZones, thresholdWarning: warning } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const result = failureOf(data);
  const busy = useNavigation().state === "submitting";
  const { values, errors } = failureOf(data, "settings");
  return (
    <div className="stack">
      <FormError message={result.formError} />
      <SectionCard headingId="settings-heading" title="Team settings">
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="settings" />
          <Field name="name" label="Team name" defaultValue={values.name ?? team.name} error={errors.name} required />
          <TimeZoneField zones={timeZones} value={values.timeZone ?? team.timeZone} error={errors.timeZone} />
          <Field
            name="threshold"
            label="Anonymity threshold"
            type="number"
            hint="No result is shown for fewer answers than this. Never below 3."
            defaultValue={values.threshold ?? String(team.threshold)}
            error={errors.threshold}
            inputProps={
              warning
                ? { min: 3, step: 1, "aria-describedby": "field-threshold-hint threshold-warning" }
                : { min: 3, step: 1 }
            }
          />
          {warning ? (
            <div id="threshold-warning" className="alert warning" data-testid="threshold-warning">
              {warning}
            </div>
          ) : null}
          <Field
            name="surveyWindowDays"
            label="Quarterly survey window (days)"
            type="number"
            hint="The survey opens on the first Monday of each quarter and stays open this many days. A survey someone has already answered keeps its window; the change applies to the others."
            defaultValue={values.surveyWindowDays ?? String(team.surveyWindowDays)}
            error={errors.surveyWindowDays}
            inputProps={{ min: 1, max: MAX_QUARTERLY_WINDOW_DAYS }}
          />
          <button type="submit" disabled={busy}>
            Save settings
          </button>
        </Form>
      </SectionCard>
      <SectionCard headingId="integrations-heading" title="Integrations">
        <ul>
          <li>
            <Link to={`/teams/${team.slug}/tokens`}>API tokens</Link> — for the JSON API under /api/v1 (create, revoke).
          </li>
          <li>
            <Link to={`/teams/${team.slug}/import`}>Import incidents and action items from CSV</Link>
          </li>
          <li>
            <Link to={`/teams/${team.slug}/reminders`}>Reminders and Slack webhook</Link>
          </li>
          <li>
            <Link to={`/teams/${team.slug}/pager`}>Connect PagerDuty or Opsgenie</Link> — incidents from the pager.
          </li>
          <li>
            <Link to={`/teams/${team.slug}/password-reset`}>Password reset links</Link> — for someone who cannot sign
            in.
          </li>
        </ul>
      </SectionCard>
      <SectionCard headingId="people-heading" title="People">
        <p className="muted" data-testid="lead-removal-note">
          Removing a lead, or making a lead a member, also revokes the invites they created that are still pending:
          those links stop working at once.
        </p>
        <Table cards columns={["Name", "Email", "Role", "Remove"]}>
          {members.map((m) => (
            <tr key={m.userId}>
              <td>
                {m.displayName} {m.isMe ? <span className="muted">(you)</span> : null}
              </td>
              <td>{m.email}</td>
              <td>
                <Form method="post" className="row">
                  <input type="hidden" name="intent" value="role" />
                  <input type="hidden" name="userId" value={m.userId} />
                  <label className="sr-only" htmlFor={`role-${m.userId}`}>
                    Role of {m.displayName}
                  </label>
                  <select id={`role-${m.userId}`} name="role" defaultValue={m.role} style={{ width: "auto" }}>
                    <option value="member">member</option>
                    <option value="lead">lead</option>
                  </select>
                  <button type="submit" className="secondary">
                    Change
                  </button>
                </Form>
              </td>
              <td>
                {m.isMe ? (
                  <span className="muted small">—</span>
                ) : (
                  <PostButton
                    intent="remove"
                    fields={{ userId: m.userId }}
                    className="danger"
                    aria-label={`Remove ${m.displayName}`}
                  >
                    Remove
                  </PostButton>
                )}
              </td>
            </tr>
          ))}
        </Table>
      </SectionCard>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Team settings · Trust Health" }];
