/**
 * The anonymity threshold: no figure leaves the app for a cycle that is still open or has
 * fewer than k responses (PRODUCT.md, Anonymity 3 and 4). k is the team's setting, never below
 * MIN_THRESHOLD. Every "fewer than k" shown to people and every gate uses effectiveThreshold.
 */

/** No team may lower its threshold below this, whatever its settings say. */
export const MIN_THRESHOLD = 3;

export type Gate = { status: "open" } | { status: "insufficient"; threshold: number } | { status: "released" };

/** The threshold actually applied: at least MIN_THRESHOLD, whole responses. */
export function effectiveThreshold(threshold: number): number {
  if (Number.isNaN(threshold)) throw new RangeError("threshold is NaN");
  return Math.max(Math.ceil(threshold), MIN_THRESHOLD);
}

/**
 * A threshold above the team's size means no cycle can ever reach it: say so
 * where the threshold is set (issue #12). Null when the setting can release.
 */
export function thresholdWarning(threshold: number, memberCount: number): string | null {
  const k = effectiveThreshold(threshold);
  if (k <= memberCount) return null;
  const people = memberCount === 1 ? "1 person" : `${memberCount} people`;
  return `No week can be released with this setting: it needs ${k} answers and the team has ${people}.`;
}

export function releaseGate(args: { closed: boolean; responseCount: number; threshold: number }): Gate {
  const k = effectiveThreshold(args.threshold);
  if (!Number.isInteger(args.responseCount) || args.responseCount < 0) {
    throw new RangeError(`responseCount must be a non-negative integer, got ${args.responseCount}`);
  }
  // Open is decided before the count so that an open cycle reveals nothing,
  // not even whether k has been reached yet.
  if (!args.closed) return { status: "open" };
  if (args.responseCount < k) return { status: "insufficient", threshold: k };
  return { status: "released" };
}
