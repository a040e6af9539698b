/**
 * Reads an SQLite database file and its WAL the way an operator with a copy could: raw bytes,
 * no SQLite library. Enough of the file format (https://www.sqlite.org/fileformat2.html) to walk
 * b-trees, read cell offsets and records, and list WAL frames, including frames left over from
 * before the last checkpoint (salts are ignored on purpose: an attacker would ignore them too).
 */

export type Value = null | number | bigint | string | Buffer;

export type Cell = { page: number; offset: number; record: Value[] };

type PageImage = { pageNo: number; bytes: Buffer };

export function readVarint(buf: Buffer, at: number): { value: number; length: number } {
  let value = 0n;
  for (let i = 0; i < 9; i++) {
    const byte = buf[at + i]!;
    if (i === 8) {
      value = (value << 8n) | BigInt(byte);
      return { value: Number(value), length: 9 };
    }
    value = (value << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) return { value: Number(value), length: i + 1 };
  }
  throw new Error("unreachable");
}

export function decodeRecord(payload: Buffer): Value[] {
  const header = readVarint(payload, 0);
  const types: number[] = [];
  let at = header.length;
  while (at < header.value) {
    const v = readVarint(payload, at);
    types.push(v.value);
    at += v.length;
  }
  let body = header.value;
  const values: Value[] = [];
  for (const t of types) {
    if (t === 0) values.push(null);
    else if (t >= 1 && t <= 6) {
      const size = [0, 1, 2, 3, 4, 6, 8][t]!;
      let n = 0n;
      for (let i = 0; i < size; i++) n = (n << 8n) | BigInt(payload[body + i] ?? 0);
      if (size > 0 && (payload[body]! & 0x80) !== 0) n -= 1n << BigInt(size * 8);
      values.push(Number(n));
      body += size;
    } else if (t === 7) {
      values.push(payload.readDoubleBE(body));
      body += 8;
    } else if (t === 8) values.push(0);
    else if (t === 9) values.push(1);
    else if (t >= 12 && t % 2 === 0) {
      const n = (t - 12) / 2;
      values.push(payload.subarray(body, body + n));
      body += n;
    } else if (t >= 13) {
      const n = (t - 13) / 2;
      values.push(payload.subarray(body, body + n).toString("utf8"));
      body += n;
    } else values.push(null);
  }
  return values;
}

export class SqliteImage {
  readonly pageSize: number;
  readonly usable: number;
  private overrides = new Map<number, Buffer>();

  constructor(readonly file: Buffer) {
    if (file.subarray(0, 16).toString("latin1") !== "SQLite format 3\u0000") throw new Error("not an SQLite file");
    const size = file.readUInt16BE(16);
    this.pageSize = size === 1 ? 65536 : size;
    this.usable = this.pageSize - file[20]!;
  }

  /** The same file with some pages replaced by WAL frame images (what a reader would see). */
  withPages(images: PageImage[]): SqliteImage {
    const copy = new SqliteImage(this.file);
    for (const [k, v] of this.overrides) copy.overrides.set(k, v);
    for (const image of images) copy.overrides.set(image.pageNo, image.bytes);
    return copy;
  }

  page(n: number): Buffer {
    const override = this.overrides.get(n);
    if (override) return override;
    const start = (n - 1) * this.pageSize;
    if (start >= this.file.length) return Buffer.alloc(this.pageSize);
    return this.file.subarray(start, start + this.pageSize);
  }

  /**
   * Every entry of the b-tree rooted at `root`, in key order, with its byte offset inside its page:
   * the leaf cells, and in an index b-tree (which is also how a WITHOUT ROWID table is stored) the
   * interior cells too, since each of those is an entry of its own, not a copy of one below it.
   */
  cells(root: number): Cell[] {
    const out: Cell[] = [];
    const visit = (n: number, depth: number) => {
      if (depth > 20) return;
      const page = this.page(n);
      const h = n === 1 ? 100 : 0;
      const type = page[h]!;
      const count = page.readUInt16BE(h + 3);
      const headerSize = type === 0x02 || type === 0x05 ? 12 : 8;
      for (let i = 0; i < count; i++) {
        const offset = page.readUInt16BE(h + headerSize + 2 * i);
        if (type === 0x05 || type === 0x02) visit(page.readUInt32BE(offset), depth + 1);
        // An index interior cell: a 4-byte left-child pointer, then a key laid out like a leaf's.
        if (type === 0x02) out.push({ page: n, offset, record: this.leafRecord(page, offset + 4, 0x0a) });
        else if (type === 0x0d || type === 0x0a)
          out.push({ page: n, offset, record: this.leafRecord(page, offset, type) });
      }
      if (type === 0x05 || type === 0x02) visit(page.readUInt32BE(h + 8), depth + 1);
    };
    visit(root, 0);
    return out;
  }

