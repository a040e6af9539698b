import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceDot,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { DashboardAxis, DashboardIncident, DashboardWeek } from "~/domain/dashboard";
import type { DipAlert } from "~/domain/dips";
import {
  BAND_COLOR,
  barSizeFor,
  DIP_COLOR,
  formatTick,
  PARTICIPATION_COLOR,
  SEVERITY_COLORS,
  TIME_CHART_MARGIN,
  TRUST_COLOR,
  xAxisProps,
  Y_AXIS_WIDTH,
  TOOLTIP_ITEM_STYLE,
} from "./time-axis";

type Props = {
  id: string;
  weeks: DashboardWeek[];
  incidents: DashboardIncident[];
  dips: DipAlert[];
  axis: DashboardAxis;
  timeZone: string;
  width: number;
  height?: number;
  highlight?: { from: number; to: number } | null;
};

const pct = (v: number | null) => (v === null ? null : Math.round(v * 100));

function IncidentMarker(props: { cx?: number; cy?: number; incident: DashboardIncident; timeZone: string }) {
  const { cx, cy, incident } = props;
  if (cx === undefined || cy === undefined) return <g />;
  const color = SEVERITY_COLORS[incident.severity];
  const onLine = incident.y !== null;
  return (
    <g className="incident-marker" data-severity={incident.severity}>
      <title>{`${incident.severity} · ${incident.title} · ${formatTick(incident.startedAt, props.timeZone)}${onLine ? "" : " (week without released results)"}`}</title>
      <path
        d={`M${cx},${cy - 8} L${cx + 7},${cy + 5} L${cx - 7},${cy + 5} Z`}
        fill={onLine ? color : "#fff"}
        stroke={color}
        strokeWidth={2}
      />
    </g>
  );
}

/** Weekly trust mean with its 95 % band, participation bars, incident and dip markers. */
export function TrustChart({ id, weeks, incidents, dips, axis, timeZone, width, height = 300, highlight }: Props) {
  const data = weeks.map((w) => ({
    x: w.x,
    label: w.label,
    mean: w.mean,
    band: w.low !== null && w.high !== null ? [w.low, w.high] : null,
    participation: pct(w.participation),
    n: w.n,
  }));
  const weekMs = 7 * 86_400_000;
  const dipWeeks = new Set(dips.filter((d) => d.kind === "weekly").map((d) => d.periodKey));
  return (
    <ComposedChart
      id={id}
      width={width}
      height={height}
      data={data}
      margin={TIME_CHART_MARGIN}
      title="Weekly trust"
      desc="Mean trust per released week on a 1 to 5 scale"
    >
      <CartesianGrid stroke="#eaeef2" vertical={false} />
      <XAxis {...xAxisProps(axis, width)} />
      <YAxis
        interval={0}
        yAxisId="trust"
        domain={[1, 5]}
        ticks={[1, 2, 3, 4, 5]}
        width={Y_AXIS_WIDTH}
        fontSize={12}
        label={{ value: "trust 1–5", angle: -90, position: "insideLeft", fontSize: 11, fill: "#57606a" }}
      />
      <YAxis
        interval={0}
        yAxisId="participation"
        orientation="right"
        domain={[0, 100]}
        ticks={[0, 50, 100]}
        unit="%"
        width={Y_AXIS_WIDTH}
        fontSize={12}
      />
      {highlight ? (
        <ReferenceArea
          yAxisId="trust"
          x1={highlight.from}
          x2={highlight.to}
          fill="#f5d78e"
          fillOpacity={0.35}
          stroke="#d4a72c"
          strokeDasharray="4 3"
          ifOverflow="hidden"
        />
      ) : null}
      <Bar
        yAxisId="participation"
        dataKey="participation"
        name="Participation"
        fill={PARTICIPATION_COLOR}
        barSize={barSizeFor(axis, weekMs, width)}
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
        name="Mean trust"
        stroke={TRUST_COLOR}
        strokeWidth={2.5}
        dot={{ r: weeks.length > 60 ? 1.5 : 3, fill: TRUST_COLOR }}
        connectNulls={false}
        isAnimationActive={false}
      />
      {weeks
        .filter((w) => dipWeeks.has(w.periodKey) && w.mean !== null)
        .map((w) => (
          <ReferenceDot
            key={`dip-${w.periodKey}`}
            yAxisId="trust"
            x={w.x}
            y={w.mean!}
            r={9}
            fill="none"
            stroke={DIP_COLOR}
            strokeWidth={2.5}
            ifOverflow="visible"
          />
        ))}
      {incidents.map((incident) => (
        <ReferenceDot
          key={`incident-${incident.id}`}
          yAxisId="trust"
          x={incident.x}
          y={incident.y ?? 1.15}
          ifOverflow="discard"
          shape={(p: { cx?: number; cy?: number }) => (
            <IncidentMarker cx={p.cx} cy={p.cy} incident={incident} timeZone={timeZone} />
          )}
        />
      ))}
      <Tooltip
        isAnimationActive={false}
        itemStyle={TOOLTIP_ITEM_STYLE}
        labelFormatter={(_, payload) => (payload?.[0]?.payload as { label?: string } | undefined)?.label ?? ""}
        formatter={(value, name) => {
          if (value === null || value === undefined) return ["—", name];
          if (Array.isArray(value)) return [`${Number(value[0]).toFixed(2)}–${Number(value[1]).toFixed(2)}`, name];
          if (name === "Participation") return [`${value} %`, name];
          return [Number(value).toFixed(2), name];
        }}
      />
    </ComposedChart>
  );
}
