import { and, asc, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { commentVotes, voteUsage } from "#db/schema";
import { VOTES_PER_PERSON } from "~/domain/comments";
import { RETRO_MAX_WEEKS } from "~/domain/period-presets";
import { weeksEndingWith } from "~/domain/timeline";
import { writeAnonymously } from "./anonymous-store.server";
import { findReleasedComment } from "./results.server";
import type { Team } from "./teams.server";

/**
 * Dot votes on released comments. Two tables, never joined: comment_votes holds only a
 * count per (team, round, comment); vote_usage holds only how many votes a member used in
 * the round. Every vote rewrites both groups of the round in key order inside one
 * writeAnonymously transaction, so neither the rows' physical order nor the WAL shows which
 * count moved with which member. Callers check that the comment is a released comment of the
 * team first.
 */

export type VoteResult = { ok: true; used: number } | { ok: false; reason: "limit"; used: number };

export function voteCounts(teamId: number, roundKey: string): Record<string, number> {
  const rows = getDb()
    .select({ commentKey: commentVotes.commentKey, votes: commentVotes.votes })
    .from(commentVotes)
    .where(and(eq(commentVotes.teamId, teamId), eq(commentVotes.roundKey, roundKey)))
    .all();
  return Object.fromEntries(rows.map((r) => [r.commentKey, r.votes]));
}

export function votesUsed(teamId: number, roundKey: string, userId: number): number {
  return (
    getDb()
      .select({ used: voteUsage.used })
      .from(voteUsage)
      .where(and(eq(voteUsage.teamId, teamId), eq(voteUsage.roundKey, roundKey), eq(voteUsage.userId, userId)))
      .get()?.used ?? 0
  );
}

export function castVote(teamId: number, roundKey: string, userId: number, commentKey: string): VoteResult {
  return writeAnonymously((tx) => {
    const inRound = (t: typeof commentVotes | typeof voteUsage) => and(eq(t.teamId, teamId), eq(t.roundKey, roundKey));
    const usage = tx
      .select({ userId: voteUsage.userId, used: voteUsage.used })
      .from(voteUsage)
      .where(inRound(voteUsage))
      .orderBy(asc(voteUsage.userId))
      .all();
    const mine = usage.find((u) => u.userId === userId)?.used ?? 0;
    if (mine >= VOTES_PER_PERSON) return { ok: false as const, reason: "limit" as const, used: mine };
    const counts = tx
      .select({ commentKey: commentVotes.commentKey, votes: commentVotes.votes })
      .from(commentVotes)
      .where(inRound(commentVotes))
      .all();

    const nextUsage = new Map(usage.map((u) => [u.userId, u.used]));
    nextUsage.set(userId, mine + 1);
    const nextCounts = new Map(counts.map((c) => [c.commentKey, c.votes]));
    nextCounts.set(commentKey, (nextCounts.get(commentKey) ?? 0) + 1);

    // Delete both groups and write them back sorted by key: the bytes depend on the set only.
    tx.delete(commentVotes).where(inRound(commentVotes)).run();
    tx.delete(voteUsage).where(inRound(voteUsage)).run();
    for (const [key, votes] of [...nextCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      tx.insert(commentVotes).values({ teamId, roundKey, commentKey: key, votes }).run();
    for (const [id, used] of [...nextUsage].sort(([a], [b]) => a - b))
      tx.insert(voteUsage).values({ teamId, roundKey, userId: id, used }).run();
    return { ok: true as const, used: mine + 1 };
  });
}

/**
 * The comments a round can vote on: released comments of the RETRO_MAX_WEEKS weeks ending
 * with the round's week (any retro ending that week shows a subset of them).
 */
export function votableComment(team: Team, roundKey: string, commentKey: string, now = new Date()) {
  const windows = weeksEndingWith(roundKey, RETRO_MAX_WEEKS, team.timeZone);
  return findReleasedComment(team, commentKey, windows[0]!.opensAt, windows.at(-1)!.closesAt, now);
}
