import { Area, Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import { BAND_COLOR, PARTICIPATION_COLOR, TRUST_COLOR, TOOLTIP_ITEM_STYLE } from "./time-axis";

export type OrgTrendDatum = {
  periodKey: string;
  label: string;
  mean: number | null;
  low: number | null;
  high: number | null;
  n: number;
  teamsIncluded: number;
  teamsHidden: number;
};

/** The org-wide weekly mean, pooled over teams that met their own threshold that week. */
export function OrgTrendChart({
  id,
  trend,
  width,
  height = 280,
}: {
  id: string;
  trend: OrgTrendDatum[];
  width: number;
  height?: number;
}) {
  const data = trend.map((p) => ({
    ...p,
    week: p.periodKey.replace(/^\d{4}-/, ""),
    band: p.low !== null && p.high !== null ? [p.low, p.high] : null,
  }));
  return (
    <ComposedChart
      id={id}
      width={width}
      height={height}
      data={data}
      margin={{ top: 12, right: 8, bottom: 4, left: 8 }}
      title="Org-wide weekly trust"
      desc="Pooled mean of released team weeks"
    >
      <CartesianGrid stroke="#eaeef2" vertical={false} />
      {/* A fixed interval, not "preserveStartEnd": that one measures text, which the server cannot, so hydration would differ. */}
      <XAxis
        dataKey="week"
        fontSize={12}
        interval={Math.max(0, Math.ceil(trend.length / Math.max(2, Math.floor((width - 120) / 56))) - 1)}
      />
      <YAxis interval={0} yAxisId="trust" domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} width={44} fontSize={12} />
      <YAxis
        interval={0}
        yAxisId="teams"
        orientation="right"
        allowDecimals={false}
        width={52}
        fontSize={12}
        label={{ value: "teams in figure", angle: 90, position: "insideRight", fontSize: 11, fill: "#57606a" }}
      />
      <Bar
        yAxisId="teams"
        dataKey="teamsIncluded"
        name="Teams in the figure"
        fill={PARTICIPATION_COLOR}
        isAnimationActive={false}
      />
      <Area
        yAxisId="trust"
        dataKey="band"
        name="95 % interval"
        stroke="none"
        fill={BAND_COLOR}
        fillOpacity={0.15}
        connectNulls={false}
        isAnimationActive={false}
        activeDot={false}
      />
      <Line
        yAxisId="trust"
        dataKey="mean"
        name="Org mean"
        stroke={TRUST_COLOR}
        strokeWidth={2.5}
        dot={{ r: 3, fill: TRUST_COLOR }}
        connectNulls={false}
        isAnimationActive={false}
      />
      <Tooltip
        isAnimationActive={false}
        itemStyle={TOOLTIP_ITEM_STYLE}
        labelFormatter={(_, payload) => (payload?.[0]?.payload as { label?: string } | undefined)?.label ?? ""}
        formatter={(value, name) => {
          if (value === null || value === undefined) return ["—", name];
          if (Array.isArray(value)) return [`${Number(value[0]).toFixed(2)}–${Number(value[1]).toFixed(2)}`, name];
          return [name === "Org mean" ? Number(value).toFixed(2) : value, name];
        }}
      />
    </ComposedChart>
  );
}
