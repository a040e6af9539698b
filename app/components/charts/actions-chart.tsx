import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { DashboardAxis } from "~/domain/dashboard";
import type { ActionBucket } from "~/domain/timeline";
import { barSizeFor, TIME_CHART_MARGIN, xAxisProps, Y_AXIS_WIDTH, TOOLTIP_ITEM_STYLE } from "./time-axis";

export const COMPLETION_COLOR = "#1a7f37";
export const OVERDUE_COLOR = "#b42318";

/** Completion rate of the items due in each period, and the overdue count at its end. */
export function ActionsChart({
  id,
  buckets,
  axis,
  width,
  height = 220,
}: {
  id: string;
  buckets: ActionBucket[];
  axis: DashboardAxis;
  width: number;
  height?: number;
}) {
  const data = buckets.map((b) => ({
    x: Math.max(b.start, axis.from) + (b.end - Math.max(b.start, axis.from)) / 2,
    end: b.end,
    label: b.label,
    completion: b.completionRate === null ? null : Math.round(b.completionRate * 100),
    due: b.due,
    overdue: b.overdueAtEnd,
  }));
  const span = Math.min(...buckets.map((b) => b.end - b.start), Infinity);
  return (
    <ComposedChart
      id={id}
      width={width}
      height={height}
      data={data}
      margin={TIME_CHART_MARGIN}
      title="Action items"
      desc="Completion rate and overdue action items per period"
    >
      <CartesianGrid stroke="#eaeef2" vertical={false} />
      <XAxis {...xAxisProps(axis, width)} />
      <YAxis
        interval={0}
        yAxisId="rate"
        domain={[0, 100]}
        ticks={[0, 50, 100]}
        unit="%"
        width={Y_AXIS_WIDTH}
        fontSize={12}
      />
      <YAxis
        interval={0}
        yAxisId="overdue"
        orientation="right"
        allowDecimals={false}
        width={Y_AXIS_WIDTH}
        fontSize={12}
        label={{ value: "overdue", angle: 90, position: "insideRight", fontSize: 11, fill: "#57606a" }}
      />
      <Bar
        yAxisId="rate"
        dataKey="completion"
        name="Completed on time"
        fill={COMPLETION_COLOR}
        fillOpacity={0.75}
        barSize={barSizeFor(axis, Number.isFinite(span) ? span : 7 * 86_400_000, width)}
        isAnimationActive={false}
      />
      <Line
        yAxisId="overdue"
        dataKey="overdue"
        name="Overdue at end"
        stroke={OVERDUE_COLOR}
        strokeWidth={2}
        dot={{ r: 3, fill: OVERDUE_COLOR }}
        isAnimationActive={false}
      />
      <Tooltip
        isAnimationActive={false}
        itemStyle={TOOLTIP_ITEM_STYLE}
        labelFormatter={(_, payload) => (payload?.[0]?.payload as { label?: string } | undefined)?.label ?? ""}
        formatter={(value, name, item) => {
          if (name === "Completed on time")
            return [
              value === null || value === undefined
                ? `no items due`
                : `${value} % of ${(item.payload as { due: number }).due} due`,
              name,
            ];
          return [value, name];
        }}
      />
    </ComposedChart>
  );
}
