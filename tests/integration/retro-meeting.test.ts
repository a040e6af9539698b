import fs from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "#db/client.server";
import { weeklyCycleAt } from "~/domain/cycles";
import { submitCheckInAnswers } from "~/models/answers.server";
import { commentKey } from "~/models/results.server";
import { signedIn, type Client } from "../support/client";
import { makeTeamWithPeople } from "../support/factories";
import { serverForFile } from "../support/server";
import { weeksAgo } from "../support/weeks";

// Issue 15: comments → action items, "you said → we did", dip acknowledgements, votes.
const server = serverForFile({ REMINDERS: "off" });
const sqlite = () => getDb().$client;
const RETRO_DATA = "_data=routes%2Fteams.%24slug.retro";

type Team = Awaited<ReturnType<typeof makeTeamWithPeople>>;

/** Every member answers last week (released) with words in each field, tagged by `tag`. */
function answerLastWeek(t: Team, tag: string, count = t.members.length) {
  const lastWeek = weeksAgo(1, t.team.timeZone);
  const during = new Date(lastWeek.opensAt.getTime() + 3600000);
  t.members
    .slice(0, count)
    .forEach((m, i) =>
      submitCheckInAnswers(
        t.team,
        m.id,
        lastWeek.periodKey,
        { score: 3, why: `${tag} why ${i}`, help: `${tag} help ${i}`, appreciation: `${tag} thanks ${i}` },
        during,
      ),
    );
  return lastWeek;
}

/** Every member answers the week still open. */
function answerThisWeek(t: Team, tag: string) {
  const week = weeklyCycleAt(new Date(), t.team.timeZone);
  t.members.forEach((m, i) =>
    submitCheckInAnswers(t.team, m.id, week.periodKey, {
      score: 4,
      why: `${tag} open ${i}`,
      help: null,
      appreciation: null,
    }),
  );
}

/** The key of the response whose `field` holds `text` (read from the database, as only a test can). */
function keyOf(text: string, field: "why" | "help" | "appreciation") {
  const row = sqlite().prepare(`select id from check_in_responses where ${field} = ?`).get(text) as { id: string };
  return commentKey(row.id, field);
}

const post = (client: Client, slug: string, fields: Record<string, string>) =>
  client.post(`/teams/${slug}/retro`, fields, { Origin: server.baseUrl });

const count = (sql: string, ...args: unknown[]) =>
  (
    sqlite()
      .prepare(sql)
      .get(...args) as { n: number }
  ).n;

