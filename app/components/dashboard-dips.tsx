import { SectionCard } from "~/components/section-card";
import { WEEKLY_DIP_DEFAULTS, type DipAlert } from "~/domain/dips";

/** Dip alerts in plain words, each with how it was decided one click away (issue #12, figure 7). */
export function DashboardDips({ dips }: { dips: readonly DipAlert[] }) {
  return (
    <SectionCard headingId="dips-heading" level={3} title="Dip alerts">
      {dips.length === 0 ? (
        <p className="muted" data-testid="no-dips">
          No dips in this period: no week was clearly lower than the weeks before it, and no quarter clearly worse than
          the one before.
        </p>
      ) : (
        <ul className="dip-list" data-testid="dip-alerts">
          {dips.map((a) => (
            <li key={`${a.kind}-${a.periodKey}-${a.basis.component ?? ""}`}>
              <span className="badge danger">{a.kind === "weekly" ? "weekly dip" : "quarterly dip"}</span> {a.message}.
              <details className="method small">
                <summary>How this was decided</summary>
                {a.method}
              </details>
            </li>
          ))}
        </ul>
      )}
      <details className="method small">
        <summary>How dips are found</summary>A week is flagged when its mean falls below the control band of the
        previous {WEEKLY_DIP_DEFAULTS.window} released weeks: their mean minus {WEEKLY_DIP_DEFAULTS.sigmas} standard
        deviations. A quarterly component is flagged when its 95 % interval does not overlap the previous quarter&apos;s
        (for self-orientation, when it rises). Only released results are ever compared.
      </details>
    </SectionCard>
  );
}
