import { useEffect, useState } from "react";
import { groupVotes } from "~/domain/comments";
import { ACTION_STATUS_LABELS, formatDuration, SEVERITIES } from "~/domain/incidents";
import { PRESENT_COMMENT_LIMIT, PRESENT_ITEM_LIMIT } from "~/domain/retro-steps";
import { changeWords } from "~/domain/rollup";
import type { PresentData } from "~/routes/teams_.$slug.retro.present";
import { pct, two } from "~/utils/format";

/** The meeting mode's seven steps: each draws one screen from the retro's loader data. */

function Big({ label, value, note }: { label: string; value: string | number; note?: string }) {
  return (
    <div className="present-figure">
      <div className="present-figure-label">{label}</div>
      <div className="present-figure-value">{value}</div>
      {note ? <div className="present-figure-note">{note}</div> : null}
    </div>
  );
}

function More({ shown, total, what }: { shown: number; total: number; what: string }) {
  return total > shown ? (
    <p className="present-more">
      and {total - shown} more {what} on the retro page
    </p>
  ) : null;
}

function WhatChanged({ retro }: { retro: PresentData["retro"] }) {
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

function TrustAndParticipation({ retro, threshold }: { retro: PresentData["retro"]; threshold: number }) {
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

function IncidentsAndFollowThrough({ retro }: { retro: PresentData["retro"] }) {
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

const KIND_WORDS = { why: "Why", help: "Help", appreciation: "Thanks", survey: "Survey" } as const;

function WhatPeopleWrote({ data }: { data: PresentData }) {
  const { team, retro } = data;
  const [votes, setVotes] = useState(data.votes);
  useEffect(() => {
    // Live counts: a small JSON resource polled every two seconds while this step is shown.
    let stop = false;
    let timer: number | undefined;
    const url = `/teams/${team.slug}/retro/votes.json?until=${encodeURIComponent(retro.until)}`;
    const poll = async () => {
      try {
        const res = await fetch(url, { headers: { Accept: "application/json" } });
        if (res.ok && !stop) setVotes(((await res.json()) as { counts: Record<string, number> }).counts);
      } catch {
        // the next poll tries again
      }
      if (!stop) timer = window.setTimeout(poll, 2000);
    };
    timer = window.setTimeout(poll, 2000);
    return () => {
      stop = true;
      window.clearTimeout(timer);
    };
  }, [team.slug, retro.until]);
  const all = (["help", "why", "appreciation", "survey"] as const).flatMap((kind) =>
    retro.comments[kind].map((c) => ({ ...c, kind, votes: groupVotes(c.keys, votes) })),
  );
  const shown = [...all].sort((a, b) => b.votes - a.votes || b.count - a.count).slice(0, PRESENT_COMMENT_LIMIT);
  return (
    <>
      <p className="present-note">
        Vote on your phone: <strong className="present-url">{data.voteUrl}</strong> — 3 votes each, nobody sees who
        voted.
      </p>
      {all.length === 0 ? (
        <p className="present-empty">Nothing written in the released weeks of this period.</p>
      ) : (
        <ul className="present-comments" data-testid="present-comments">
          {shown.map((c) => (
            <li key={c.key} className={`kind-${c.kind}`} data-comment={c.key}>
              <span className="present-kind">{KIND_WORDS[c.kind]}</span>
              <blockquote>{c.text}</blockquote>
              <span className="present-badges">
                {c.count > 1 ? <span className="present-badge">×{c.count}</span> : null}
                <span className="present-badge votes" data-testid="vote-count">
                  {c.votes === 1 ? "1 vote" : `${c.votes} votes`}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
      <More shown={shown.length} total={all.length} what="comments" />
    </>
  );
}

function ItemTable({
  items,
}: {
  items: {
    id: number;
    title: string;
    ownerName: string | null;
    dueDate: string;
    status: keyof typeof ACTION_STATUS_LABELS;
    overdue?: boolean;
  }[];
}) {
  return (
    <table className="present-table">
      <thead>
        <tr>
          <th scope="col">Action item</th>
          <th scope="col">Owner</th>
          <th scope="col">Due</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {items.slice(0, PRESENT_ITEM_LIMIT).map((item) => (
          <tr key={item.id} className={item.overdue ? "overdue" : undefined}>
            <td>{item.title}</td>
            <td>{item.ownerName ?? "—"}</td>
            <td>
              {item.dueDate}
              {item.overdue ? " · overdue" : ""}
            </td>
            <td>{ACTION_STATUS_LABELS[item.status]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OpenActions({ retro }: { retro: PresentData["retro"] }) {
  const items = [...retro.openItems].sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || a.dueDate.localeCompare(b.dueDate),
  );
  const r = retro.review;
  return (
    <>
      <p className="present-note">
        {r.counts.open} open ·{" "}
        <strong className={r.counts.overdue ? "present-warn" : undefined}>{r.counts.overdue} overdue</strong> ·{" "}
        {r.counts.recentlyDone} done in the last two weeks
        {r.completionRate !== null ? ` · ${pct(r.completionRate)} done on time over the last reviews` : ""}
      </p>
      {items.length === 0 ? <p className="present-empty">No open action items.</p> : <ItemTable items={items} />}
      <More shown={Math.min(items.length, PRESENT_ITEM_LIMIT)} total={items.length} what="items" />
    </>
  );
}

function Checklist({ retro }: { retro: PresentData["retro"] }) {
  return (
    <>
      <p className="present-note">
        {retro.checklist.filter((q) => q.answer === true).length} of {retro.checklist.length} answered yes.
      </p>
      <ul className="present-list present-checklist">
        {retro.checklist.map((q) => (
          <li key={q.key}>
            <span className={`present-answer ${q.answer === true ? "yes" : q.answer === false ? "no" : "none"}`}>
              {q.answer === true ? "yes" : q.answer === false ? "no" : "—"}
            </span>{" "}
            {q.text}
          </li>
        ))}
      </ul>
    </>
  );
}

function NewActions({ data }: { data: PresentData }) {
  const items = data.retro.newItems;
  return (
    <>
      {items.length === 0 ? (
        <p className="present-empty">
          No new action items yet. Turn a comment into an action item on the retro page, or add one on the tracker.
        </p>
      ) : (
        <ItemTable items={items} />
      )}
      <More shown={Math.min(items.length, PRESENT_ITEM_LIMIT)} total={items.length} what="items" />
    </>
  );
}

export function PresentStep({ step, data }: { step: number; data: PresentData }) {
  switch (step) {
    case 1:
      return <WhatChanged retro={data.retro} />;
    case 2:
      return <TrustAndParticipation retro={data.retro} threshold={data.team.threshold} />;
    case 3:
      return <IncidentsAndFollowThrough retro={data.retro} />;
    case 4:
      return <WhatPeopleWrote data={data} />;
    case 5:
      return <OpenActions retro={data.retro} />;
    case 6:
      return <Checklist retro={data.retro} />;
    default:
      return <NewActions data={data} />;
  }
}
