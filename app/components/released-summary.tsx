import type { SerializeFrom } from "@remix-run/node";
import { SectionCard } from "~/components/section-card";
import type { QuarterlyPoint, WeeklyPoint } from "~/models/results.server";
import { effectiveThreshold } from "~/domain/threshold";
import { pct } from "~/utils/format";

type Week = SerializeFrom<WeeklyPoint> | null;
type Quarter = SerializeFrom<QuarterlyPoint> | null;

function NotEnough({ threshold }: { threshold: number }) {
  return (
    <p className="muted">{`Not enough responses yet (fewer than ${effectiveThreshold(threshold)}). Results are shown only when at least ${effectiveThreshold(threshold)} people answered.`}</p>
  );
}

/** The last released week and quarter; below-threshold cycles say so and show no number. */
export function ReleasedSummary({ week, quarter, threshold }: { week: Week; quarter: Quarter; threshold: number }) {
  return (
    <SectionCard headingId="released-heading" title="Latest results">
      <div className="grid">
        <div>
          <h3>Last closed week</h3>
          {!week ? (
            <p className="muted">No week has closed yet.</p>
          ) : week.result.status === "released" ? (
            <>
              <p className="muted small">{week.label}</p>
              <p className="big-number" data-testid="latest-week-mean">
                {week.result.mean.toFixed(2)} <span className="muted small">of 5</span>
              </p>
              <p className="small">
                n = {week.result.n} · participation {pct(week.result.participation)}
              </p>
            </>
          ) : (
            <>
              <p className="muted small">{week.label}</p>
              <NotEnough threshold={threshold} />
            </>
          )}
        </div>
        <div>
          <h3>Last closed quarter</h3>
          {!quarter ? (
            <p className="muted">No survey has closed yet.</p>
          ) : quarter.result.status === "released" ? (
            <>
              <p className="muted small">{quarter.label}</p>
              <p className="big-number" data-testid="latest-trust">
                Trust {quarter.result.trust.value.toFixed(2)}
              </p>
              <p className="small">
                C {quarter.result.components.C.mean.toFixed(2)} · R {quarter.result.components.R.mean.toFixed(2)} · I{" "}
                {quarter.result.components.I.mean.toFixed(2)} · S {quarter.result.components.S.mean.toFixed(2)} · n ={" "}
                {quarter.result.n}
              </p>
            </>
          ) : (
            <>
              <p className="muted small">{quarter.label}</p>
              <NotEnough threshold={threshold} />
            </>
          )}
        </div>
      </div>
    </SectionCard>
  );
}
