import { formatDuration, SEVERITIES } from "~/domain/incidents";

import { changeWords } from "~/domain/rollup";
import type { PresentData } from "~/routes/teams_.$slug.retro.present";
import { pct, two } from "~/utils/format";

/** Meeting-mode steps 1–3 (see present-steps.tsx): what changed, trust and participation, incidents. */

function Big({ label, value, note }: { label: string; value: string | number; note?: string }) {
  return (
    <div className="present-figure">
      <div className="present-figure-label">{label}</div>
      <div className="present-figure-value">{value}</div>
      {note ? <div className="present-figure-note">{note}</div> : null}
    </div>
  );
}

export function More({ shown, total, what }: { shown: number; total: number; what: string }) {
  return total > shown ? (
    <p className="present-more">
      and {total - shown} more {what} on the retro page
    </p>
  ) : null;
}

export function WhatChanged({ retro }: { retro: PresentData["retro"] }) {
  const unacked = retro.dipAlerts.filter((a) => !a.acknowledged);
  return (
    <>
      <div className="present-figures">
        <Big
          label="Weekly trust"
          value={two(retro.trust.current?.mean)}
          note={`was ${two(retro.trust.previous?.mean)} — ${changeWords(retro.trust.change)}`}
        />
        <Big
          label="Participation"
          value={pct(retro.current.participation)}
          note={`was ${pct(retro.previous.participation)}`}
        />
        <Big label="Incidents" value={retro.current.incidents.count} note={`was ${retro.previous.incidents.count}`} />
        <Big
          label="Actions done on time"
          value={retro.current.actions.due === 0 ? "—" : pct(retro.current.actions.completionRate)}
          note={
            retro.previous.actions.due === 0
              ? "none were due before"
              : `was ${pct(retro.previous.actions.completionRate)}`
          }
        />
      </div>
      {retro.dipAlerts.length > 0 ? (
        <ul className="present-list present-dips">
          {retro.dipAlerts.slice(0, 3).map((a) => (
            <li key={a.key}>
              Dip alert: {a.message}.{" "}
              {a.acknowledged ? (
                <strong>
                  Acknowledged on {a.acknowledged.acknowledgedAt.slice(0, 10)}: {a.acknowledged.note}
                </strong>
              ) : (
                <strong className="present-warn">Not acknowledged yet</strong>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="present-note">No dip alerts in this period.</p>
      )}
      {unacked.length > 3 ? <p className="present-more">{unacked.length - 3} more alerts on the retro page</p> : null}
    </>
  );
}

export function TrustAndParticipation({ retro, threshold }: { retro: PresentData["retro"]; threshold: number }) {
  const weeks = retro.weekBars.slice(-16);
  return (
    <>
      <div className="present-bars" role="table" aria-label="Weekly trust and participation">
        {weeks.map((w) => (
          <div key={w.periodKey} className={`present-bar-col${w.current ? " current" : ""}`} role="row">
            <div className="present-bar-value" role="cell">
              {w.mean === null ? (w.status === "open" ? "open" : "hidden") : two(w.mean)}
            </div>
            <div className="present-bar-track" aria-hidden="true">
              <div className="present-bar-fill" style={{ height: `${w.mean === null ? 0 : (w.mean / 5) * 100}%` }} />
            </div>
            <div className="present-bar-label" role="cell">
              {w.periodKey.slice(5)}
            </div>
            <div className="present-bar-part" role="cell">
              {pct(w.participation)}
            </div>
          </div>
        ))}
      </div>
      <p className="present-note">
        Weekly trust 1–5 and participation; the bright weeks are this retro. Weeks with fewer than {threshold} answers
        are hidden.
        {retro.quarter?.trust
          ? ` Latest quarter (${retro.quarter.label}): Trust ${retro.quarter.trust.value.toFixed(1)}.`
          : ""}
      </p>
    </>
  );
}

export function IncidentsAndFollowThrough({ retro }: { retro: PresentData["retro"] }) {
  const inc = retro.current.incidents;
  return (
    <div className="present-figures">
      <Big
        label="Incidents"
        value={inc.count}
        note={
          SEVERITIES.filter((s) => inc.bySeverity[s] > 0)
            .map((s) => `${inc.bySeverity[s]} ${s}`)
            .join(" · ") || "none"
        }
      />
      <Big
        label="Median time to recover"
        value={formatDuration(inc.timeToRecoverMinutes.median)}
        note={`was ${formatDuration(retro.previous.incidents.timeToRecoverMinutes.median)}`}
      />
      <Big
        label="Major incidents with a postmortem"
        value={pct(inc.majorWithPostmortemShare)}
        note={`communication audit ${pct(inc.auditScore)}`}
      />
      <Big
        label="Action items done on time"
        value={
          retro.current.actions.due === 0 ? "—" : `${retro.current.actions.doneOnTime} of ${retro.current.actions.due}`
        }
        note={`${retro.current.actions.overdue} overdue at the end of the period`}
      />
    </div>
  );
}
