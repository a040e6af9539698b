import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AccountSecurity } from "~/components/account-security";
import { FormError } from "~/components/field";
import { REMINDER_KIND_LABELS, REMINDER_KINDS, type ReminderKind } from "~/domain/reminders";
import { myRecentReminders } from "~/models/reminders/history.server";
import {
  getReminderPrefs,
  hasCalendarToken,
  revokeCalendarToken,
  rotateCalendarToken,
  setReminderPrefs,
} from "~/models/reminders/settings.server";
import { inAppLink } from "~/models/reminders/messages";
import { limitMessage, loginSucceeded, reserveLoginAttempt } from "~/models/login-limits.server";
import { changePassword } from "~/models/password-resets.server";
import { countUserSessions } from "~/models/sessions.server";
import { listTeamsForUser } from "~/models/teams.server";
import { getUserByEmail } from "~/models/users.server";
import { requireUser } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";
import { meSchema } from "~/utils/account-forms.server";
import { formFailure, parseForm } from "~/utils/forms.server";
import { verifyPassword } from "~/utils/password.server";
import { getSession, redirectWithFlash, signIn, signOutEverywhere } from "~/utils/session.server";
import { publicOrigin } from "~/utils/url.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const env = getEnv();
  const teams = listTeamsForUser(user.id);
  const byId = new Map(teams.map((t) => [t.id, t]));
  const recent = myRecentReminders(
    user.id,
    teams.map((t) => t.id),
  ).map((r) => {
    const team = byId.get(r.teamId)!;
    const at = format(new TZDate(Date.parse(r.at), team.timeZone), "EEE d MMM yyyy, HH:mm");
    return {
      id: r.id,
      what: r.what,
      teamName: team.name,
      href: inAppLink(r, team.slug),
      channel: r.channel,
      status: r.status,
      at,
    };
  });
  return json({
    prefs: getReminderPrefs(user.id),
    delivery: env.REMINDERS === "off" ? ("off" as const) : env.SMTP_URL ? ("email" as const) : ("app" as const),
    email: user.email,
    hasCalendar: hasCalendarToken(user.id),
    sessions: countUserSessions(user.id),
    leadTeams: teams.filter((t) => t.role === "lead").map((t) => ({ name: t.name, slug: t.slug })),
    recent,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { form, data, failure } = await parseForm(request, meSchema);
  if (failure) return failure;
  switch (data.intent) {
    case "password": {
      if (data.newPassword !== data.newPasswordConfirm)
        return formFailure(form, { newPasswordConfirm: "The new passwords do not match" });
      // The same limit as signing in: a borrowed session cannot guess the password either.
      const reservation = reserveLoginAttempt(user.email, (context as { clientAddress?: string }).clientAddress);
      if (!reservation.ok) return formFailure(form, {}, 429, limitMessage(reservation.kind, reservation.minutes));
      const stored = getUserByEmail(user.email);
      if (!stored || !(await verifyPassword(data.currentPassword, stored.passwordHash)))
        return formFailure(form, { currentPassword: "That is not your current password" });
      loginSucceeded(user.email, reservation.ids);
      await changePassword(user.id, data.newPassword);
      const session = await getSession(request);
      session.flash("flash", {
        kind: "success",
        message: "Password changed. You were signed out everywhere else; this browser stays signed in.",
      });
      return redirect("/me", { headers: { "Set-Cookie": await signIn(request, user.id, session) } });
    }
    case "signout-everywhere":
      return redirect("/login", {
        headers: {
          "Set-Cookie": await signOutEverywhere(
            request,
            user.id,
            "You are signed out everywhere, on this browser too. Sign in again to continue.",
          ),
        },
      });
    case "prefs": {
      const enabled = new Set<ReminderKind>(data.enabled);
      setReminderPrefs(user.id, enabled);
      const off = REMINDER_KINDS.length - enabled.size;
      return redirectWithFlash(
        request,
        "/me",
        off === 0
          ? "Saved. You get every kind of reminder."
          : `Saved. ${off} kind${off === 1 ? " is" : "s are"} turned off.`,
      );
    }
    case "calendar-rotate": {
      const token = rotateCalendarToken(user.id);
      // Shown once, in this response only: the database keeps its sha256.
      return json(
        { ok: true as const, calendarUrl: `${publicOrigin(request)}/calendar/${token}.ics` },
        { headers: { "Cache-Control": "no-store" } },
      );
    }
    case "calendar-revoke":
      revokeCalendarToken(user.id);
      return redirectWithFlash(request, "/me", "Calendar link turned off. Calendars subscribed to it stop updating.");
  }
}

const GROUPS: Array<{ title: string; kinds: ReminderKind[] }> = [
  { title: "Weekly trust check", kinds: ["weekly_open", "weekly_followup"] },
  { title: "Quarterly trust survey", kinds: ["survey_open", "survey_followup"] },
  { title: "Action items you own", kinds: ["action_due_soon", "action_overdue"] },
  { title: "For team leads", kinds: ["review_summary", "dip_alert"] },
];

export default function MyReminders() {
  const { prefs, delivery, email, hasCalendar, sessions, leadTeams, recent } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failure = result && !result.ok ? result : undefined;
  return (
    <div className="stack">
      <h1 style={{ marginBottom: 0 }}>My reminders</h1>
      <FormError
        message={
          failure?.formError ??
          (failure && failure.values.intent !== "password" ? Object.values(failure.errors)[0] : undefined)
        }
      />
      <section className="card" aria-labelledby="prefs-heading">
        <h2 id="prefs-heading" style={{ marginTop: 0 }}>
          What to remind me of
        </h2>
        <p className="muted">
          {delivery === "email"
            ? `Reminders go to ${email}.`
            : delivery === "app"
              ? "This installation sends no email; your reminders are listed below on this page."
              : "Reminders are turned off on this installation."}{" "}
          At most two reminders per check or survey, never after you have answered, never before 09:00 or after 20:00 in
          your team’s time zone.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="prefs" />
          {GROUPS.map((group) => (
            <fieldset key={group.title} className="field">
              <legend>{group.title}</legend>
              {group.kinds.map((kind) => (
                <div key={kind} className="row" style={{ alignItems: "flex-start" }}>
                  <input
                    type="checkbox"
                    id={`kind-${kind}`}
                    name="enabled"
                    value={kind}
                    defaultChecked={prefs[kind]}
                    style={{ width: "auto", marginTop: 4 }}
                    aria-describedby={`kind-${kind}-hint`}
                  />
                  <label htmlFor={`kind-${kind}`}>
                    {REMINDER_KIND_LABELS[kind].label}
                    <span className="hint" id={`kind-${kind}-hint`}>
                      {REMINDER_KIND_LABELS[kind].hint}
                    </span>
                  </label>
                </div>
              ))}
            </fieldset>
          ))}
          <button type="submit" disabled={busy}>
            Save reminder settings
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="calendar-heading">
        <h2 id="calendar-heading" style={{ marginTop: 0 }}>
          Calendar feed
        </h2>
        <p className="muted">
          Subscribe to your teams’ rituals in any calendar app: the weekly check, the quarterly survey window, the
          two-weekly action-item review, and the action items you own on their due dates. The link is secret — anyone
          who has it can read those dates and item titles — so make a new one if it leaks; the old one stops working at
          once.
        </p>
        {result?.ok ? (
          <div role="status">
            <p>Copy this link now and add it to your calendar as a subscription (“From URL”). It is shown only once.</p>
            <code className="copy" data-testid="calendar-url">
              {result.calendarUrl}
            </code>
          </div>
        ) : null}
        <div className="row">
          <Form method="post">
            <input type="hidden" name="intent" value="calendar-rotate" />
            <button type="submit" disabled={busy}>
              {hasCalendar ? "Make a new calendar link" : "Create my calendar link"}
            </button>
          </Form>
          {hasCalendar ? (
            <Form method="post">
              <input type="hidden" name="intent" value="calendar-revoke" />
              <button type="submit" className="secondary" disabled={busy}>
                Turn the calendar link off
              </button>
            </Form>
          ) : null}
        </div>
      </section>

      <section className="card" aria-labelledby="recent-heading">
        <h2 id="recent-heading" style={{ marginTop: 0 }}>
          Your reminders in the last 30 days
        </h2>
        {recent.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul className="open-list">
            {recent.map((r) => (
              <li key={r.id}>
                <Link to={r.href}>{r.what}</Link>{" "}
                <span className="muted small">
                  · {r.teamName} · {r.at} ·{" "}
                  {r.channel === "app" ? "in the app" : r.status === "sent" ? "emailed" : r.status}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <AccountSecurity
        sessions={sessions}
        errors={failure?.values.intent === "password" ? failure.errors : {}}
        busy={busy}
      />

      {leadTeams.length > 0 ? (
        <section className="card" aria-labelledby="lead-heading">
          <h2 id="lead-heading" style={{ marginTop: 0 }}>
            Teams you lead
          </h2>
          <p className="muted">Set a Slack-compatible webhook for team messages and see what was sent.</p>
          <ul>
            {leadTeams.map((t) => (
              <li key={t.slug}>
                <Link to={`/teams/${t.slug}/reminders`}>{t.name}: webhook and reminder history</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "My reminders · Trust Health" }];