  private leafRecord(page: Buffer, offset: number, type: number): Value[] {
    let at = offset;
    const size = readVarint(page, at);
    at += size.length;
    if (type === 0x0d) at += readVarint(page, at).length; // rowid
    const payloadSize = size.value;
    const u = this.usable;
    const x = type === 0x0d ? u - 35 : Math.floor(((u - 12) * 64) / 255) - 23;
    if (payloadSize <= x) return decodeRecord(page.subarray(at, at + payloadSize));
    const m = Math.floor(((u - 12) * 32) / 255) - 23;
    const k = m + ((payloadSize - m) % (u - 4));
    const local = k <= x ? k : m;
    const parts = [page.subarray(at, at + local)];
    let remaining = payloadSize - local;
    let next = page.readUInt32BE(at + local);
    while (remaining > 0 && next) {
      const overflow = this.page(next);
      const take = Math.min(remaining, u - 4);
      parts.push(overflow.subarray(4, 4 + take));
      remaining -= take;
      next = overflow.readUInt32BE(0);
    }
    return decodeRecord(Buffer.concat(parts));
  }

  /** name → root page, read from sqlite_master on page 1. */
  roots(): Map<string, number> {
    const roots = new Map<string, number>();
    for (const cell of this.cells(1)) {
      const [, name, , rootpage] = cell.record;
      if (typeof name === "string" && typeof rootpage === "number") roots.set(name, rootpage);
    }
    return roots;
  }

  /** Which b-tree (by name) a page belongs to. */
  owners(): Map<number, string> {
    const owners = new Map<number, string>();
    for (const [name, root] of this.roots()) {
      const walk = (n: number, depth: number) => {
        if (depth > 20 || owners.has(n)) return;
        owners.set(n, name);
        const page = this.page(n);
        const h = n === 1 ? 100 : 0;
        const type = page[h]!;
        if (type !== 0x05 && type !== 0x02) return;
        const count = page.readUInt16BE(h + 3);
        for (let i = 0; i < count; i++) walk(page.readUInt32BE(page.readUInt16BE(h + 12 + 2 * i)), depth + 1);
        walk(page.readUInt32BE(h + 8), depth + 1);
      };
      walk(root, 0);
    }
    return owners;
  }
}

export type WalFrame = { index: number; pageNo: number; commit: boolean; bytes: Buffer };

/** Every frame in a -wal file, in file order, whatever its salt (old frames included). */
export function walFrames(wal: Buffer): WalFrame[] {
  if (wal.length < 32) return [];
  const magic = wal.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return [];
  const pageSize = wal.readUInt32BE(8);
  const frames: WalFrame[] = [];
  for (let at = 32, i = 0; at + 24 + pageSize <= wal.length; at += 24 + pageSize, i++) {
    const pageNo = wal.readUInt32BE(at);
    if (pageNo === 0) continue;
    frames.push({
      index: i,
      pageNo,
      commit: wal.readUInt32BE(at + 4) !== 0,
      bytes: wal.subarray(at + 24, at + 24 + pageSize),
    });
  }
  return frames;
}

/** Frames grouped into commits, in file order. */
export function walCommits(frames: WalFrame[]): WalFrame[][] {
  const commits: WalFrame[][] = [];
  let current: WalFrame[] = [];
  for (const frame of frames) {
    current.push(frame);
    if (frame.commit) {
      commits.push(current);
      current = [];
    }
  }
  if (current.length) commits.push(current);
  return commits;
}

/** The pages (by number, with the b-tree each belongs to) where two database files differ. */
export function differingPages(a: Buffer, b: Buffer): string[] {
  const pageSize = new SqliteImage(a).pageSize;
  const owners = new SqliteImage(a).owners();
  const differing: string[] = [];
  for (let p = 0; p * pageSize < Math.max(a.length, b.length); p++) {
    const pa = a.subarray(p * pageSize, (p + 1) * pageSize);
    const pb = b.subarray(p * pageSize, (p + 1) * pageSize);
    if (!pa.equals(pb)) differing.push(`${p + 1} (${owners.get(p + 1) ?? "free or overflow"})`);
  }
  return differing;
}

/** A seeded permutation of 0..n-1, so a layout test's arrival orders are the same on every run. */
export function seededOrder(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let x = seed;
  for (let i = n - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
