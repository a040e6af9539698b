import type { DashboardAxis } from "~/domain/dashboard";
import type { Severity } from "~/domain/incidents";

/**
 * Every chart on the shared time axis uses these margins and axis widths, so
 * that the same instant sits at the same horizontal pixel in each of them.
 */
export const TIME_CHART_MARGIN = { top: 12, right: 8, bottom: 4, left: 8 } as const;
export const Y_AXIS_WIDTH = 52;

export const SEVERITY_COLORS: Record<Severity, string> = {
  SEV1: "#b42318",
  SEV2: "#dc6803",
  SEV3: "#c88a00",
  SEV4: "#667085",
};

export const TRUST_COLOR = "#1f5fbf";
export const BAND_COLOR = "#1f5fbf";
export const PARTICIPATION_COLOR = "#e3e8ee";
export const DIP_COLOR = "#b42318";
/** Answers 1 (red) to 5 (green), distinguishable for red–green colour blindness by lightness too. */
export const SCORE_COLORS = ["#b42318", "#f79009", "#d0d5dd", "#6ab187", "#1a7f37"];

/** X-axis props shared by the time charts; ticks are thinned so labels never overlap at `width`. */
export function xAxisProps(axis: DashboardAxis, width: number) {
  const labels = new Map(axis.ticks.map((t) => [t.x, t.label]));
  const plot = width - TIME_CHART_MARGIN.left - TIME_CHART_MARGIN.right - 2 * Y_AXIS_WIDTH;
  const fit = Math.max(2, Math.floor(plot / 68));
  const every = Math.max(1, Math.ceil(axis.ticks.length / fit));
  return {
    dataKey: "x",
    type: "number" as const,
    scale: "linear" as const,
    domain: [axis.from, axis.to] as [number, number],
    ticks: axis.ticks.filter((_, i) => i % every === 0).map((t) => t.x),
    tickFormatter: (v: number) => labels.get(v) ?? "",
    allowDataOverflow: true,
    interval: 0 as const,
    fontSize: 12,
  };
}

/** Pixel width for bars spanning `spanMs` of the axis, leaving a small gap. */
export function barSizeFor(axis: DashboardAxis, spanMs: number, width: number): number {
  const plot = Math.max(50, width - TIME_CHART_MARGIN.left - TIME_CHART_MARGIN.right - 2 * Y_AXIS_WIDTH);
  const px = (plot * spanMs) / Math.max(1, axis.to - axis.from);
  return Math.max(1, Math.floor(px * 0.8));
}

export function formatTick(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short", year: "numeric" }).format(
    new Date(ms),
  );
}

/** Series colours can be too pale for text (participation bars), so tooltip text is always dark. */
export const TOOLTIP_ITEM_STYLE = { color: "#1b1f24" } as const;
