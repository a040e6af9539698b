import { SEVERITIES } from "~/domain/severity";
import type { IncidentBucket } from "~/domain/bucket-activity";
import { ChartSvg, countTicks, linearScale, niceTicks, XAxis, YAxis } from "./svg";
import { bucketMiddle, SEVERITY_COLORS, timeLayout, type TimeBarsProps } from "./time-axis";

const RECOVERY_COLOR = "#1b1f24";
const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/**
 * Incidents per period stacked by severity (bars never thinner than a few pixels),
 * with each period's median time to recover as a point on the right axis: a point,
 * not a line, because periods without a resolved incident have no value to join.
 */
export function IncidentsChart({ id, buckets, axis, width, height = 220 }: TimeBarsProps<IncidentBucket>) {
  const { plot, x, ticks, barWidth } = timeLayout(axis, width, height);
  const countAxis = countTicks(Math.max(1, ...buckets.map((b) => b.count)));
  const count = linearScale([0, countAxis.at(-1)!], [plot.bottom, plot.top]);
  const ttr = buckets.filter((b) => b.ttrMedianMinutes !== null).map((b) => hours(b.ttrMedianMinutes!));
  const hourAxis = niceTicks(Math.max(1, ...buckets.map((b) => (b.ttrMedianMinutes ?? 0) / 60)));
  const hour = linearScale([0, hourAxis.at(-1)!], [plot.bottom, plot.top]);
  const total = buckets.reduce((a, b) => a + b.count, 0);
  const summary =
    total === 0
      ? `No incidents in the ${buckets.length} periods shown.`
      : `${total} incident${total === 1 ? "" : "s"} in ${buckets.length} periods (${SEVERITIES.map(
          (s) => `${buckets.reduce((a, b) => a + b.bySeverity[s], 0)} ${s}`,
        ).join(", ")}); most in one period: ${Math.max(...buckets.map((b) => b.count))}.` +
        (ttr.length ? ` Median time to recover per period from ${Math.min(...ttr)} h to ${Math.max(...ttr)} h.` : "");
  return (
    <ChartSvg id={id} width={width} height={height} title="Incidents" summary={summary}>
      <YAxis plot={plot} scale={count} ticks={countAxis} side="left" label="incidents" grid />
      <YAxis plot={plot} scale={hour} ticks={hourAxis} side="right" format={(v) => `${v} h`} />
      <XAxis plot={plot} ticks={ticks} />
      {buckets.map((b) => {
        const cx = x(bucketMiddle(axis, b.start, b.end));
        const bw = barWidth(b.start, b.end);
        let acc = 0;
        return (
          <g key={b.key} className="incident-bar" data-count={b.count}>
            <title>{`${b.label}: ${b.count} incident${b.count === 1 ? "" : "s"}${
              b.count
                ? ` (${SEVERITIES.filter((s) => b.bySeverity[s])
                    .map((s) => `${b.bySeverity[s]} ${s}`)
                    .join(", ")})`
                : ""
            }${b.ttrMedianMinutes !== null ? `, median time to recover ${hours(b.ttrMedianMinutes)} h` : ""}`}</title>
            {SEVERITIES.map((s) => {
              const n = b.bySeverity[s];
              if (!n) return null;
              const from = acc;
              acc += n;
              return (
                <rect
                  key={s}
                  x={cx - bw / 2}
                  width={bw}
                  y={count(acc)}
                  height={count(from) - count(acc)}
                  fill={SEVERITY_COLORS[s]}
                />
              );
            })}
            {b.ttrMedianMinutes !== null ? (
              <circle
                className="recovery-point"
                cx={cx}
                cy={hour(b.ttrMedianMinutes / 60)}
                r={4}
                fill={RECOVERY_COLOR}
                stroke="#fff"
                strokeWidth={1.5}
              />
            ) : null}
          </g>
        );
      })}
    </ChartSvg>
  );
}
