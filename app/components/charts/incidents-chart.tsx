import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { DashboardAxis } from "~/domain/dashboard";
import { SEVERITIES } from "~/domain/incidents";
import type { IncidentBucket } from "~/domain/timeline";
import {
  barSizeFor,
  SEVERITY_COLORS,
  TIME_CHART_MARGIN,
  xAxisProps,
  Y_AXIS_WIDTH,
  TOOLTIP_ITEM_STYLE,
} from "./time-axis";

/** Incidents per period stacked by severity, with the median time to recover on the right axis. */
export function IncidentsChart({
  id,
  buckets,
  axis,
  width,
  height = 220,
}: {
  id: string;
  buckets: IncidentBucket[];
  axis: DashboardAxis;
  width: number;
  height?: number;
}) {
  const data = buckets.map((b) => ({
    x: Math.max(b.start, axis.from) + (b.end - Math.max(b.start, axis.from)) / 2,
    label: b.label,
    ...b.bySeverity,
    ttrHours: b.ttrMedianMinutes === null ? null : Math.round((b.ttrMedianMinutes / 60) * 10) / 10,
  }));
  const span = Math.min(...buckets.map((b) => b.end - b.start), Infinity);
  return (
    <ComposedChart
      id={id}
      width={width}
      height={height}
      data={data}
      margin={TIME_CHART_MARGIN}
      title="Incidents"
      desc="Incidents by severity per period and median time to recover"
    >
      <CartesianGrid stroke="#eaeef2" vertical={false} />
      <XAxis {...xAxisProps(axis, width)} />
      <YAxis
        interval={0}
        yAxisId="count"
        allowDecimals={false}
        width={Y_AXIS_WIDTH}
        fontSize={12}
        label={{ value: "incidents", angle: -90, position: "insideLeft", fontSize: 11, fill: "#57606a" }}
      />
      <YAxis interval={0} yAxisId="hours" orientation="right" width={Y_AXIS_WIDTH} fontSize={12} unit=" h" />
      {SEVERITIES.map((s) => (
        <Bar
          key={s}
          yAxisId="count"
          dataKey={s}
          name={s}
          stackId="severity"
          fill={SEVERITY_COLORS[s]}
          barSize={barSizeFor(axis, Number.isFinite(span) ? span : 7 * 86_400_000, width)}
          isAnimationActive={false}
        />
      ))}
      <Line
        yAxisId="hours"
        dataKey="ttrHours"
        name="Median time to recover"
        stroke="#1b1f24"
        strokeDasharray="4 3"
        strokeWidth={2}
        dot={{ r: 3, fill: "#1b1f24" }}
        connectNulls={false}
        isAnimationActive={false}
      />
      <Tooltip
        isAnimationActive={false}
        itemStyle={TOOLTIP_ITEM_STYLE}
        labelFormatter={(_, payload) => (payload?.[0]?.payload as { label?: string } | undefined)?.label ?? ""}
        formatter={(value, name) => [
          value === null || value === undefined ? "—" : name === "Median time to recover" ? `${value} h` : value,
          name,
        ]}
      />
    </ComposedChart>
  );
}
