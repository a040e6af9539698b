import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { daysBetween, isActiveItem, type PlannedReminder } from "~/domain/reminders";
import { slackEscape } from "~/utils/webhook.server";
import { effectiveThreshold } from "~/domain/threshold";

/**
 * The words of each reminder. Anonymity rules for every message here: no
 * person's name (not even the recipient's), never who has or has not answered,
 * no counts of answers for an open cycle. Action items appear with their title
 * and due date only, never their owner's name.
 */

export type MessageItem = {
  id: number;
  title: string;
  dueDate: string;
  status: "open" | "in_progress" | "done" | "dropped";
};

export type MessageContext = {
  appUrl: string;
  team: { name: string; slug: string; timeZone: string; threshold: number };
  /** The team's action items by id (active ones at least). */
  actionItems: ReadonlyMap<number, MessageItem>;
  /** Team-local "YYYY-MM-DD" of the send. */
  today: string;
};

export type EmailMessage = { subject: string; text: string; html: string; headers: Record<string, string> };

function closesOn(closesAt: Date, timeZone: string) {
  return format(new TZDate(closesAt.getTime() - 1, timeZone), "EEEE d MMMM");
}

function dayLabel(isoDate: string) {
  return format(new TZDate(`${isoDate}T12:00:00Z`, "UTC"), "EEEE d MMMM yyyy");
}

function escapeHtml(text: string) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

type Body = { subject: string; intro: string[]; link: { href: string; label: string }; list?: string[]; note?: string };

function links(ctx: MessageContext) {
  const team = `${ctx.appUrl}/teams/${ctx.team.slug}`;
  return {
    team,
    checkIn: `${team}/check-in`,
    survey: `${team}/survey`,
    actions: `${team}/action-items`,
    review: `${team}/review`,
    dashboard: `${team}/dashboard`,
    me: `${ctx.appUrl}/me`,
  };
}

function body(planned: PlannedReminder, ctx: MessageContext): Body {
  const url = links(ctx);
  const team = ctx.team.name;
  const promise = `Your answers are never stored with your name, and no result is shown for fewer than ${effectiveThreshold(ctx.team.threshold)} answers.`;
  switch (planned.kind) {
    case "weekly_open":
      return {
        subject: `${team}: this week's trust check is open`,
        intro: [
          `This week's trust check for ${team} is open until ${closesOn(planned.window.closesAt, ctx.team.timeZone)}. It takes under a minute.`,
        ],
        link: { href: url.checkIn, label: "Answer this week's check" },
        note: promise,
      };
    case "weekly_followup":
      return {
        subject: `${team}: the weekly trust check closes ${closesOn(planned.window.closesAt, ctx.team.timeZone)}`,
        intro: [
          `A reminder: this week's trust check for ${team} closes at the end of ${closesOn(planned.window.closesAt, ctx.team.timeZone)}. This is the only follow-up you will get this week.`,
        ],
        link: { href: url.checkIn, label: "Answer this week's check" },
        note: promise,
      };
    case "survey_open":
      return {
        subject: `${team}: the quarterly trust survey is open`,
        intro: [
          `The quarterly trust survey for ${team} is open until ${closesOn(planned.window.closesAt, ctx.team.timeZone)}. It takes a few minutes.`,
        ],
        link: { href: url.survey, label: "Answer the survey" },
        note: promise,
      };
    case "survey_followup":
      return {
        subject: `${team}: the quarterly trust survey closes ${closesOn(planned.window.closesAt, ctx.team.timeZone)}`,
        intro: [
          `A reminder: the quarterly trust survey for ${team} closes at the end of ${closesOn(planned.window.closesAt, ctx.team.timeZone)}. This is the only follow-up you will get for this survey.`,
        ],
        link: { href: url.survey, label: "Answer the survey" },
        note: promise,
      };
    case "action_due_soon":
    case "action_overdue": {
      const item = ctx.actionItems.get(planned.actionItemId);
      const title = item?.title ?? `Action item #${planned.actionItemId}`;
      const due = item ? dayLabel(item.dueDate) : "soon";
      const overdue = planned.kind === "action_overdue";
      return {
        subject: overdue ? `Overdue action item: ${title}` : `Action item due ${due}: ${title}`,
        intro: [
          overdue
            ? `An action item you own in ${team} was due on ${due} and is still open: "${title}".`
            : `An action item you own in ${team} is due on ${due}: "${title}".`,
          "If it is done, mark it done; if the date no longer fits, agree a new one with your lead.",
        ],
        link: { href: `${url.actions}/${planned.actionItemId}`, label: "Open the action item" },
      };
    }
    case "review_summary": {
      const active = [...ctx.actionItems.values()]
        .filter(isActiveItem)
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
      const overdue = active.filter((i) => daysBetween(ctx.today, i.dueDate) < 0);
      const soon = active.filter((i) => {
        const d = daysBetween(ctx.today, i.dueDate);
        return d >= 0 && d <= 14;
      });
      const line = (i: MessageItem) =>
        `${i.title} — due ${i.dueDate}${i.status === "in_progress" ? " (in progress)" : ""}`;
      return {
        subject: `${team}: two-weekly action-item review`,
        intro: [
          `Action items of ${team} today: ${active.length} open, ${overdue.length} overdue, ${soon.length} due in the next 14 days.`,
        ],
        list: [...overdue.map((i) => `Overdue: ${line(i)}`), ...soon.map((i) => `Due soon: ${line(i)}`)].slice(0, 30),
        link: { href: url.review, label: "Open the review screen (items by owner; mark the review held there)" },
      };
    }
    case "dip_alert":
      return {
        subject: `${team}: trust dip in ${planned.dip.periodKey}`,
        intro: [
          `${planned.dip.message}.`,
          "This alert is based on released results only (closed cycles with enough answers); it says nothing about any one person.",
        ],
        link: { href: url.dashboard, label: "Open the team dashboard" },
      };
  }
}

