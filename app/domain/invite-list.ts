/**
 * A pasted list of people to invite: one address per line or separated by commas or
 * semicolons, as mail clients copy them ("Ada Lovelace <ada@example.com>" is fine).
 * Each entry is checked on its own, so one typo does not hold up the others.
 */

export const MAX_INVITES_AT_ONCE = 50;

export type InviteEntry = { line: number; text: string } & (
  | { email: string }
  | {
      error: string;
      /** "invalid" entries need fixing; a "duplicate" is invited once already. */ kind: "invalid" | "duplicate";
    }
);

// Deliberately simple: something@something.tld, no spaces. The mail server has the last word.
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/;

function addressOf(text: string): string {
  const angled = /<([^<>]*)>\s*$/.exec(text);
  return (angled ? angled[1]! : text)
    .trim()
    .replace(/^mailto:/i, "")
    .toLowerCase();
}

/** Every non-empty entry of the list, in order, each with its address or what is wrong with it. */
export function parseInviteList(input: string): InviteEntry[] {
  const entries: InviteEntry[] = [];
  const seen = new Map<string, number>();
  input.split(/\r\n|\r|\n/).forEach((row, index) => {
    for (const part of row.split(/[,;]/)) {
      const text = part.trim();
      if (!text) continue;
      const line = index + 1;
      const email = addressOf(text);
      if (!EMAIL.test(email)) {
        entries.push({ line, text, kind: "invalid", error: `Line ${line}: “${text}” is not an email address` });
      } else if (seen.has(email)) {
        entries.push({
          line,
          text,
          kind: "duplicate",
          error: `Line ${line}: ${email} is already listed on line ${seen.get(email)}`,
        });
      } else {
        seen.set(email, line);
        entries.push({ line, text, email });
      }
    }
  });
  return entries;
}
