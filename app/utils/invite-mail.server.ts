import { mailerFromEnv, type Mail } from "./mail.server";

/**
 * Invites by email when SMTP is configured (SMTP_URL). The page shows every link either way,
 * so a mail that fails costs nothing: the person who invites sends that link by hand.
 */

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function inviteMail(input: { to: string; teamName: string; inviterName: string; link: string }): Mail {
  const { to, teamName, inviterName, link } = input;
  const text = [
    `${inviterName} invites you to ${teamName} on Trust Health.`,
    "",
    "Trust Health runs the team's weekly one-minute trust check and a quarterly survey. Your answers are never stored with your name.",
    "",
    `Join here (the link works once and expires in 7 days):`,
    link,
  ].join("\n");
  const html = [
    `<p>${escapeHtml(inviterName)} invites you to <strong>${escapeHtml(teamName)}</strong> on Trust Health.</p>`,
    "<p>Trust Health runs the team's weekly one-minute trust check and a quarterly survey. Your answers are never stored with your name.</p>",
    `<p><a href="${escapeHtml(link)}">Join ${escapeHtml(teamName)}</a> (the link works once and expires in 7 days):<br>${escapeHtml(link)}</p>`,
  ].join("\n");
  return { to, subject: `Join ${teamName} on Trust Health`, text, html };
}

/** Sends each invite once (no slow retries inside a page request); true where the server took it. */
export async function sendInviteMails(mails: Mail[]): Promise<boolean[] | null> {
  const mailer = mailerFromEnv();
  if (!mailer) return null;
  const results = await Promise.all(mails.map((mail) => mailer.send(mail, { attempts: 1 })));
  return results.map((r) => r.ok);
}
