import type { DashboardQuarter } from "~/domain/dashboard";
import { changeWords } from "~/domain/rollup";
import { COMPONENT_NAMES } from "~/domain/survey-bank";

const fmt = (iv: { mean: number; low: number; high: number }) =>
  `${iv.mean.toFixed(2)} (${iv.low.toFixed(2)}–${iv.high.toFixed(2)})`;

/**
 * What changed from one released quarter to the next, in words. A change is
 * called a rise or a fall only when the 95 % intervals do not overlap; S rising is
 * bad news, so it is said so.
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
              <strong>{COMPONENT_NAMES[c]}</strong> {fmt(latest.components![c])}: {changeWords(latest.changes![c])}{" "}
              since {latest.previousKey}
              {c === "S" && latest.changes!.S === "rise" ? " — more self-oriented, which lowers trust" : ""}
            </li>
          ))}
          <li>
            <strong>Trust</strong> {fmt({ mean: latest.trust.value, low: latest.trust.low, high: latest.trust.high })}:{" "}
            {changeWords(latest.changes.trust)} since {latest.previousKey}
          </li>
        </ul>
      ) : (
        <p className="muted">No earlier released quarter to compare with.</p>
      )}
      {hidden.length > 0 ? (
        <p className="muted small">
          Not shown ({`fewer than ${Math.max(3, threshold)} answers`}): {hidden.join(", ")}.
        </p>
      ) : null}
    </div>
  );
}