/** An email to one person: plain text and HTML, a link straight to the form, a link to /me. */
export function emailFor(planned: PlannedReminder, ctx: MessageContext): EmailMessage {
  const b = body(planned, ctx);
  const me = links(ctx).me;
  const footer = `You get this because you are on ${ctx.team.name} in Trust Health. Turn this kind of reminder off: ${me}`;
  const text = [
    ...b.intro,
    "",
    ...(b.list && b.list.length ? [...b.list.map((l) => `- ${l}`), ""] : []),
    `${b.link.label}: ${b.link.href}`,
    ...(b.note ? ["", b.note] : []),
    "",
    "-- ",
    footer,
    "",
  ].join("\n");
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2937">',
    ...b.intro.map((p) => `<p>${escapeHtml(p)}</p>`),
    b.list && b.list.length ? `<ul>${b.list.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>` : "",
    `<p><a href="${escapeHtml(b.link.href)}">${escapeHtml(b.link.label)}</a></p>`,
    b.note ? `<p style="color:#4b5563">${escapeHtml(b.note)}</p>` : "",
    `<hr><p style="color:#6b7280;font-size:13px">You get this because you are on ${escapeHtml(ctx.team.name)} in Trust Health. <a href="${escapeHtml(me)}">Turn this kind of reminder off</a>.</p>`,
    "</body></html>",
  ].join("\n");
  return {
    subject: b.subject,
    text,
    html,
    headers: {
      "X-Trust-Health-Reminder": planned.kind,
      "List-Unsubscribe": `<${me}>`,
      "Auto-Submitted": "auto-generated",
    },
  };
}

/** The team webhook's text: team-level news only (the planner never gives it a follow-up). */
export function webhookTextFor(planned: PlannedReminder, ctx: MessageContext): string {
  const b = body(planned, ctx);
  const team = slackEscape(ctx.team.name);
  switch (planned.kind) {
    case "weekly_open":
      return `${team}: this week's trust check is open until ${closesOn(planned.window.closesAt, ctx.team.timeZone)}. It takes under a minute: ${b.link.href}`;
    case "survey_open":
      return `${team}: the quarterly trust survey is open until ${closesOn(planned.window.closesAt, ctx.team.timeZone)}: ${b.link.href}`;
    case "review_summary":
      return `${slackEscape(b.intro[0]!)} Review them together: ${b.link.href}`;
    case "dip_alert":
      return `${team}: ${slackEscape(planned.dip.message)}. Based on released results only. Dashboard: ${b.link.href}`;
    default:
      // Defensive: personal reminders never go to a channel.
      throw new Error(`${planned.kind} is not a team message`);
  }
}

/** One line for the person's reminder list in the app. */
export function inAppLink(planned: Pick<PlannedReminder, "kind">, slug: string): string {
  const team = `/teams/${slug}`;
  switch (planned.kind) {
    case "weekly_open":
    case "weekly_followup":
      return `${team}/check-in`;
    case "survey_open":
    case "survey_followup":
      return `${team}/survey`;
    case "dip_alert":
      return `${team}/dashboard`;
    default:
      return `${team}/action-items`;
  }
}
