import type { DashboardAxis, DashboardWeek } from "~/domain/dashboard";
import { ChartSvg, linearScale, XAxis, YAxis } from "./svg";
import { SCORE_COLORS, timeLayout } from "./time-axis";

/** Share of each answer (1–5) per released week, stacked to 100 %; nothing for other weeks. */
export function DistributionChart({
  id,
  weeks,
  axis,
  width,
  height = 200,
}: {
  id: string;
  weeks: DashboardWeek[];
  axis: DashboardAxis;
  width: number;
  height?: number;
}) {
  const { plot, x, ticks, barWidth } = timeLayout(axis, width, height);
  const share = linearScale([0, 1], [plot.bottom, plot.top]);
  const released = weeks.filter((w) => w.distribution && w.n);
  const summary =
    released.length === 0
      ? `No released week among the ${weeks.length} weeks shown.`
      : (() => {
          const totals = [0, 0, 0, 0, 0];
          for (const w of released) w.distribution!.forEach((c, i) => (totals[i]! += c));
          const all = totals.reduce((a, b) => a + b, 0);
          return `${released.length} released weeks, ${all} answers in all: ${totals
            .map((c, i) => `${Math.round((c / all) * 100)} % answered ${i + 1}`)
            .join(", ")}.`;
        })();
  return (
    <ChartSvg id={id} width={width} height={height} title="Answers per week" summary={summary}>
      <YAxis plot={plot} scale={share} ticks={[0, 0.5, 1]} side="left" format={(v) => `${v * 100}%`} grid />
      <XAxis plot={plot} ticks={ticks} />
      {released.map((w) => {
        const bw = barWidth(w.start, w.end);
        let acc = 0;
        return (
          <g key={w.periodKey} className="week-bars">
            <title>{`${w.label}, n = ${w.n}: ${w
              .distribution!.map((c, i) => `${i + 1}: ${Math.round((c / w.n!) * 1000) / 10} %`)
              .join(", ")}`}</title>
            {w.distribution!.map((c, i) => {
              const from = acc;
              acc += c / w.n!;
              return c === 0 ? null : (
                <rect
                  key={i}
                  x={x(w.x) - bw / 2}
                  width={bw}
                  y={share(acc)}
                  height={share(from) - share(acc)}
                  fill={SCORE_COLORS[i]}
                />
              );
            })}
          </g>
        );
      })}
    </ChartSvg>
  );
}
