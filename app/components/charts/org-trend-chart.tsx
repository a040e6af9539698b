import { weekDays } from "~/domain/cycles";
import type { OrgTrendPoint } from "~/domain/org";
import { bandPath, ChartSvg, countTicks, linePath, linearScale, runs, two, XAxis, YAxis } from "./svg";
import { BAND_COLOR, PARTICIPATION_COLOR, TRUST_COLOR } from "./time-axis";

/** The org-wide weekly mean, pooled over teams that met their own threshold that week. */
export function OrgTrendChart({
  id,
  trend,
  width,
  height = 280,
}: {
  id: string;
  trend: OrgTrendPoint[];
  width: number;
  height?: number;
}) {
  const plot = { left: 52, right: width - 60, top: 12, bottom: height - 24 };
  const x = linearScale([-0.5, Math.max(0.5, trend.length - 0.5)], [plot.left, plot.right]);
  const y = linearScale([1, 5], [plot.bottom, plot.top]);
  const teamAxis = countTicks(Math.max(1, ...trend.map((p) => p.teamsIncluded)));
  const teams = linearScale([0, teamAxis.at(-1)!], [plot.bottom, plot.top]);
  const slot = (plot.right - plot.left) / Math.max(1, trend.length);
  const every = Math.max(1, Math.ceil(trend.length / Math.max(2, Math.floor((plot.right - plot.left) / 64))));
  // Weeks are named by their first day, as on the dashboard's time axis.
  const ticks = trend
    .map((p, i) => ({ x: x(i), label: weekDays(p.periodKey)?.start ?? p.periodKey }))
    .filter((_, i) => i % every === 0);
  const shown = trend.filter((p) => p.mean !== null);
  const last = shown.at(-1);
  const summary = last
    ? `${shown.length} of ${trend.length} weeks have an org-wide figure. Latest, ${last.label}: ${two(last.mean!)} from ${last.teamsIncluded} teams (${last.teamsHidden} hidden).`
    : `No week with an org-wide figure among the ${trend.length} shown.`;
  const indexed = trend.map((p, i) => ({ ...p, i }));
  return (
    <ChartSvg id={id} width={width} height={height} title="Org-wide weekly trust" summary={summary}>
      <YAxis plot={plot} scale={y} ticks={[1, 2, 3, 4, 5]} side="left" grid />
      <YAxis plot={plot} scale={teams} ticks={teamAxis} side="right" label="teams in figure" />
      <XAxis plot={plot} ticks={ticks} />
      {indexed.map((p) =>
        p.teamsIncluded ? (
          <rect
            key={p.periodKey}
            x={x(p.i) - Math.max(2, slot * 0.4)}
            width={Math.max(4, slot * 0.8)}
            y={teams(p.teamsIncluded)}
            height={plot.bottom - teams(p.teamsIncluded)}
            fill={PARTICIPATION_COLOR}
          />
        ) : null,
      )}
      {runs(indexed, (p) => p.low !== null && p.high !== null).map((run) => (
        <path
          key={`band-${run[0]!.periodKey}`}
          d={bandPath(run.map((p) => ({ x: x(p.i), low: y(p.low!), high: y(p.high!) })))}
          fill={BAND_COLOR}
          fillOpacity={0.15}
        />
      ))}
      {runs(indexed, (p) => p.mean !== null).map((run) => (
        <path
          key={`line-${run[0]!.periodKey}`}
          d={linePath(run.map((p) => [x(p.i), y(p.mean!)]))}
          fill="none"
          stroke={TRUST_COLOR}
          strokeWidth={2.5}
        />
      ))}
      {indexed.map((p) => (
        <g key={p.periodKey}>
          <title>{`${p.label}: ${
            p.mean === null
              ? "no team released"
              : `${two(p.mean)}${p.low !== null && p.high !== null ? ` (95 % ${two(p.low)}–${two(p.high)})` : ""}, n = ${p.n}`
          }; ${p.teamsIncluded} teams in the figure, ${p.teamsHidden} hidden`}</title>
          {p.mean !== null ? <circle cx={x(p.i)} cy={y(p.mean)} r={3} fill={TRUST_COLOR} /> : null}
          <rect x={x(p.i) - slot / 2} width={slot} y={plot.top} height={plot.bottom - plot.top} fill="transparent" />
        </g>
      ))}
    </ChartSvg>
  );
}
