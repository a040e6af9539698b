/**
 * Grouping identical or near-identical released comments, so the retro shows each
 * thought once with ×N. Pure: the model hands in keyed comments, pages draw groups.
 */

export type Keyed = { key: string; text: string };
export type CommentGroup = {
  /** The smallest key of the group: stable whatever order the comments came in. */
  key: string;
  keys: string[];
  text: string;
  count: number;
};

/** Case, whitespace and punctuation do not make two comments different. */
export function normaliseComment(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Comments longer than this are grouped only when their normalised words are equal. */
const FUZZY_MAX_LENGTH = 300;
/** Shorter comments are grouped only when their normalised words are equal. */
const FUZZY_MIN_LENGTH = 12;
/** Two normalised comments are near-identical when at most this share of characters differs. */
const NEAR_IDENTICAL_SHARE = 0.1;

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Equal after normalising, or (both 12–300 characters, with the same numbers) differing in at
 * most 10 % of characters: typos and plurals, not different words.
 */
export function nearIdentical(a: string, b: string): boolean {
  const x = normaliseComment(a);
  const y = normaliseComment(b);
  if (x === y) return x.length > 0;
  const longer = Math.max(x.length, y.length);
  if (longer > FUZZY_MAX_LENGTH || Math.min(x.length, y.length) < FUZZY_MIN_LENGTH) return false;
  // "Deploy 3 failed" and "Deploy 4 failed" are two different things.
  if ((x.match(/\d+/g) ?? []).join(" ") !== (y.match(/\d+/g) ?? []).join(" ")) return false;
  const limit = Math.floor(longer * NEAR_IDENTICAL_SHARE);
  return editDistance(x, y, limit) <= limit;
}

/**
 * Groups in the order the comments came (the model shuffles them); each group shows
 * the words of its first comment.
 */
export function groupComments(comments: readonly Keyed[]): CommentGroup[] {
  const groups: Array<CommentGroup & { members: Keyed[] }> = [];
  for (const c of comments) {
    const group = groups.find((g) => nearIdentical(g.text, c.text));
    if (group) {
      group.members.push(c);
      group.keys.push(c.key);
      group.count++;
      if (c.key < group.key) group.key = c.key;
    } else groups.push({ key: c.key, keys: [c.key], text: c.text, count: 1, members: [c] });
  }
  return groups.map(({ members: _members, ...g }) => ({ ...g, keys: [...g.keys].sort() }));
}

/** Dot votes each member has in one voting round (one retro). */
export const VOTES_PER_PERSON = 3;

/** Votes of a group: the sum over its comments' keys. */
export function groupVotes(keys: readonly string[], counts: Readonly<Record<string, number>>): number {
  return keys.reduce((n, k) => n + (counts[k] ?? 0), 0);
}
