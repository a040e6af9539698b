import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { DashboardAxis, DashboardWeek } from "~/domain/dashboard";
import { barSizeFor, SCORE_COLORS, TIME_CHART_MARGIN, xAxisProps, Y_AXIS_WIDTH, TOOLTIP_ITEM_STYLE } from "./time-axis";

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
  const data = weeks.map((w) => {
    const row: Record<string, number | string | null> = { x: w.x, label: w.label, n: w.n };
    for (let s = 1; s <= 5; s++)
      row[`s${s}`] = w.distribution && w.n ? Math.round((w.distribution[s - 1]! / w.n) * 1000) / 10 : null;
    return row;
  });
  return (
    <BarChart
      id={id}
      width={width}
      height={height}
      data={data}
      margin={TIME_CHART_MARGIN}
      title="Answers per week"
      desc="Share of answers 1 to 5 in each released week"
    >
      <CartesianGrid stroke="#eaeef2" vertical={false} />
      <XAxis {...xAxisProps(axis, width)} />
      <YAxis
        interval={0}
        yAxisId="share"
        domain={[0, 100]}
        ticks={[0, 50, 100]}
        unit="%"
        width={Y_AXIS_WIDTH}
        fontSize={12}
      />
      {/* An empty right axis keeps the plot the same width as the charts above and below. */}
      <YAxis interval={0} yAxisId="spacer" orientation="right" width={Y_AXIS_WIDTH} tick={false} axisLine={false} />
      {[1, 2, 3, 4, 5].map((s) => (
        <Bar
          key={s}
          yAxisId="share"
          dataKey={`s${s}`}
          name={`Answered ${s}`}
          stackId="answers"
          fill={SCORE_COLORS[s - 1]}
          barSize={barSizeFor(axis, 7 * 86_400_000, width)}
          isAnimationActive={false}
        />
      ))}
      <Tooltip
        isAnimationActive={false}
        itemStyle={TOOLTIP_ITEM_STYLE}
        labelFormatter={(_, payload) => (payload?.[0]?.payload as { label?: string } | undefined)?.label ?? ""}
        formatter={(value, name) => [value === null || value === undefined ? "—" : `${value} %`, name]}
      />
    </BarChart>
  );
}
