/**
 * The attacks from issue 10, run on copies of the database file and its WAL. Each returns how
 * many answers it attributed to the right person; chance is about one.
 */
import { SqliteImage, walCommits, walFrames, type Cell } from "./sqlite-forensics";

/** Where each needed column sits in a table's records (see `recordPositions` in the forensic test). */
export type Columns = { cycle: number; user: number; key: number; text: number };

export type Target = {
  cycleId: number;
  participations: string; // table name
  participationColumns: Pick<Columns, "cycle" | "user">;
  responses: string; // table name
  responseColumns: Pick<Columns, "cycle" | "key" | "text">; // text: where the canary sits
  responseIndex?: string; // an index over responses, cycle first, whose last column is the response key
  truth: Map<number, string>; // user id → the canary text that person wrote
};

/** `found`: the participations and answers of the cycle the attack saw, so an attack that finds nothing cannot pass. */
export type AttackReport = {
  strategy: string;
  linked: number;
  of: number;
  found?: { people: number; answers: number };
};

function cycleCells(image: SqliteImage, name: string, cycleId: number, cycleColumn: number): Cell[] {
  const root = image.roots().get(name);
  if (root === undefined) return [];
  return image.cells(root).filter((c) => c.record[cycleColumn] === cycleId);
}

function score(pairs: [number, string][], truth: Map<number, string>): number {
  return pairs.filter(([user, text]) => truth.get(user) === text).length;
}

/** Pair the k-th participation with the k-th answer, ordering both by page and byte offset. */
function byOffsets(image: SqliteImage, t: Target, label: string): AttackReport[] {
  const p = t.participationColumns;
  const r = t.responseColumns;
  const people = cycleCells(image, t.participations, t.cycleId, p.cycle);
  const answers = cycleCells(image, t.responses, t.cycleId, r.cycle);
  const found = { people: people.length, answers: answers.length };
  const textByKey = new Map(answers.map((c) => [String(c.record[r.key]), String(c.record[r.text])]));
  const indexAnswers = t.responseIndex ? cycleCells(image, t.responseIndex, t.cycleId, 0) : [];
  const reports: AttackReport[] = [];
  for (const direction of [1, -1]) {
    const order = (a: Cell, b: Cell) => a.page - b.page || direction * (a.offset - b.offset);
    const users = [...people].sort(order).map((c) => Number(c.record[p.user]));
    const texts = [...answers].sort(order).map((c) => String(c.record[r.text]));
    reports.push({
      strategy: `${label}: offsets (${direction > 0 ? "ascending" : "descending"}) of participations × answers`,
      linked: score(
        users.map((u, i) => [u, texts[i] ?? ""]),
        t.truth,
      ),
      of: t.truth.size,
      found,
    });
    if (indexAnswers.length) {
      const viaIndex = [...indexAnswers].sort(order).map((c) => textByKey.get(String(c.record.at(-1))) ?? "");
      reports.push({
        strategy: `${label}: offsets (${direction > 0 ? "ascending" : "descending"}) of participations × ${t.responseIndex}`,
        linked: score(
          users.map((u, i) => [u, viaIndex[i] ?? ""]),
          t.truth,
        ),
        of: t.truth.size,
      });
    }
  }
  return reports;
}

/** Replay WAL commits in file order over the main file; a commit adding one person and one answer links them. */
function byWalDiffs(base: SqliteImage, wal: Buffer, t: Target): AttackReport {
  const state = (image: SqliteImage) => ({
    users: new Set(
      cycleCells(image, t.participations, t.cycleId, t.participationColumns.cycle).map((c) =>
        Number(c.record[t.participationColumns.user]),
      ),
    ),
    texts: new Set(
      cycleCells(image, t.responses, t.cycleId, t.responseColumns.cycle).map((c) =>
        String(c.record[t.responseColumns.text]),
      ),
    ),
  });
  let image = base;
  let before = state(image);
  const pairs: [number, string][] = [];
  for (const commit of walCommits(walFrames(wal))) {
    image = image.withPages(commit.map((f) => ({ pageNo: f.pageNo, bytes: f.bytes })));
    let after: ReturnType<typeof state>;
    try {
      after = state(image);
    } catch {
      continue; // a torn mix of old and new frames
    }
    const newUsers = [...after.users].filter((u) => !before.users.has(u));
    const newTexts = [...after.texts].filter((x) => !before.texts.has(x));
    if (newUsers.length === 1 && newTexts.length === 1) pairs.push([newUsers[0]!, newTexts[0]!]);
    before = after;
  }
  return { strategy: "WAL: commit-by-commit differences", linked: score(pairs, t.truth), of: t.truth.size };
}

export function attack(copy: { db: Buffer; wal: Buffer | null }, t: Target): AttackReport[] {
  const base = new SqliteImage(copy.db);
  const reports = byOffsets(base, t, "main file");
  if (copy.wal && copy.wal.length) {
    const latest = base.withPages(walFrames(copy.wal).map((f) => ({ pageNo: f.pageNo, bytes: f.bytes })));
    reports.push(...byOffsets(latest, t, "main file + WAL"));
    reports.push(byWalDiffs(base, copy.wal, t));
  }
  return reports;
}

/** Bytes of a freed region that still hold a canary (secure_delete should have zeroed them). */
export function leftoverCanaries(file: Buffer, canaries: string[], live: Set<string>): string[] {
  return canaries.filter((c) => {
    let at = file.indexOf(c);
    let hits = 0;
    while (at !== -1) {
      hits++;
      at = file.indexOf(c, at + 1);
    }
    return hits > (live.has(c) ? 1 : 0);
  });
}
