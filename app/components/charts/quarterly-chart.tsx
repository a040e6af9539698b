import {
  CartesianGrid,
  ErrorBar,
  ReferenceLine,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipProps,
} from "recharts";
import type { DashboardQuarter } from "~/domain/dashboard";
import { COMPONENT_NAMES, type Component } from "~/domain/survey-bank";

export const COMPONENT_COLORS: Record<Component, string> = { C: "#1f5fbf", R: "#1a7f37", I: "#8250df", S: "#b35900" };
const OFFSETS: Record<Component, number> = { C: -0.18, R: -0.06, I: 0.06, S: 0.18 };

type Point = { x: number; y: number; err: [number, number]; n: number; quarter: string; name: string };

/** "2026-Q2" → "Q2 ’26": short enough for a narrow chart. */
const shortQuarter = (key: string) => key.replace(/^\d{2}(\d{2})-Q(\d)$/, "Q$2 ’$1");

function quarterAxis(quarters: DashboardQuarter[]) {
  const labels = quarters.map((q) => shortQuarter(q.periodKey));
  return {
    dataKey: "x",
    type: "number" as const,
    domain: [-0.5, Math.max(0.5, quarters.length - 0.5)] as [number, number],
    ticks: quarters.map((_, i) => i),
    tickFormatter: (v: number) => labels[v] ?? "",
    interval: 0 as const,
    fontSize: 12,
  };
}

function tooltipContent({ active, payload }: TooltipProps<number, string>) {
  const p = payload?.[0]?.payload as Point | undefined;
  if (!active || !p) return null;
  return (
    <div className="chart-tooltip">
      <strong>
        {p.name}, {p.quarter}
      </strong>
      <div>
        {p.y.toFixed(2)} (95 % {(p.y - p.err[0]).toFixed(2)}–{(p.y + p.err[1]).toFixed(2)}), n = {p.n}
      </div>
    </div>
  );
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
  const series = (["C", "R", "I", "S"] as const).map((c) => ({
    component: c,
    points: quarters.flatMap((q, i): Point[] =>
      q.components
        ? [
            {
              x: i + OFFSETS[c],
              y: q.components[c].mean,
              err: [q.components[c].mean - q.components[c].low, q.components[c].high - q.components[c].mean],
              n: q.components[c].n,
              quarter: q.periodKey,
              name: COMPONENT_NAMES[c],
            },
          ]
        : [],
    ),
  }));
  return (
    <ScatterChart
      id={id}
      width={width}
      height={height}
      margin={{ top: 12, right: 16, bottom: 4, left: 8 }}
      title="Trust Equation components"
      desc="Quarterly C, R, I and S means with 95 % intervals"
    >
      <CartesianGrid stroke="#eaeef2" vertical={false} />
      <XAxis {...quarterAxis(quarters)} />
      <YAxis interval={0} dataKey="y" type="number" domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} width={44} fontSize={12} />
      {series.map((s) => (
        <Scatter
          key={s.component}
          name={COMPONENT_NAMES[s.component]}
          data={s.points}
          fill={COMPONENT_COLORS[s.component]}
          isAnimationActive={false}
        >
          <ErrorBar dataKey="err" direction="y" width={4} stroke={COMPONENT_COLORS[s.component]} strokeWidth={1.5} />
        </Scatter>
      ))}
      <Tooltip isAnimationActive={false} content={tooltipContent} cursor={false} />
    </ScatterChart>
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
  const points: Point[] = quarters.flatMap((q, i) =>
    q.trust
      ? [
          {
            x: i,
            y: q.trust.value,
            err: [q.trust.value - q.trust.low, q.trust.high - q.trust.value] as [number, number],
            n: q.n ?? 0,
            quarter: q.periodKey,
            name: "Trust",
          },
        ]
      : [],
  );
  // Steps of 3 (the neutral score) up to the highest interval end, at most the maximum 15.
  const top = Math.min(15, Math.max(6, ...points.map((p) => Math.ceil((p.y + p.err[1]) / 3) * 3)));
  const ticks = Array.from({ length: top / 3 + 1 }, (_, i) => i * 3);
  return (
    <ScatterChart
      id={id}
      width={width}
      height={height}
      margin={{ top: 12, right: 16, bottom: 4, left: 8 }}
      title="Trust"
      desc="Quarterly Trust = (C + R + I) / S with its interval"
    >
      <CartesianGrid stroke="#eaeef2" vertical={false} />
      <XAxis {...quarterAxis(quarters)} />
      <YAxis interval={0} dataKey="y" type="number" domain={[0, top]} ticks={ticks} width={44} fontSize={12} />
      <ReferenceLine
        y={3}
        stroke="#8c959f"
        strokeDasharray="3 3"
        label={{ value: "neutral 3.0", position: "insideTopRight", fontSize: 11, fill: "#57606a" }}
      />
      <Scatter name="Trust" data={points} fill="#1b1f24" isAnimationActive={false}>
        <ErrorBar dataKey="err" direction="y" width={6} stroke="#1b1f24" strokeWidth={1.5} />
      </Scatter>
      <Tooltip isAnimationActive={false} content={tooltipContent} cursor={false} />
    </ScatterChart>
  );
}
