/** The meeting mode's steps, in order (issue 15). */
export const RETRO_STEPS = [
  "What changed since the last retro",
  "Trust and participation",
  "Incidents and follow-through",
  "What people wrote",
  "Open and overdue actions",
  "Trust-recovery checklist",
  "New actions agreed",
] as const;

/** ?step=N as a step number 1–7; anything else is step 1. */
export function stepFromSearch(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= RETRO_STEPS.length ? n : 1;
}

/** How many items a step shows at once, so it fits one 1920×1080 screen without scrolling. */
export const PRESENT_COMMENT_LIMIT = 9;
export const PRESENT_ITEM_LIMIT = 7;
