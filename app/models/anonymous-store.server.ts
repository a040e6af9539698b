import fs from "node:fs";
import type Database from "better-sqlite3";
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

/**
 * What a write's work gets: the process's one handle. Inside writeAnonymously its queries run in
 * the transaction (there is one connection). To undo the work, throw (drizzle's
 * TransactionRollbackError says "on purpose").
 */
export type Tx = Db;

type Runner = Database.Transaction<(work: () => unknown) => unknown>;
const runners = new WeakMap<Db, Runner>();

/**
 * One better-sqlite3 transaction function per handle, which runs the work it is given; called
 * inside a transaction it takes a savepoint instead. Drizzle's `db.transaction()` builds a new
 * query-builder object for every call, and the answer path made two or three per answer: 8 % of
 * everything the server allocated under load (docs/performance.md, session 5).
 */
function transactionOf(db: Db): Runner {
  let run = runners.get(db);
  if (!run) runners.set(db, (run = db.$client.transaction((work: () => unknown) => work())));
  return run;
}

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
  const run = transactionOf(db);
  if (sqlite.inTransaction) return run(() => work(db)) as T;
  // The checkpoint right after syncs the WAL before it copies it, and then the main file: the
  // commit's own WAL sync (synchronous=FULL) would be a fourth fsync for the same bytes.
  sqlite.pragma("synchronous = NORMAL");
  let result: T;
  try {
    result = run.immediate(() => work(db)) as T;
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

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
type Queued = { work: () => unknown; resolve: (value: never) => void; reject: (error: unknown) => void };
const queues = new Map<Db, Queued[]>();
const batches = { flushed: 0, writes: 0, largest: 0 };

/**
 * Group commit for the answer routes: every write queued in the same turn of the event loop runs
 * in ONE writeAnonymously transaction, so a burst of answers shares one commit and one checkpoint
 * (three fsyncs) instead of paying them each. Each write runs in its own savepoint: one that
 * throws or rolls back leaves the others untouched. The promise settles only after the batch has
 * committed and the WAL has been checkpointed (or synced), so a caller that answers "stored" after
 * awaiting it has the answer on disk. Under no load a batch holds one write and costs what
 * writeAnonymously costs.
 *
 * Anonymity gains rather than loses: the WAL holds at most one commit with the whole batch's
 * rows already in key order, so not even the order inside a batch reaches the disk.
 */
export function writeInBatch<T>(work: () => T, db: Db = getDb()): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const queue = queues.get(db);
    if (queue) return void queue.push({ work, resolve: resolve as (value: never) => void, reject });
    queues.set(db, [{ work, resolve: resolve as (value: never) => void, reject }]);
    setImmediate(() => flush(db));
  });
}

function flush(db: Db) {
  const batch = queues.get(db) ?? [];
  queues.delete(db);
  const outcomes: Outcome[] = [];
  try {
    if (!db.$client.open) throw new Error("The database is closed.");
    writeAnonymously(() => {
      for (const item of batch) {
        try {
          // A savepoint per write: if it throws, only its own changes are undone.
          outcomes.push({ ok: true, value: transactionOf(db)(() => item.work()) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    }, db);
  } catch (error) {
    // The batch did not commit: nothing of it is stored, whatever each write returned.
    for (const item of batch) item.reject(error);
    return;
  }
  batches.flushed++;
  batches.writes += batch.length;
  batches.largest = Math.max(batches.largest, batch.length);
  batch.forEach((item, i) => {
    const outcome = outcomes[i];
    if (outcome?.ok) item.resolve(outcome.value as never);
    else item.reject(outcome ? outcome.error : new Error("The write did not run."));
  });
}

/** How many batches ran, how many writes they held, and the largest (tests, bench, /metrics). */
export function batchCounts() {
  return { ...batches };
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
