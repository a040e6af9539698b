import type { DashboardAxis } from "~/domain/dashboard";
import type { Severity } from "~/domain/severity";
import { linearScale, type Plot, type Scale } from "./svg";

/**
 * Every chart on the shared time axis uses these margins and axis widths, so
 * that the same instant sits at the same horizontal pixel in each of them.
 */
const TIME_CHART_MARGIN = { top: 12, right: 8, bottom: 24, left: 8 } as const;
const Y_AXIS_WIDTH = 52;
/** Bars never get thinner than this, however long the period (issue #12: 1-px hairlines). */
const MIN_BAR_WIDTH = 5;
/** Tick labels ("12 Oct", "Mar 2026") need about this many pixels each. */
const MIN_TICK_GAP = 68;

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

/** The props of a bar chart over the shared time axis: one bucket per period. */
export type TimeBarsProps<Bucket> = {
  id: string;
  buckets: Bucket[];
  axis: DashboardAxis;
  width: number;
  height?: number;
};

export interface TimeLayout {
  plot: Plot;
  x: Scale;
  ticks: Array<{ x: number; label: string }>;
  /** Pixel width of a bar spanning [start, end), with a small gap, never below MIN_BAR_WIDTH. */
  barWidth: (start: number, end: number) => number;
}

/** The plot area and x scale of a time chart `width` × `height`; ticks are thinned so labels never overlap. */
export function timeLayout(axis: DashboardAxis, width: number, height: number): TimeLayout {
  const plot = {
    left: TIME_CHART_MARGIN.left + Y_AXIS_WIDTH,
    right: width - TIME_CHART_MARGIN.right - Y_AXIS_WIDTH,
    top: TIME_CHART_MARGIN.top,
    bottom: height - TIME_CHART_MARGIN.bottom,
  };
  const x = linearScale([axis.from, axis.to], [plot.left, plot.right]);
  let ticks = axis.ticks.map((t) => ({ x: x(t.x), label: t.label }));
  // The first bucket is cut to the period, so its tick can sit right beside the next one: drop it.
  if (ticks.length > 1 && ticks[1]!.x - ticks[0]!.x < MIN_TICK_GAP) ticks = ticks.slice(1);
  const fit = Math.max(2, Math.floor((plot.right - plot.left) / MIN_TICK_GAP));
  const every = Math.max(1, Math.ceil(ticks.length / fit));
  return {
    plot,
    x,
    ticks: ticks.filter((_, i) => i % every === 0),
    barWidth: (start, end) => Math.max(MIN_BAR_WIDTH, Math.floor((x(end) - x(Math.max(start, axis.from))) * 0.8)),
  };
}

/** The middle of [start, end) as far as it lies on the axis. */
export const bucketMiddle = (axis: DashboardAxis, start: number, end: number) =>
  Math.max(start, axis.from) + (end - Math.max(start, axis.from)) / 2;

export function formatTick(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short", year: "numeric" }).format(
    new Date(ms),
  );
}
