import type { ActionBucket } from "~/domain/bucket-activity";
import { ChartSvg, countTicks, linearScale, XAxis, YAxis } from "./svg";
import { bucketMiddle, timeLayout, type TimeBarsProps } from "./time-axis";

export const COMPLETION_COLOR = "#1a7f37";
export const OVERDUE_COLOR = "#b42318";

/** Completion rate of the items due in each period, and the overdue count at its end (or now). */
export function ActionItemsChart({ id, buckets, axis, width, height = 220 }: TimeBarsProps<ActionBucket>) {
  const { plot, x, ticks, barWidth } = timeLayout(axis, width, height);
  const rate = linearScale([0, 1], [plot.bottom, plot.top]);
  const overdueAxis = countTicks(Math.max(1, ...buckets.map((b) => b.overdue)));
  const overdue = linearScale([0, overdueAxis.at(-1)!], [plot.bottom, plot.top]);
  const due = buckets.reduce((a, b) => a + b.due, 0);
  const onTime = buckets.reduce((a, b) => a + b.doneOnTime, 0);
  const last = buckets.at(-1);
  const summary =
    `${due === 0 ? "No action items came due" : `${onTime} of ${due} action items due were done on time`} in ${buckets.length} periods.` +
    (last ? ` ${last.overdue} overdue at the end of the last period.` : "");
  const points = buckets.map((b) => [x(bucketMiddle(axis, b.start, b.end)), overdue(b.overdue)] as const);
  return (
    <ChartSvg id={id} width={width} height={height} title="Action items" summary={summary}>
      <YAxis plot={plot} scale={rate} ticks={[0, 0.5, 1]} side="left" format={(v) => `${v * 100}%`} grid />
      <YAxis plot={plot} scale={overdue} ticks={overdueAxis} side="right" label="overdue" />
      <XAxis plot={plot} ticks={ticks} />
      {points.length > 1 ? (
        <path
          d={points.map(([px, py], i) => `${i ? "L" : "M"}${px.toFixed(1)},${py.toFixed(1)}`).join(" ")}
          fill="none"
          stroke={OVERDUE_COLOR}
          strokeWidth={2}
        />
      ) : null}
      {buckets.map((b, i) => {
        const bw = barWidth(b.start, b.end);
        const [cx, cy] = points[i]!;
        return (
          <g key={b.key} className="action-bar">
            <title>{`${b.label}: ${
              b.completionRate === null
                ? "no items came due"
                : `${Math.round(b.completionRate * 100)} % of ${b.due} due done on time`
            }, ${b.overdue} overdue`}</title>
            {b.completionRate !== null ? (
              <rect
                x={cx - bw / 2}
                width={bw}
                y={rate(b.completionRate)}
                height={plot.bottom - rate(b.completionRate)}
                fill={COMPLETION_COLOR}
                fillOpacity={0.75}
              />
            ) : null}
            <circle cx={cx} cy={cy} r={3} fill={OVERDUE_COLOR} />
          </g>
        );
      })}
    </ChartSvg>
  );
}
