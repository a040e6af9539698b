import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/field";
import { PostButton } from "~/components/post-button";
import { SectionCard } from "~/components/section-card";
import { Table } from "~/components/table";
import { teamReminderHistory } from "~/models/reminders/history.server";
import { setTeamWebhook } from "~/models/reminders/settings.server";
import { requireTeamRole } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";
import { failureOf } from "~/utils/form-state";
import { formFailure, parseForm } from "~/utils/forms.server";
import { remindersSchema } from "~/utils/team-forms.server";
import { redirectWithFlash } from "~/utils/session.server";
import { postWebhook, slackEscape } from "~/utils/webhook.server";

/** Shows where a webhook goes without showing its secret path. */
function maskedWebhook(url: string | null): string | null {
  if (!url) return null;
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}/…`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const env = getEnv();
  return json({
    webhook: maskedWebhook(team.webhookUrl),
    delivery: env.REMINDERS === "off" ? "off" : env.SMTP_URL ? "email" : "app",
    history: teamReminderHistory(team.id),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  const { form, data, failure } = await parseForm(request, remindersSchema);
  if (failure) return failure;
  const back = `/teams/${team.slug}/reminders`;
  switch (data.intent) {
    case "webhook":
      if (!data.webhookUrl)
        return formFailure(form, { webhookUrl: "Paste the webhook URL from Slack (or a compatible chat)" });
      setTeamWebhook(team.id, data.webhookUrl);
      return redirectWithFlash(
        request,
        back,
        "Webhook saved. Team messages (check open, review summary, dip alerts) will be posted there.",
      );
    case "webhook-remove":
      setTeamWebhook(team.id, null);
      return redirectWithFlash(request, back, "Webhook removed.");
    case "webhook-test": {
      if (!team.webhookUrl) return formFailure(form, {}, 400, "Save a webhook URL first.");
      const outcome = await postWebhook(
        team.webhookUrl,
        `${slackEscape(team.name)}: test message from Trust Health. Team reminders will be posted here.`,
        { attempts: 1 },
      );
      return outcome.ok
        ? redirectWithFlash(request, back, "Test message delivered.")
        : redirectWithFlash(request, back, `The webhook did not accept the test message: ${outcome.error}.`, "error");
    }
  }
}

export default function TeamReminders() {
  const { webhook, delivery, history } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const result = failureOf(data);
  const busy = useNavigation().state === "submitting";
  const { values, errors } = failureOf(data, "webhook");
  return (
    <div className="stack">
      <FormError message={result.formError} />
      <SectionCard headingId="webhook-heading" title="Team webhook">
        <p className="muted">
          A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat …) gets team messages only: the weekly
          check and the quarterly survey are open, the two-weekly action-item review, dip alerts. It never gets a list
          of who has or has not answered.
        </p>
        <p>
          {webhook ? (
            <>
              Messages go to <code>{webhook}</code>
            </>
          ) : (
            "No webhook is set."
          )}
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="webhook" />
          <Field
            name="webhookUrl"
            label={webhook ? "Replace the webhook URL" : "Webhook URL"}
            type="url"
            hint="https:// only (http:// is allowed for localhost). In Slack: Apps → Incoming Webhooks → Add to a channel."
            defaultValue={values.webhookUrl ?? ""}
            error={errors.webhookUrl}
            inputProps={{ placeholder: "https://hooks.slack.com/services/…", spellCheck: false }}
          />
          <button type="submit" disabled={busy}>
            Save webhook
          </button>
        </Form>
        {webhook ? (
          <div className="row" style={{ marginTop: 12 }}>
            <PostButton intent="webhook-test" className="secondary" disabled={busy}>
              Send a test message
            </PostButton>
            <PostButton intent="webhook-remove" className="danger" disabled={busy}>
              Remove webhook
            </PostButton>
          </div>
        ) : null}
      </SectionCard>

      <SectionCard headingId="history-heading" title="Reminder history (last 90 days)">
        <p className="muted">
          {delivery === "email"
            ? "Personal reminders go out by email."
            : delivery === "app"
              ? "No SMTP server is set up: personal reminders are shown in the app only."
              : "Reminders are turned off on this installation."}{" "}
          Reminders to people are shown as counts only: who was reminded is who had not answered yet, so it is never
          shown. Each person chooses their own reminders on <Link to="/me">My reminders</Link>.
        </p>
        <h3>To people</h3>
        {history.personal.length === 0 ? (
          <p className="muted">Nothing yet.</p>
        ) : (
          <Table columns={["Reminder", "How", "Sent", "Failed", "Last"]}>
            {history.personal.map((row) => (
              <tr key={`${row.what}-${row.channel}`}>
                <td>{row.what}</td>
                <td>{row.channel === "app" ? "in the app" : "email"}</td>
                <td>
                  {row.sent}
                  {row.pending ? ` (+${row.pending} sending)` : ""}
                </td>
                <td>{row.failed}</td>
                <td>{row.lastAt.slice(0, 16).replace("T", " ")} UTC</td>
              </tr>
            ))}
          </Table>
        )}
        <h3>To the team webhook</h3>
        {history.webhook.length === 0 ? (
          <p className="muted">Nothing yet.</p>
        ) : (
          <Table columns={["Message", "Status", "Attempts", "When"]}>
            {history.webhook.map((row, i) => (
              <tr key={i}>
                <td>{row.what}</td>
                <td>{row.status === "failed" ? `failed: ${row.error ?? "unknown error"}` : row.status}</td>
                <td>{row.attempts}</td>
                <td>{row.at.slice(0, 16).replace("T", " ")} UTC</td>
              </tr>
            ))}
          </Table>
        )}
      </SectionCard>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Reminders · Trust Health" }];
