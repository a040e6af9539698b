import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

function migrationsFolder(): string {
  // The built server and the tests both run from the project root.
  return path.resolve(process.env.MIGRATIONS_PATH ?? "db/migrations");
}

/** Refuses to run against a database migrated by a newer version of the code. */
function assertNotNewer(sqlite: Database.Database, folder: string) {
  const hasTable = sqlite
    .prepare("select 1 from sqlite_master where type='table' and name='__drizzle_migrations'")
    .get();
  if (!hasTable) return;
  const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as {
    entries: { when: number }[];
  };
  const known = Math.max(0, ...journal.entries.map((e) => e.when));
  const newest = sqlite.prepare("select max(created_at) as at from __drizzle_migrations").get() as {
    at: number | null;
  };
  if (newest.at !== null && Number(newest.at) > known) {
    throw new Error(
      `The database at ${sqlite.name} was migrated by a newer version of Trust Health; refusing to start.`,
    );
  }
}

export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL makes an acknowledged answer durable even on power loss, not just process crash.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // 32 MB of page cache (SQLite's default is 2 MB): the open weeks' answer pages, sessions and
  // memberships of a large organisation stay in memory under load (docs/performance.md, session 4).
  sqlite.pragma("cache_size = -32768");
  // Deleted cells and freed pages are zeroed, so a rewritten answer leaves no trace of where it was.
  sqlite.pragma("secure_delete = ON");
  const folder = migrationsFolder();
  assertNotNewer(sqlite, folder);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: folder });
  if (file !== ":memory:") rewriteInKeyOrderOnce(sqlite);
  return db as Db;
}

/**
 * PRAGMA user_version records the on-disk layout. Version 1: every page holds its rows in key
 * order and no freed space holds old bytes (docs/anonymity.md). Databases written before that
 * kept answers in insertion order: VACUUM rebuilds every table and index in key order, once.
 * Version 2: answers keyed by cycle first (migration 0008); the VACUUM drops the pages the
 * migration freed, so the file holds only the new layout.
 */
const CANONICAL_LAYOUT = 2;

function rewriteInKeyOrderOnce(sqlite: Database.Database) {
  const version = sqlite.pragma("user_version", { simple: true }) as number;
  if (version >= CANONICAL_LAYOUT) return;
  sqlite.exec("VACUUM");
  sqlite.pragma(`user_version = ${CANONICAL_LAYOUT}`);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
}

/**
 * Closes the one handle: SQLite checkpoints the WAL into the main file and removes the
 * `-wal` and `-shm` files, so a stopped server leaves no write history behind.
 */
export function closeDatabase() {
  if (!instance) return;
  const db = instance;
  instance = undefined;
  preparedCache.delete(db);
  if (db.$client.open) db.$client.close();
}

/** Where the database lives when DATABASE_PATH is not set. The app's environment check uses the same default. */
export const DEFAULT_DATABASE_PATH = "./data/trust-health.sqlite";

let instance: Db | undefined;

/** The one database handle of this process. */
export function getDb(): Db {
  // The database layer reads its one setting itself, so it depends on nothing in app/.
  if (!instance) instance = openDatabase(process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH);
  return instance;
}

const preparedCache = new WeakMap<Db, Map<string, unknown>>();

/**
 * A raw better-sqlite3 statement, prepared once per database handle: for the aggregate reads, and
 * for loops that run a statement once per row, where drizzle's per-call work (mapping placeholders
 * and results) costs more than SQLite's own.
 */
export function statement(key: string, text: string): Database.Statement<unknown[]> {
  return prepared(`raw:${key}`, (db) => db.$client.prepare(text));
}

/**
 * A drizzle prepared statement built once per database handle. Hot paths (the
 * sign-in guard, answering) would otherwise rebuild the same SQL on every request.
 * Statements run on the one connection, so they work inside db.transaction() too.
 */
export function prepared<T>(key: string, build: (db: Db) => T): T {
  const db = getDb();
  let statements = preparedCache.get(db);
  if (!statements) preparedCache.set(db, (statements = new Map()));
  if (!statements.has(key)) statements.set(key, build(db));
  return statements.get(key) as T;
}
