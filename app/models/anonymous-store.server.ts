import fs from "node:fs";
import { getDb, type Db } from "#db/client.server";

/**
 * Writes that must leave no order behind on disk (PRODUCT.md, Anonymity 2; docs/anonymity.md).
 *
 * Two rules, and this module is where they live:
 * 1. Inside the transaction, the caller rewrites every row of the group that changed (a cycle's
 *    answers and participations) in primary-key order: delete them all, insert them sorted. With
 *    `secure_delete` on, the old cells are zeroed, so a page's bytes are a function of the set of
 *    rows, never of the order they arrived in.
 * 2. After the commit, the WAL is checkpointed and truncated, so the commit's page images (which
 *    would show what this write added) do not stay in the `-wal` file. When another connection holds
 *    a snapshot the checkpoint cannot finish: it is retried until it does.
 */

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const RETRY_MS = 25;
const GIVE_UP_AFTER_MS = 30_000;

let pendingScrub: ReturnType<typeof setTimeout> | undefined;
let pendingSince = 0;
const scrubs = { done: 0, postponed: 0 };

/** Checkpoints the whole WAL into the main file and truncates it to zero bytes. True when it did. */
export function scrubWal(db: Db = getDb()): boolean {
  const sqlite = db.$client;
  if (sqlite.inTransaction) return false;
  // Never wait inside a request: a busy checkpoint is retried from a timer instead.
  const timeout = sqlite.pragma("busy_timeout", { simple: true }) as number;
  sqlite.pragma("busy_timeout = 0");
  try {
    const [row] = sqlite.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number; checkpointed: number }[];
    return row !== undefined && row.busy === 0 && row.log <= 0;
  } catch {
    return false;
  } finally {
    sqlite.pragma(`busy_timeout = ${timeout}`);
  }
}

function scrubSoon(db: Db) {
  if (pendingScrub) return;
  if (!pendingSince) pendingSince = Date.now();
  pendingScrub = setTimeout(() => {
    pendingScrub = undefined;
    if (!db.$client.open) return;
    if (scrubWal(db)) {
      pendingSince = 0;
      return;
    }
    scrubs.postponed++;
    if (Date.now() - pendingSince > GIVE_UP_AFTER_MS) {
      // Still retried, but say so: a reader that never lets go defeats rule 2.
      console.error("anonymity: the WAL could not be checkpointed for 30 s; a reader is holding an old snapshot");
      pendingSince = Date.now();
    }
    scrubSoon(db);
  }, RETRY_MS);
  pendingScrub.unref?.();
}

/**
 * Runs `work` in one IMMEDIATE transaction, then removes its history from the WAL.
 * Nested inside an outer transaction (a bulk seed), the outer caller scrubs once at its end.
 */
export function writeAnonymously<T>(work: (tx: Tx) => T, db: Db = getDb()): T {
  const sqlite = db.$client;
  if (sqlite.inTransaction) return db.transaction(work, { behavior: "immediate" });
  // The checkpoint right after syncs the WAL before it copies it, and then the main file: the
  // commit's own WAL sync (synchronous=FULL) would be a fourth fsync for the same bytes.
  sqlite.pragma("synchronous = NORMAL");
  let result: T;
  try {
    result = db.transaction(work, { behavior: "immediate" });
  } finally {
    sqlite.pragma("synchronous = FULL");
  }
  if (scrubWal(db)) scrubs.done++;
  else {
    // Not checkpointed yet: make the commit durable now, as FULL would have, and scrub later.
    syncWal(sqlite.name);
    scrubSoon(db);
  }
  return result;
}

function syncWal(file: string) {
  let fd: number | undefined;
  try {
    fd = fs.openSync(`${file}-wal`, "r+");
    fs.fsyncSync(fd);
  } catch {
    // No WAL file means nothing is waiting in it.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** For the tests and /healthz-style diagnostics: how many scrubs ran and how many had to wait. */
export function scrubCounts() {
  return { ...scrubs, pending: Boolean(pendingScrub) };
}

/** Sorts rows by a string or number key, the on-disk order rule 1 asks for. */
export function inKeyOrder<T>(rows: T[], key: (row: T) => string | number): T[] {
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
