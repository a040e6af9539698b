/** The periods a dashboard can show, by name: no zod here, so the browser bundle stays small. */
export const PERIOD_PRESETS = ["12w", "6m", "1y", "all", "custom"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const PERIOD_LABELS: Record<PeriodPreset, string> = {
  "12w": "Last 12 weeks",
  "6m": "Last 6 months",
  "1y": "Last year",
  all: "All history",
  custom: "Custom dates",
};

/** A retro looks back at most this many weeks (a quarter). */
export const RETRO_MAX_WEEKS = 13;

export type PeriodErrors = Partial<Record<"period" | "from" | "to", string>>;
export type PeriodValues = { period: string; from: string; to: string };