describe("a released comment becomes an action item; members see what was done", () => {
  it("keeps the words, no authorship, links back, and shows 'we did' on the home page and dashboard", async () => {
    const t = await makeTeamWithPeople(3);
    answerLastWeek(t, "alpha");
    const lead = await signedIn(server, t.lead.email);
    const retro = await (await lead.get(`/teams/${t.team.slug}/retro?${RETRO_DATA}`)).json();
    const why = retro.retro.comments.why as { key: string; text: string }[];
    expect(why.map((c) => c.text).sort()).toEqual(["alpha why 0", "alpha why 1", "alpha why 2"]);
    // The page never carries a response id, and a response's "why" and "help" keys differ.
    const ids = (sqlite().prepare("select id from check_in_responses").all() as { id: string }[]).map((r) => r.id);
    const html = await (await lead.get(`/teams/${t.team.slug}/retro`)).text();
    for (const id of ids) expect(html).not.toContain(id);
    expect(keyOf("alpha why 0", "why")).not.toBe(keyOf("alpha help 0", "help"));

    const target = why.find((c) => c.text === "alpha why 1")!;
    const created = await post(lead, t.team.slug, {
      intent: "action-from-comment",
      commentKey: target.key,
      title: target.text,
      ownerId: String(t.members[0]!.id),
      dueDate: "2031-01-15",
    });
    expect(created.status).toBe(302);
    const item = sqlite().prepare("select * from action_items where team_id = ?").get(t.team.id) as Record<
      string,
      unknown
    >;
    expect(item.title).toBe("alpha why 1");
    expect(String(item.notes)).toBe("From a comment in a weekly trust check (anonymous).");
    // The follow-up row: the comment's key and words, the item, and nothing naming a person.
    const followUp = sqlite().prepare("select * from comment_follow_ups where team_id = ?").get(t.team.id) as Record<
      string,
      unknown
    >;
    expect(followUp).toMatchObject({ comment_key: target.key, text: "alpha why 1", action_item_id: item.id });

    const after = await (await lead.get(`/teams/${t.team.slug}/retro`)).text();
    expect(after).toContain(`/teams/${t.team.slug}/action-items/${item.id}`);

    // A member sees it on the home page and the dashboard, with the item's status.
    const member = await signedIn(server, t.members[2]!.email);
    for (const path of [`/teams/${t.team.slug}`, `/teams/${t.team.slug}/dashboard`]) {
      const page = await (await member.get(path)).text();
      expect(page).toContain("You said, we did");
      expect(page).toContain("alpha why 1");
      expect(page).toContain(`/teams/${t.team.slug}/action-items/${item.id}`);
      expect(page).toContain("Open");
      expect(page).toContain("needs no authorship");
    }
  });

  it("marks a comment heard with a public reply; an over-long reply gets a message beside the field and is kept", async () => {
    const t = await makeTeamWithPeople(3);
    answerLastWeek(t, "beta");
    const lead = await signedIn(server, t.lead.email);
    const key = keyOf("beta help 2", "help");
    const long = "x".repeat(281);
    const refused = await post(lead, t.team.slug, { intent: "follow-up", commentKey: key, heard: "yes", reply: long });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain("Keep the reply to 280 characters or fewer");
    expect(html).toContain(long);
    expect(count("select count(*) n from comment_follow_ups where team_id = ?", t.team.id)).toBe(0);

    const saved = await post(lead, t.team.slug, {
      intent: "follow-up",
      commentKey: key,
      heard: "yes",
      reply: "We booked a pairing slot every Tuesday.",
    });
    expect(saved.status).toBe(302);
    const member = await signedIn(server, t.members[0]!.email);
    const home = await (await member.get(`/teams/${t.team.slug}`)).text();
    expect(home).toContain("beta help 2");
    expect(home).toContain("We booked a pairing slot every Tuesday.");
    expect(home).toMatch(/heard \d{4}-\d\d-\d\d/);
  });

  it("a member cannot turn a comment into an action item or reply", async () => {
    const t = await makeTeamWithPeople(3);
    answerLastWeek(t, "gamma");
    const member = await signedIn(server, t.members[0]!.email);
    const res = await post(member, t.team.slug, {
      intent: "follow-up",
      commentKey: keyOf("gamma why 0", "why"),
      heard: "yes",
    });
    expect(res.status).toBe(403);
    expect(count("select count(*) n from comment_follow_ups where team_id = ?", t.team.id)).toBe(0);
  });
});

