// The write-ahead log (docs/fs.md §6), and the block cache it sits on.
//
//   const log = new Log(dev, geometry, { journaled: true });
//   log.recover(true)               at mount: install a committed transaction
//   log.begin();
//   const b = log.get(n); ...; log.put(n, b);   change blocks (held in memory)
//   log.commit();                   the four steps of §6; or log.abort()
//   log.peek(n)                     block n as the open transaction sees it (do not modify)
//
// A transaction may change at most MAX_OP_BLOCKS blocks; more is a bug in the
// caller (an operation that does not keep the documented bound) and throws.
// Blocks are logged in the order they were first changed.
//
// With journaled: false, commit writes the changed blocks home directly: mkfs
// builds an image nobody can see until it is finished, so it needs no log.
// `onCommitPoint` runs right after the header write of each commit, and
// `onCommitted` when the commit is over (tests use them to know which disk
// write made a transaction durable, and the state it made durable).

import { UserError } from '../../emu/user-error.ts';
import type { BlockDevice } from './block-device.ts';
import { BLOCK_SIZE, LOG_HEADER, MAX_OP_BLOCKS, SECTOR_BYTES, logBlock, type Geometry } from './format.ts';
import { readField, writeField } from './struct.ts';

export interface LogOptions {
  journaled: boolean;
  onCommitPoint?: () => void;
  /** Called when a commit has finished (its blocks installed, the log empty again). */
  onCommitted?: () => void;
}

/** The committed transaction a log header describes: home block numbers, in log order. */
export function decodeLogHeader(sector: Uint8Array): { count: number; blocks: number[] } {
  const count = readField(sector, 0, LOG_HEADER.fields.count);
  const blocks: number[] = [];
  const n = Math.min(count, LOG_HEADER.fields.blocks.count);
  for (let i = 0; i < n; i++) blocks.push(readField(sector, 0, LOG_HEADER.fields.blocks, i));
  return { count, blocks };
}

export function encodeLogHeader(blocks: readonly number[]): Uint8Array {
  const sector = new Uint8Array(SECTOR_BYTES);
  writeField(sector, 0, LOG_HEADER.fields.count, blocks.length);
  blocks.forEach((b, i) => writeField(sector, 0, LOG_HEADER.fields.blocks, b, i));
  return sector;
}

/** Why a log header cannot be replayed on this geometry, or null. */
export function logHeaderProblem(header: { count: number; blocks: number[] }, g: Geometry): string | null {
  const capacity = g.logBlocks - 1;
  if (header.count > capacity) return `log header: count ${header.count} exceeds the log's capacity of ${capacity}`;
  const seen = new Set<number>();
  for (const b of header.blocks) {
    if (b < g.inodeStart || b >= g.blocks) return `log header: home block ${b} is not an inode, bitmap or data block`;
    if (seen.has(b)) return `log header: block ${b} logged twice`;
    seen.add(b);
  }
  return null;
}

export class Log {
  private readonly cache = new Map<number, Uint8Array>();
  private transaction: Map<number, Uint8Array> | null = null;
  /** Transactions committed since mount. */
  commits = 0;

  constructor(readonly dev: BlockDevice, readonly geometry: Geometry, readonly options: LogOptions) {}

  get capacity(): number {
    return this.geometry.logBlocks - 1;
  }

  get active(): boolean {
    return this.transaction !== null;
  }

  /**
   * Install a committed transaction, if the header holds one; returns the number
   * of blocks it held. With writeBack false (a read-only disk) the installed
   * blocks are kept in the cache only.
   */
  recover(writeBack: boolean): number {
    const g = this.geometry;
    const header = decodeLogHeader(this.dev.readSector(g.logStart, 0));
    const problem = logHeaderProblem(header, g);
    if (problem) throw new UserError(`${this.dev.label}: ${problem}`);
    if (header.count === 0) return 0;
    header.blocks.forEach((home, i) => {
      const data = this.dev.read(logBlock(g, i));
      this.cache.set(home, data);
      if (writeBack) this.dev.write(home, data);
    });
    if (writeBack) {
      this.dev.flush();
      this.dev.writeSector(g.logStart, 0, encodeLogHeader([]));
      this.dev.flush();
    }
    return header.count;
  }

  begin(): void {
    if (this.transaction) throw new Error('Log.begin: a transaction is already open');
    this.transaction = new Map();
  }

  /** Block n, read-only: the open transaction's copy if it changed it. */
  peek(n: number): Uint8Array {
    const changed = this.transaction?.get(n);
    if (changed) return changed;
    let data = this.cache.get(n);
    if (!data) {
      data = this.dev.read(n);
      this.cache.set(n, data);
    }
    return data;
  }

  /** A copy of block n to change and put back. */
  get(n: number): Uint8Array {
    return this.peek(n).slice();
  }

  put(n: number, data: Uint8Array): void {
    const t = this.transaction;
    if (!t) throw new Error('Log.put: no open transaction');
    if (data.length !== BLOCK_SIZE) throw new Error('Log.put: not a block');
    if (n < this.geometry.inodeStart || n >= this.geometry.blocks) throw new Error(`Log.put: block ${n} may not be logged`);
    if (!t.has(n) && t.size >= MAX_OP_BLOCKS) {
      throw new Error(`Log.put: a transaction changed more than MAX_OP_BLOCKS (${MAX_OP_BLOCKS}) blocks`);
    }
    t.set(n, data);
  }

  abort(): void {
    this.transaction = null;
  }

  commit(): void {
    const t = this.transaction;
    if (!t) throw new Error('Log.commit: no open transaction');
    this.transaction = null;
    if (t.size === 0) return;
    const dev = this.dev;
    const g = this.geometry;
    if (t.size > this.capacity) throw new Error(`Log.commit: ${t.size} blocks exceed the log's capacity`);
    if (this.options.journaled) {
      [...t.values()].forEach((data, i) => dev.write(logBlock(g, i), data));
      dev.flush();
      dev.writeSector(g.logStart, 0, encodeLogHeader([...t.keys()]));
      dev.flush();
      this.options.onCommitPoint?.();
    }
    for (const [n, data] of t) {
      dev.write(n, data);
      this.cache.set(n, data);
    }
    if (this.options.journaled) {
      dev.flush();
      dev.writeSector(g.logStart, 0, encodeLogHeader([]));
      dev.flush();
    }
    this.commits++;
    this.options.onCommitted?.();
  }
}
