import type { DashboardQuarter } from "~/domain/dashboard";
import type { Change } from "~/domain/statistics";
import { CHANGE_METHOD, changeWords } from "~/domain/rollup";
import { COMPONENT_NAMES } from "~/domain/survey-bank";
import { effectiveThreshold } from "~/domain/threshold";

const fmt = (iv: { mean: number; low: number; high: number }) =>
  `${iv.mean.toFixed(2)} (${iv.low.toFixed(2)}–${iv.high.toFixed(2)})`;

/** "clearly higher than in 2026-Q1", "no clear change since 2026-Q1". */
const compared = (change: Change, previousKey: string | null) =>
  `${changeWords(change)} ${change === "no clear change" ? "since" : "than in"} ${previousKey}`;

/**
 * What changed from one released quarter to the next, in plain words. A change is
 * called clear only when the 95 % intervals do not overlap (the method is one click
 * away); S rising is bad news, so it is said so.
 */
export function QuarterChanges({ quarters, threshold }: { quarters: DashboardQuarter[]; threshold: number }) {
  const latest = [...quarters].reverse().find((q) => q.status === "released");
  if (!latest) return null;
  const hidden = quarters.filter((q) => q.status === "insufficient").map((q) => q.periodKey);
  return (
    <div className="quarter-changes" data-testid="quarter-changes">
      <h3>
        {latest.periodKey}: n = {latest.n}
        {latest.participation !== null ? `, ${Math.round(latest.participation * 100)} % took part` : ""}
      </h3>
      {latest.changes && latest.components && latest.trust ? (
        <ul>
          {(["C", "R", "I", "S"] as const).map((c) => (
            <li key={c}>
              <strong>{COMPONENT_NAMES[c]}</strong> {fmt(latest.components![c])}:{" "}
              {compared(latest.changes![c], latest.previousKey)}
              {c === "S" && latest.changes!.S === "rise" ? " — more self-oriented, which lowers trust" : ""}
            </li>
          ))}
          <li>
            <strong>Trust</strong> {fmt({ mean: latest.trust.value, low: latest.trust.low, high: latest.trust.high })}:{" "}
            {compared(latest.changes.trust, latest.previousKey)}
          </li>
        </ul>
      ) : (
        <p className="muted">No earlier released quarter to compare with.</p>
      )}
      <details className="method small">
        <summary>How a change is called clear</summary>
        {CHANGE_METHOD}
      </details>
      {hidden.length > 0 ? (
        <p className="muted small">
          Not shown ({`fewer than ${effectiveThreshold(threshold)} answers`}): {hidden.join(", ")}.
        </p>
      ) : null}
    </div>
  );
}
