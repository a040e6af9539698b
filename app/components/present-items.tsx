import { useEffect, useState } from "react";
import { groupVotes } from "~/domain/comments";
import { ACTION_STATUS_LABELS } from "~/domain/incidents";
import { PRESENT_COMMENT_LIMIT, PRESENT_ITEM_LIMIT } from "~/domain/retro-steps";

import type { PresentData } from "~/routes/teams_.$slug.retro.present";
import { pct } from "~/utils/format";
import { More } from "./present-figures";

/** Meeting-mode steps 4–7 (see present-steps.tsx): comments, open items, the checklist, new items. */

const KIND_WORDS = { why: "Why", help: "Help", appreciation: "Thanks", survey: "Survey" } as const;

export function WhatPeopleWrote({ data }: { data: PresentData }) {
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

export function OpenActions({ retro }: { retro: PresentData["retro"] }) {
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

export function Checklist({ retro }: { retro: PresentData["retro"] }) {
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

export function NewActions({ data }: { data: PresentData }) {
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
