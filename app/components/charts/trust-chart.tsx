import type { DashboardAxis, DashboardIncident, DashboardWeek } from "~/domain/dashboard";
import type { DipAlert } from "~/domain/dips";
import { bandPath, ChartSvg, linePath, linearScale, runs, two, XAxis, YAxis } from "./svg";
import {
  BAND_COLOR,
  DIP_COLOR,
  formatTick,
  PARTICIPATION_COLOR,
  SEVERITY_COLORS,
  timeLayout,
  TRUST_COLOR,
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

const pct = (v: number) => `${Math.round(v * 100)} %`;

/** What the weekly chart shows, in one or two sentences, for screen readers. */
function trustSummary(weeks: readonly DashboardWeek[], incidents: number, dips: number): string {
  const released = weeks.filter((w) => w.mean !== null);
  if (released.length === 0) return `No released week among the ${weeks.length} weeks shown.`;
  const last = released.at(-1)!;
  const low = released.reduce((a, w) => (w.mean! < a.mean! ? w : a));
  const high = released.reduce((a, w) => (w.mean! > a.mean! ? w : a));
  return (
    `${released.length} of ${weeks.length} weeks released. Latest, ${last.label}: mean ${two(last.mean!)} (n = ${last.n}). ` +
    `Lowest ${two(low.mean!)} (${low.label}), highest ${two(high.mean!)} (${high.label}). ` +
    `${incidents} incident${incidents === 1 ? "" : "s"} marked, ${dips} dip alert${dips === 1 ? "" : "s"}.`
  );
}

function weekTitle(w: DashboardWeek): string {
  if (w.mean === null) return `${w.label}: ${w.status === "open" ? "still open" : "not enough answers"}`;
  const band = w.low !== null && w.high !== null ? ` (95 % ${two(w.low)}–${two(w.high)})` : "";
  const part = w.participation !== null ? `, ${pct(w.participation)} took part` : "";
  return `${w.label}: mean ${two(w.mean)}${band}, n = ${w.n}${part}`;
}

/** Weekly trust mean with its 95 % band, participation bars, incident and dip markers. */
export function TrustChart({ id, weeks, incidents, dips, axis, timeZone, width, height = 300, highlight }: Props) {
  const { plot, x, ticks, barWidth } = timeLayout(axis, width, height);
  const y = linearScale([1, 5], [plot.bottom, plot.top]);
  const share = linearScale([0, 1], [plot.bottom, plot.top]);
  const dipWeeks = new Set(dips.filter((d) => d.kind === "weekly").map((d) => d.periodKey));
  const released = runs(weeks, (w) => w.mean !== null);
  const dotR = weeks.length > 60 ? 1.5 : 3;
  return (
    <ChartSvg
      id={id}
      width={width}
      height={height}
      title="Weekly trust"
      summary={trustSummary(weeks, incidents.length, dips.length)}
    >
      <YAxis plot={plot} scale={y} ticks={[1, 2, 3, 4, 5]} side="left" label="trust 1–5" grid />
      <YAxis plot={plot} scale={share} ticks={[0, 0.5, 1]} side="right" format={(v) => `${v * 100}%`} />
      <XAxis plot={plot} ticks={ticks} />
      {highlight ? (
        <rect
          className="highlight"
          x={x(Math.max(highlight.from, axis.from))}
          width={Math.max(0, x(Math.min(highlight.to, axis.to)) - x(Math.max(highlight.from, axis.from)))}
          y={plot.top}
          height={plot.bottom - plot.top}
          fill="#f5d78e"
          fillOpacity={0.35}
          stroke="#d4a72c"
          strokeDasharray="4 3"
        />
      ) : null}
      <g className="participation">
        {weeks.map((w) =>
          w.participation === null ? null : (
            <rect
              key={w.periodKey}
              x={x(w.x) - barWidth(w.start, w.end) / 2}
              width={barWidth(w.start, w.end)}
              y={share(w.participation)}
              height={plot.bottom - share(w.participation)}
              fill={PARTICIPATION_COLOR}
            />
          ),
        )}
      </g>
      {released.map((run) => (
        <path
          key={`band-${run[0]!.periodKey}`}
          className="band"
          d={bandPath(
            run
              .filter((w) => w.low !== null && w.high !== null)
              .map((w) => ({ x: x(w.x), low: y(w.low!), high: y(w.high!) })),
          )}
          fill={BAND_COLOR}
          fillOpacity={0.15}
        />
      ))}
      {released.map((run) => (
        <path
          key={`line-${run[0]!.periodKey}`}
          className="mean-line"
          d={linePath(run.map((w) => [x(w.x), y(w.mean!)]))}
          fill="none"
          stroke={TRUST_COLOR}
          strokeWidth={2.5}
        />
      ))}
      {weeks.map((w) =>
        w.mean === null ? null : <circle key={w.periodKey} cx={x(w.x)} cy={y(w.mean)} r={dotR} fill={TRUST_COLOR} />,
      )}
      {weeks
        .filter((w) => dipWeeks.has(w.periodKey) && w.mean !== null)
        .map((w) => (
          <circle
            key={`dip-${w.periodKey}`}
            className="dip-marker"
            cx={x(w.x)}
            cy={y(w.mean!)}
            r={9}
            fill="none"
            stroke={DIP_COLOR}
            strokeWidth={2.5}
          />
        ))}
      {/* One hover column per week: its native tooltip says everything the table row says. */}
      <g className="hover-columns">
        {weeks.map((w) => (
          <rect
            key={w.periodKey}
            x={x(Math.max(w.start, axis.from))}
            width={Math.max(1, x(Math.min(w.end, axis.to)) - x(Math.max(w.start, axis.from)))}
            y={plot.top}
            height={plot.bottom - plot.top}
            fill="transparent"
          >
            <title>{weekTitle(w)}</title>
          </rect>
        ))}
      </g>
      {incidents
        .filter((i) => i.x >= axis.from && i.x <= axis.to)
        .map((incident) => {
          const cx = x(incident.x);
          const cy = y(incident.y ?? 1.15);
          const color = SEVERITY_COLORS[incident.severity];
          const onLine = incident.y !== null;
          return (
            <g key={incident.id} className="incident-marker" data-severity={incident.severity}>
              <title>{`${incident.severity} · ${incident.title} · ${formatTick(incident.startedAt, timeZone)}${onLine ? "" : " (week without released results)"}`}</title>
              <path
                d={`M${cx},${cy - 8} L${cx + 7},${cy + 5} L${cx - 7},${cy + 5} Z`}
                fill={onLine ? color : "#fff"}
                stroke={color}
                strokeWidth={2}
              />
            </g>
          );
        })}
    </ChartSvg>
  );
}
