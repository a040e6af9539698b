import type { ReactNode } from "react";

/**
 * The few pieces every chart is drawn from: linear scales, a labelled <svg> and
 * axes with grid lines. Plain SVG markup, rendered on the server and redrawn at the
 * measured width in the browser; hover text is the native <title> of each mark, and
 * the table view under each chart carries the detail.
 */

export type Scale = (v: number) => number;

export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Whole-number ticks from 0 up to at least `max`, at most about `count` of them. */
export function countTicks(max: number, count = 4): number[] {
  const top = Math.max(1, Math.ceil(max));
  const step = Math.max(1, Math.ceil(top / count));
  const ticks: number[] = [];
  for (let v = 0; v < top + step; v += step) ticks.push(v);
  return ticks;
}

/** Ticks 0, step … covering `max` with a step from 1, 2, 5 × 10ⁿ (for hours and other measures). */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const TEXT = "#57606a";
const GRID = "#eaeef2";

/**
 * An <svg role="img"> named by its <title> and described by a <desc> that
 * summarises the data in words (axe: svg-img-alt); the marks inside are not
 * announced one by one, the table below the chart has them all.
 */
export function ChartSvg({
  id,
  width,
  height,
  title,
  summary,
  children,
}: {
  id: string;
  width: number;
  height: number;
  title: string;
  summary: string;
  children: ReactNode;
}) {
  return (
    <svg
      id={id}
      className="chart-svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-svg-title ${id}-svg-desc`}
      fontSize={12}
    >
      <title id={`${id}-svg-title`}>{title}</title>
      <desc id={`${id}-svg-desc`}>{summary}</desc>
      {children}
    </svg>
  );
}

/** Horizontal grid lines and tick labels for one vertical axis. */
export function YAxis({
  plot,
  scale,
  ticks,
  side,
  format = String,
  label,
  grid = false,
}: {
  plot: Plot;
  scale: Scale;
  ticks: readonly number[];
  side: "left" | "right";
  format?: (v: number) => string;
  label?: string;
  grid?: boolean;
}) {
  const x = side === "left" ? plot.left - 6 : plot.right + 6;
  return (
    <g className={`y-axis ${side}`} aria-hidden="true">
      {ticks.map((t) => (
        <g key={t}>
          {grid ? <line x1={plot.left} x2={plot.right} y1={scale(t)} y2={scale(t)} stroke={GRID} /> : null}
          <text x={x} y={scale(t)} dy="0.35em" textAnchor={side === "left" ? "end" : "start"} fill={TEXT}>
            {format(t)}
          </text>
        </g>
      ))}
      {label ? (
        <text
          transform={`translate(${side === "left" ? 10 : plot.right + 46}, ${(plot.top + plot.bottom) / 2}) rotate(${side === "left" ? -90 : 90})`}
          textAnchor="middle"
          fontSize={11}
          fill={TEXT}
        >
          {label}
        </text>
      ) : null}
    </g>
  );
}

/** The base line and tick labels of a horizontal axis; ticks outside the plot are dropped. */
export function XAxis({ plot, ticks }: { plot: Plot; ticks: ReadonlyArray<{ x: number; label: string }> }) {
  return (
    <g className="x-axis" aria-hidden="true">
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke="#8c959f" />
      {ticks
        .filter((t) => t.x >= plot.left - 0.5 && t.x <= plot.right + 0.5)
        .map((t) => (
          <g key={`${t.x}-${t.label}`}>
            <line x1={t.x} x2={t.x} y1={plot.bottom} y2={plot.bottom + 4} stroke="#8c959f" />
            <text x={t.x} y={plot.bottom + 16} textAnchor="middle" fill={TEXT}>
              {t.label}
            </text>
          </g>
        ))}
    </g>
  );
}

/**
 * Runs of consecutive points with a value, so a line or band stops at a gap
 * (a week without a released result) instead of bridging it.
 */
export function runs<T>(items: readonly T[], has: (item: T) => boolean): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  for (const item of items) {
    if (has(item)) current.push(item);
    else if (current.length) {
      out.push(current);
      current = [];
    }
  }
  if (current.length) out.push(current);
  return out;
}

export const linePath = (points: ReadonlyArray<[number, number]>) =>
  points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`).join(" ");

/** A closed band between a lower and an upper line through the same x positions. */
export function bandPath(points: ReadonlyArray<{ x: number; low: number; high: number }>): string {
  if (points.length === 1) {
    const p = points[0]!;
    return `M${(p.x - 3).toFixed(1)},${p.high.toFixed(1)} H${(p.x + 3).toFixed(1)} V${p.low.toFixed(1)} H${(p.x - 3).toFixed(1)} Z`;
  }
  const upper = points.map((p) => [p.x, p.high] as [number, number]);
  const lower = [...points].reverse().map((p) => [p.x, p.low] as [number, number]);
  return `${linePath(upper)} ${linePath(lower).replace(/^M/, "L")} Z`;
}

export const two = (v: number) => v.toFixed(2);
