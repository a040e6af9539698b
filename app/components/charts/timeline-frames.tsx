import type { ComponentProps } from "react";
import type { SeriesTable } from "~/domain/dashboard";
import { SEVERITIES, type Severity } from "~/domain/severity";
import type { ActionBucket, IncidentBucket } from "~/domain/bucket-activity";
import { ActionItemsChart, COMPLETION_COLOR, OVERDUE_COLOR } from "./action-items-chart";
import { ChartFrame, LegendItem } from "./chart-frame";
import { IncidentsChart } from "./incidents-chart";
import { BAND_COLOR, DIP_COLOR, PARTICIPATION_COLOR, SEVERITY_COLORS, TRUST_COLOR } from "./time-axis";
import type { DashboardAxis } from "~/domain/dashboard";
import { TrustChart } from "./trust-chart";

/** What every frame on the shared time axis names: its id, heading, optional description, table and CSV link. */
type Frame = { id: string; title: string; description?: string; table: SeriesTable; csvHref: string };

/** Weekly trust with its interval, participation, incidents and dips (the dashboard's and the retro's). */
export function WeeklyTrustFrame({
  frame,
  chart,
  participationLabel,
  incidentLabel,
}: {
  frame: Frame;
  chart: Omit<ComponentProps<typeof TrustChart>, "width">;
  participationLabel: string;
  incidentLabel: (severity: Severity) => string;
}) {
  return (
    <ChartFrame
      {...frame}
      legend={
        <>
          <LegendItem color={TRUST_COLOR} label="Mean trust" />
          <LegendItem color={BAND_COLOR} label="95 % interval" shape="box" />
          <LegendItem color={PARTICIPATION_COLOR} label={participationLabel} shape="box" />
          {SEVERITIES.map((s) => (
            <LegendItem key={s} color={SEVERITY_COLORS[s]} label={incidentLabel(s)} shape="dot" />
          ))}
          <LegendItem color={DIP_COLOR} label="Dip alert" shape="ring" />
        </>
      }
    >
      {(width) => <TrustChart {...chart} width={width} />}
    </ChartFrame>
  );
}

type Bars<Bucket> = { frame: Frame; chartId: string; buckets: Bucket[]; axis: DashboardAxis };

/** Incidents per period by severity, with the median time to recover; the legend is optional. */
export function IncidentsFrame({ frame, chartId, buckets, axis, legend }: Bars<IncidentBucket> & { legend?: boolean }) {
  return (
    <ChartFrame
      {...frame}
      legend={
        legend ? (
          <>
            {SEVERITIES.map((s) => (
              <LegendItem key={s} color={SEVERITY_COLORS[s]} label={s} shape="box" />
            ))}
            <LegendItem color="#1b1f24" label="Median time to recover (right axis)" />
          </>
        ) : undefined
      }
    >
      {(width) => <IncidentsChart id={chartId} buckets={buckets} axis={axis} width={width} />}
    </ChartFrame>
  );
}

/** Action items done on time, and how many were overdue at each period's end (now, for the period under way). */
export function ActionsFrame({ frame, chartId, buckets, axis }: Bars<ActionBucket>) {
  return (
    <ChartFrame
      {...frame}
      legend={
        <>
          <LegendItem color={COMPLETION_COLOR} label="Completed on time" shape="box" />
          <LegendItem color={OVERDUE_COLOR} label="Overdue at the end of each period, or now (right axis)" />
        </>
      }
    >
      {(width) => <ActionItemsChart id={chartId} buckets={buckets} axis={axis} width={width} />}
    </ChartFrame>
  );
}
