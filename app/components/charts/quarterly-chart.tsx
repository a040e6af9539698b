import type { DashboardQuarter } from "~/domain/dashboard";
import { COMPONENT_NAMES, type Component } from "~/domain/survey-bank";
import { ChartSvg, linearScale, two, XAxis, YAxis, type Plot } from "./svg";

export const COMPONENT_COLORS: Record<Component, string> = { C: "#1f5fbf", R: "#1a7f37", I: "#8250df", S: "#b35900" };
const OFFSETS: Record<Component, number> = { C: -0.18, R: -0.06, I: 0.06, S: 0.18 };
const MARGIN = { top: 12, right: 16, bottom: 24, left: 52 };

/** "2026-Q2" → "Q2 ’26": short enough for a narrow chart. */
const shortQuarter = (key: string) => key.replace(/^\d{2}(\d{2})-Q(\d)$/, "Q$2 ’$1");

function quarterLayout(quarters: readonly DashboardQuarter[], width: number, height: number) {
  const plot: Plot = {
    left: MARGIN.left,
    right: width - MARGIN.right,
    top: MARGIN.top,
    bottom: height - MARGIN.bottom,
  };
  const x = linearScale([-0.5, Math.max(0.5, quarters.length - 0.5)], [plot.left, plot.right]);
  const ticks = quarters.map((q, i) => ({ x: x(i), label: shortQuarter(q.periodKey) }));
  return { plot, x, ticks };
}

/** A mean with its interval: a dot and a vertical bar with caps, and its own tooltip. */
function PointWithInterval(props: {
  cx: number;
  y: (v: number) => number;
  mean: number;
  low: number;
  high: number;
  color: string;
  cap: number;
  title: string;
}) {
  const { cx, y, mean, low, high, color, cap } = props;
  return (
    <g className="interval-point">
      <title>{props.title}</title>
      <line x1={cx} x2={cx} y1={y(low)} y2={y(high)} stroke={color} strokeWidth={1.5} />
      <line x1={cx - cap} x2={cx + cap} y1={y(low)} y2={y(low)} stroke={color} strokeWidth={1.5} />
      <line x1={cx - cap} x2={cx + cap} y1={y(high)} y2={y(high)} stroke={color} strokeWidth={1.5} />
      <circle cx={cx} cy={y(mean)} r={4.5} fill={color} />
    </g>
  );
}

function releasedSummary(quarters: readonly DashboardQuarter[]): DashboardQuarter | undefined {
  return [...quarters].reverse().find((q) => q.components && q.trust);
}

/** C, R, I and S means of each released quarter with their 95 % intervals; unreleased quarters stay empty. */
export function ComponentsChart({
  id,
  quarters,
  width,
  height = 260,
}: {
  id: string;
  quarters: DashboardQuarter[];
  width: number;
  height?: number;
}) {
  const { plot, x, ticks } = quarterLayout(quarters, width, height);
  const y = linearScale([1, 5], [plot.bottom, plot.top]);
  const latest = releasedSummary(quarters);
  const summary = latest
    ? `${quarters.filter((q) => q.components).length} of ${quarters.length} quarters released. ${latest.periodKey}: ${(
        ["C", "R", "I", "S"] as const
      )
        .map((c) => `${COMPONENT_NAMES[c]} ${two(latest.components![c].mean)}`)
        .join(", ")}.`
    : `No released quarter among the ${quarters.length} shown.`;
  return (
    <ChartSvg id={id} width={width} height={height} title="Trust Equation components" summary={summary}>
      <YAxis plot={plot} scale={y} ticks={[1, 2, 3, 4, 5]} side="left" grid />
      <XAxis plot={plot} ticks={ticks} />
      {quarters.flatMap((q, i) =>
        q.components
          ? (["C", "R", "I", "S"] as const).map((c) => {
              const iv = q.components![c];
              return (
                <PointWithInterval
                  key={`${q.periodKey}-${c}`}
                  cx={x(i + OFFSETS[c])}
                  y={y}
                  mean={iv.mean}
                  low={iv.low}
                  high={iv.high}
                  color={COMPONENT_COLORS[c]}
                  cap={4}
                  title={`${COMPONENT_NAMES[c]}, ${q.periodKey}: ${two(iv.mean)} (95 % ${two(iv.low)}–${two(iv.high)}), n = ${iv.n}`}
                />
              );
            })
          : [],
      )}
    </ChartSvg>
  );
}

/** Trust = (C + R + I) / S per released quarter with its interval (0.6–15; 3.0 is neutral). */
export function TrustEquationChart({
  id,
  quarters,
  width,
  height = 220,
}: {
  id: string;
  quarters: DashboardQuarter[];
  width: number;
  height?: number;
}) {
  const { plot, x, ticks } = quarterLayout(quarters, width, height);
  // Steps of 3 (the neutral score) up to the highest interval end, at most the maximum 15.
  const top = Math.min(15, Math.max(6, ...quarters.map((q) => (q.trust ? Math.ceil(q.trust.high / 3) * 3 : 0))));
  const y = linearScale([0, top], [plot.bottom, plot.top]);
  const latest = releasedSummary(quarters);
  const summary = latest
    ? `Trust in ${latest.periodKey}: ${two(latest.trust!.value)} (95 % ${two(latest.trust!.low)}–${two(latest.trust!.high)}); 3.0 is neutral.`
    : `No released quarter among the ${quarters.length} shown.`;
  return (
    <ChartSvg id={id} width={width} height={height} title="Trust" summary={summary}>
      <YAxis plot={plot} scale={y} ticks={Array.from({ length: top / 3 + 1 }, (_, i) => i * 3)} side="left" grid />
      <XAxis plot={plot} ticks={ticks} />
      <line x1={plot.left} x2={plot.right} y1={y(3)} y2={y(3)} stroke="#8c959f" strokeDasharray="3 3" />
      <text x={plot.right - 4} y={y(3) - 4} textAnchor="end" fontSize={11} fill="#57606a" aria-hidden="true">
        neutral 3.0
      </text>
      {quarters.map((q, i) =>
        q.trust ? (
          <PointWithInterval
            key={q.periodKey}
            cx={x(i)}
            y={y}
            mean={q.trust.value}
            low={q.trust.low}
            high={q.trust.high}
            color="#1b1f24"
            cap={6}
            title={`Trust, ${q.periodKey}: ${two(q.trust.value)} (95 % ${two(q.trust.low)}–${two(q.trust.high)}), n = ${q.n}`}
          />
        ) : null,
      )}
    </ChartSvg>
  );
}