describe("dip alerts a lead can acknowledge", () => {
  it("shows unacknowledged alerts, then 'acknowledged on …' with the note; refuses an empty note and an unknown alert", async () => {
    const t = await makeTeamWithPeople(3);
    for (let back = 7; back >= 1; back--) {
      const week = weeksAgo(back, t.team.timeZone);
      const during = new Date(week.opensAt.getTime() + 3600000);
      for (const m of t.members)
        submitCheckInAnswers(
          t.team,
          m.id,
          week.periodKey,
          { score: back === 1 ? 1 : 4, why: null, help: null, appreciation: null },
          during,
        );
    }
    const lead = await signedIn(server, t.lead.email);
    const data = await (await lead.get(`/teams/${t.team.slug}/retro?${RETRO_DATA}`)).json();
    const dips = data.retro.dipAlerts as { key: string; acknowledged: unknown }[];
    expect(dips).toHaveLength(1);
    expect(dips[0]!.acknowledged).toBeNull();
    expect(await (await lead.get(`/teams/${t.team.slug}/retro`)).text()).toContain("not acknowledged yet");

    const empty = await post(lead, t.team.slug, { intent: "acknowledge-dip", dipKey: dips[0]!.key, note: "  " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Write a short note");
    const unknown = await post(lead, t.team.slug, { intent: "acknowledge-dip", dipKey: "weekly:2020-W01", note: "x" });
    expect(unknown.status).toBe(404);
    expect(count("select count(*) n from dip_acknowledgements where team_id = ?", t.team.id)).toBe(0);

    const ok = await post(lead, t.team.slug, {
      intent: "acknowledge-dip",
      dipKey: dips[0]!.key,
      note: "The outage week; we talked it through on Monday.",
    });
    expect(ok.status).toBe(302);
    const member = await signedIn(server, t.members[0]!.email);
    const html = await (await member.get(`/teams/${t.team.slug}/retro`)).text();
    expect(html).toMatch(/acknowledged on \d{4}-\d\d-\d\d/);
    expect(html).toContain("The outage week; we talked it through on Monday.");
    expect(html).not.toContain("not acknowledged yet");
  });

  it("has no alert to acknowledge for a team whose weeks are below the threshold", async () => {
    const t = await makeTeamWithPeople(3);
    for (let back = 7; back >= 1; back--) {
      const week = weeksAgo(back, t.team.timeZone);
      const during = new Date(week.opensAt.getTime() + 3600000);
      for (const m of t.members.slice(0, 2))
        submitCheckInAnswers(
          t.team,
          m.id,
          week.periodKey,
          { score: back === 1 ? 1 : 4, why: null, help: null, appreciation: null },
          during,
        );
    }
    const lead = await signedIn(server, t.lead.email);
    const lastWeek = weeksAgo(1, t.team.timeZone).periodKey;
    const res = await post(lead, t.team.slug, { intent: "acknowledge-dip", dipKey: `weekly:${lastWeek}`, note: "x" });
    expect(res.status).toBe(404);
    expect(count("select count(*) n from dip_acknowledgements where team_id = ?", t.team.id)).toBe(0);
  });
});

describe("nothing exists for comments below the threshold, still open, or of another team", () => {
  it("answers 404 and writes nothing", async () => {
    const hidden = await makeTeamWithPeople(3);
    answerLastWeek(hidden, "hidden", 2); // 2 < threshold 3
    const open = await makeTeamWithPeople(3);
    answerThisWeek(open, "open");
    const other = await makeTeamWithPeople(3);
    answerLastWeek(other, "other");

    const cases: Array<[Team, string]> = [
      [hidden, keyOf("hidden why 0", "why")],
      [open, keyOf("open open 0", "why")],
      [hidden, keyOf("other why 0", "why")], // a released comment, but of another team
      [hidden, "not-a-key"],
    ];
    for (const [t, key] of cases) {
      const lead = await signedIn(server, t.lead.email);
      const attempts: Record<string, string>[] = [
        {
          intent: "action-from-comment",
          commentKey: key,
          title: "Sneaky",
          ownerId: String(t.members[0]!.id),
          dueDate: "2031-01-01",
        },
        { intent: "follow-up", commentKey: key, heard: "yes", reply: "seen" },
      ];
      for (const fields of attempts) {
        const res = await post(lead, t.team.slug, fields);
        expect(res.status, `${fields.intent} on ${key}`).toBe(404);
      }
      expect(count("select count(*) n from action_items where team_id = ?", t.team.id)).toBe(0);
      expect(count("select count(*) n from comment_follow_ups where team_id = ?", t.team.id)).toBe(0);
    }
  });
});

describe("dot votes", () => {
  const vote = (client: Client, slug: string, key: string, until = "") =>
    client.post(
      `/teams/${slug}/retro/vote${until ? `?until=${until}` : ""}`,
      { intent: "vote", commentKey: key },
      { Origin: server.baseUrl },
    );

  it("stores a count per comment and, apart, the votes each member used; never who voted for what", async () => {
    const t = await makeTeamWithPeople(3);
    answerLastWeek(t, "delta");
    const [a, b] = await Promise.all(t.members.slice(0, 2).map((m) => signedIn(server, m.email)));
    const help0 = keyOf("delta help 0", "help");
    const why1 = keyOf("delta why 1", "why");
    expect((await vote(a!, t.team.slug, help0)).status).toBe(302);
    expect((await vote(b!, t.team.slug, help0)).status).toBe(302);
    expect((await vote(b!, t.team.slug, why1)).status).toBe(302);

    const round = weeksAgo(1, t.team.timeZone).periodKey;
    expect(sqlite().prepare("select * from comment_votes where team_id = ?").all(t.team.id)).toEqual(
      [
        { team_id: t.team.id, round_key: round, comment_key: help0, votes: 2 },
        { team_id: t.team.id, round_key: round, comment_key: why1, votes: 1 },
      ].sort((x, y) => (x.comment_key < y.comment_key ? -1 : 1)),
    );
    expect(sqlite().prepare("select user_id, used from vote_usage where team_id = ?").all(t.team.id)).toEqual(
      [
        { user_id: t.members[0]!.id, used: 1 },
        { user_id: t.members[1]!.id, used: 2 },
      ].sort((x, y) => x.user_id - y.user_id),
    );
    // The WAL keeps no history of the vote: writeAnonymously checkpoints it away (at once, or on
    // its retry timer if a reader held a snapshot), so wait for that, not for a fixed time.
    const wal = `${process.env.DATABASE_PATH}-wal`;
    await vi.waitFor(() => expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0), { timeout: 5000 });

    // The shared screen's JSON: counts per comment key, nothing else.
    const counts = await (await a!.get(`/teams/${t.team.slug}/retro/votes.json`)).json();
    expect(counts).toEqual({ until: round, counts: { [help0]: 2, [why1]: 1 } });
    const page = await (await a!.get(`/teams/${t.team.slug}/retro/vote`)).text();
    expect(page).toMatch(/2 votes left/);
  });

  it("refuses a vote over the limit with a message and changes nothing", async () => {
    const t = await makeTeamWithPeople(3);
    answerLastWeek(t, "epsilon");
    const client = await signedIn(server, t.members[0]!.email);
    for (const text of ["epsilon why 0", "epsilon why 1", "epsilon why 2"])
      expect((await vote(client, t.team.slug, keyOf(text, "why"))).status).toBe(302);
    const before = sqlite().prepare("select * from comment_votes where team_id = ?").all(t.team.id);
    const refused = await vote(client, t.team.slug, keyOf("epsilon help 0", "help"));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("You have used your 3 votes in this retro. Nothing was added.");
    expect(sqlite().prepare("select * from comment_votes where team_id = ?").all(t.team.id)).toEqual(before);
    expect(sqlite().prepare("select used from vote_usage where team_id = ?").all(t.team.id)).toEqual([{ used: 3 }]);
  });

  it("answers 404 for another team's comment, a hidden or an open cycle, and a bad round; nothing changes", async () => {
    const hidden = await makeTeamWithPeople(3);
    answerLastWeek(hidden, "zeta-hidden", 2);
    const open = await makeTeamWithPeople(3);
    answerThisWeek(open, "zeta-open");
    const other = await makeTeamWithPeople(3);
    answerLastWeek(other, "zeta-other");
    const cases: Array<[Team, string]> = [
      [hidden, keyOf("zeta-hidden why 0", "why")],
      [open, keyOf("zeta-open open 0", "why")],
      [hidden, keyOf("zeta-other why 0", "why")],
    ];
    for (const [t, key] of cases) {
      const client = await signedIn(server, t.members[0]!.email);
      expect((await vote(client, t.team.slug, key)).status, key).toBe(404);
    }
    // The round cannot be a week still open, so an open cycle's words never take a vote.
    const thisWeek = weeklyCycleAt(new Date(), open.team.timeZone).periodKey;
    const client = await signedIn(server, open.members[0]!.email);
    expect((await vote(client, open.team.slug, keyOf("zeta-open open 1", "why"), thisWeek)).status).toBe(400);
    // A person outside the team cannot vote on its comments at all.
    const outsider = await signedIn(server, hidden.members[0]!.email);
    const foreign = await vote(outsider, other.team.slug, keyOf("zeta-other why 1", "why"));
    expect([403, 404]).toContain(foreign.status);
    for (const t of [hidden, open, other]) {
      expect(count("select count(*) n from comment_votes where team_id = ?", t.team.id)).toBe(0);
      expect(count("select count(*) n from vote_usage where team_id = ?", t.team.id)).toBe(0);
    }
  });
});

describe("anonymity: the tables added for the retro hold no user id next to a comment or a vote", () => {
  it("has no person column beside a comment key or a vote count, and no comment beside a voter", () => {
    const added = ["comment_follow_ups", "dip_acknowledgements", "action_reviews", "comment_votes", "vote_usage"];
    const person = /user|owner|voter|member|author|_by$|respon/;
    for (const table of added) {
      const columns = (sqlite().prepare(`pragma table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
      expect(columns.length, `${table} exists`).toBeGreaterThan(0);
      const aboutComment = columns.some((c) => /comment|vote|dip|note|reply|text/.test(c));
      if (aboutComment && table !== "vote_usage")
        expect(
          columns.filter((c) => person.test(c)),
          `${table}: ${columns.join(", ")}`,
        ).toEqual([]);
    }
    // The record of votes used names a member, and therefore no comment and no count per comment.
    const usage = (sqlite().prepare("pragma table_info(vote_usage)").all() as { name: string }[]).map((c) => c.name);
    expect(usage.sort()).toEqual(["round_key", "team_id", "used", "user_id"]);
    // Both vote tables are WITHOUT ROWID: their physical order is their key order.
    for (const table of ["comment_votes", "vote_usage"]) {
      const sql = (sqlite().prepare("select sql from sqlite_master where name = ?").get(table) as { sql: string }).sql;
      expect(sql).toMatch(/WITHOUT ROWID/i);
    }
  });
});
