// The file system checker (docs/fs.md §8): every invariant of the format,
// and an optional repair.
//
//   fsck(backend, { label: 'fs.img' }) -> FsckReport    checks, writes nothing
//   fsck(backend, { repair: true })                      fixes, then checks again
//   formatReport(report) -> text, one line per problem
//
// A disk whose superblock is unusable is a UserError (nothing else can be
// checked); every other problem is a line in report.errors. An orphan (an
// allocated inode with nlink 0 that no directory names, which a crash may
// leave, docs/fs.md §7) is listed in report.orphans, not as an error.
//
// One pass serves both modes: each problem found is fixed in an in-memory
// overlay of the disk, so later checks see the fixed state (a file truncated
// at a bad block no longer claims the blocks after it). Checking discards the
// overlay; repairing writes it, without the log, and checks again.
//
// Passes: log (replayed into the overlay), inodes and their block maps
// (claiming blocks in inode order: the first claimant keeps a cross-linked
// block), directories from the root (breadth first), unreachable inodes,
// link counts, bitmap.

import type { BlockBackend } from '../../emu/devices/disk.ts';
import { UserError } from '../../emu/user-error.ts';
import { BlockDevice } from './block-device.ts';
import { pointerAt, setPointer } from './block-map.ts';
import {
  DOT_NAME, DOTDOT_NAME, decodeDirent, direntPaddingClean, encodeDirent, isDotOrDotDot, nameProblem, nameText,
  sameName,
} from './directory.ts';
import {
  BLOCK_SIZE, DIRENT_BYTES, DIRENTS_PER_BLOCK, INODE, InodeType, MAX_FILE_BYTES, MODE_PERMISSIONS,
  NDIRECT, POINTERS_PER_BLOCK, ROOT_INODE, bitmapByte, bitmapMask, fileBlocks, inodeBlock, inodeOffset,
  logBlock, type Geometry,
} from './format.ts';
import { readGeometry } from './superblock.ts';
import { decodeInode, emptyInode, encodeInode, inodeIsZero, validInodeType, type Inode } from './inode.ts';
import { decodeLogHeader, encodeLogHeader, logHeaderProblem } from './log.ts';
import { readField } from './struct.ts';

export interface FsckOptions {
  label?: string;
  repair?: boolean;
}

export interface FsckStats {
  blocks: number;
  dataBlocks: number;
  usedDataBlocks: number;
  inodes: number;
  usedInodes: number;
  files: number;
  directories: number;
  devices: number;
  fileBytes: number;
}

export interface FsckReport {
  label: string;
  /** One line per problem found (before any repair). */
  errors: string[];
  /** Allocated inodes with nlink 0 that no directory names (a crash may leave them). */
  orphans: number[];
  /** Blocks of a committed transaction found in the log (replayed). */
  logBlocks: number;
  /** With repair: the problems a check after repairing still finds (empty when it worked). */
  remaining?: string[];
  stats: FsckStats;
  /** No errors (orphans allowed). */
  clean: boolean;
}

const PPB = POINTERS_PER_BLOCK;
const DOUBLE_START = NDIRECT + PPB;
const INODE_SPARE = [INODE.fields.flags, INODE.fields.spare1, INODE.fields.spare2];

function pointerBlock(pointers: readonly number[]): Uint8Array {
  const block = new Uint8Array(BLOCK_SIZE);
  pointers.forEach((p, i) => setPointer(block, i, p));
  return block;
}

/** What the block-map pass learnt about one inode. */
interface MapFacts {
  /** Data blocks 0 … n−1, as (now) mapped. */
  blocks: number[];
  /** Every block the inode claims: data and indirect. */
  claimed: number[];
}

class Checker {
  readonly dev: BlockDevice;
  readonly g: Geometry;
  readonly errors: string[] = [];
  readonly orphans: number[] = [];
  logBlocks = 0;
  private readonly cache = new Map<number, Uint8Array>();
  /** Blocks changed by fixes (or by the log replay): what repair writes. */
  private readonly dirty = new Map<number, Uint8Array>();
  private clearLog = false;
  /** owner[b]: the inode that claimed block b, 0 if none. */
  private readonly owner: Int32Array;
  private readonly maps = new Map<number, MapFacts>();
  private readonly allocated: boolean[] = [];
  private readonly refs: Int32Array;
  private readonly reached = new Set<number>();
  /** Blocks of orphans: in use until repair frees them, so not a bitmap error. */
  private readonly orphanBlocks = new Set<number>();

  constructor(backend: BlockBackend, readonly label: string) {
    this.dev = new BlockDevice(backend, label);
    this.g = readGeometry(this.dev);
    this.owner = new Int32Array(this.g.blocks);
    this.refs = new Int32Array(this.g.inodes);
  }

  run(): void {
    this.checkLog();
    for (let inum = 0; inum < this.g.inodes; inum++) this.checkInode(inum);
    this.checkDirectories();
    this.checkReachability();
    this.checkBitmap();
  }

  /** Writes every fix to the disk (repair). */
  writeBack(): void {
    for (const [n, data] of this.dirty) this.dev.write(n, data);
    this.dev.flush();
    if (this.clearLog) this.dev.writeSector(this.g.logStart, 0, encodeLogHeader([]));
    this.dev.flush();
  }

  stats(): FsckStats {
    const g = this.g;
    let usedDataBlocks = 0;
    for (let b = g.dataStart; b < g.blocks; b++) if (this.owner[b] !== 0) usedDataBlocks++;
    const s: FsckStats = {
      blocks: g.blocks, dataBlocks: g.blocks - g.dataStart, usedDataBlocks, inodes: g.inodes - 1, usedInodes: 0,
      files: 0, directories: 0, devices: 0, fileBytes: 0,
    };
    for (let inum = ROOT_INODE; inum < g.inodes; inum++) {
      if (!this.allocated[inum]) continue;
      const ino = this.inode(inum);
      s.usedInodes++;
      if (ino.type === InodeType.File) {
        s.files++;
        s.fileBytes += ino.size;
      }
      if (ino.type === InodeType.Directory) s.directories++;
      if (ino.type === InodeType.Device) s.devices++;
    }
    return s;
  }

  // ---- blocks ----

  private read(n: number): Uint8Array {
    const changed = this.dirty.get(n);
    if (changed) return changed;
    let data = this.cache.get(n);
    if (!data) {
      data = this.dev.read(n);
      this.cache.set(n, data);
    }
    return data;
  }

  /** Block n, to change in place (it becomes part of what repair writes). */
  private change(n: number): Uint8Array {
    let data = this.dirty.get(n);
    if (!data) {
      data = this.read(n).slice();
      this.dirty.set(n, data);
    }
    return data;
  }

  private problem(message: string): void {
    this.errors.push(message);
  }

  // ---- log ----

  private checkLog(): void {
    const g = this.g;
    const header = decodeLogHeader(this.dev.readSector(g.logStart, 0));
    const bad = logHeaderProblem(header, g);
    if (bad) {
      this.problem(`${bad}; the log is ignored`);
      this.clearLog = true;
      return;
    }
    if (header.count === 0) return;
    this.logBlocks = header.count;
    this.clearLog = true;
    header.blocks.forEach((home, i) => this.dirty.set(home, this.dev.read(logBlock(g, i)).slice()));
  }

  // ---- inodes ----

  private inode(inum: number): Inode {
    return decodeInode(this.read(inodeBlock(this.g, inum)), inodeOffset(inum), inum);
  }

  private storeInode(ino: Inode): void {
    encodeInode(ino, this.change(inodeBlock(this.g, ino.inum)), inodeOffset(ino.inum));
  }

  private freeInode(inum: number): void {
    this.storeInode(emptyInode(inum));
    this.allocated[inum] = false;
    for (const b of this.maps.get(inum)?.claimed ?? []) if (this.owner[b] === inum) this.owner[b] = 0;
    this.maps.delete(inum);
  }

  private checkInode(inum: number): void {
    const g = this.g;
    const block = this.read(inodeBlock(g, inum));
    const offset = inodeOffset(inum);
    const type = readField(block, offset, INODE.fields.type);
    const zero = inodeIsZero(block, offset);
    if (inum === 0 || type === InodeType.Free) {
      if (!zero) {
        this.problem(inum === 0 ? 'inode 0 is not all zero' : `inode ${inum} is free but not all zero`);
        this.storeInode(emptyInode(inum));
      }
      return;
    }
    if (!validInodeType(type)) {
      this.problem(`inode ${inum}: unknown type ${type}; freed`);
      this.storeInode(emptyInode(inum));
      return;
    }
    const ino = decodeInode(block, offset, inum);
    let changed = false;
    const fix = (message: string, apply: () => void) => {
      this.problem(`inode ${inum}: ${message}`);
      apply();
      changed = true;
    };
    if ((ino.mode & ~MODE_PERMISSIONS) !== 0) {
      fix(`mode 0o${ino.mode.toString(8)} has bits beyond 0o7777`, () => { ino.mode &= MODE_PERMISSIONS; });
    }
    if (INODE_SPARE.some((f) => block.subarray(offset + f.at, offset + f.at + f.size * f.count).some((b) => b !== 0))) {
      fix('reserved fields are not zero', () => {});  // encodeInode zeroes them
    }
    if (ino.type === InodeType.Device) {
      if (ino.major === 0) {
        this.problem(`inode ${inum}: device with major number 0; freed`);
        this.storeInode(emptyInode(inum));
        return;
      }
      if (ino.size !== 0 || ino.direct.some((p) => p !== 0) || ino.indirect !== 0 || ino.doubleIndirect !== 0) {
        fix('a device with a size or blocks', () => {
          ino.size = 0;
          ino.direct.fill(0);
          ino.indirect = ino.doubleIndirect = 0;
        });
      }
      this.maps.set(inum, { blocks: [], claimed: [] });
    } else {
      if (ino.major !== 0 || ino.minor !== 0) fix('device numbers on a non-device', () => { ino.major = ino.minor = 0; });
      if (this.checkMap(ino)) changed = true;
      if (ino.type === InodeType.Directory && ino.size % DIRENT_BYTES !== 0) {
        fix(`directory size ${ino.size} is not a multiple of ${DIRENT_BYTES}`, () => {
          ino.size -= ino.size % DIRENT_BYTES;
          this.trimMap(ino, fileBlocks(ino.size));
        });
      }
      if (ino.type === InodeType.Directory && ino.size < 2 * DIRENT_BYTES) {
        if (inum === ROOT_INODE) throw new UserError(`${this.label}: the root directory has no room for . and ..`);
        this.problem(`directory inode ${inum}: too small to hold . and ..; freed`);
        this.freeInode(inum);
        return;
      }
    }
    this.allocated[inum] = true;
    if (changed) this.storeInode(ino);
  }

  /**
   * Walks the block map, claiming blocks, and fixes it (in ino and in the
   * overlay) so that exactly the blocks below the size are mapped. True if ino changed.
   */
  private checkMap(ino: Inode): boolean {
    const g = this.g;
    const inum = ino.inum;
    const facts: MapFacts = { blocks: [], claimed: [] };
    this.maps.set(inum, facts);
    let size = ino.size;
    let why: string | null = null;
    if (size > MAX_FILE_BYTES) {
      why = `size ${size} exceeds the limit of ${MAX_FILE_BYTES}`;
      size = MAX_FILE_BYTES;
    }
    const wanted = Math.min(fileBlocks(size), g.blocks - g.dataStart + 1);
    const claim = (p: number, what: string): string | null => {
      if (p === 0) return `${what} is missing (a hole)`;
      if (p < g.dataStart || p >= g.blocks) return `${what}: pointer ${p} is outside the data region`;
      if (this.owner[p] !== 0) return `${what}: block ${p} is also used by inode ${this.owner[p]} (cross-linked)`;
      this.owner[p] = inum;
      facts.claimed.push(p);
      return null;
    };
    let table: Uint8Array | null = null;  // the indirect block holding the next pointer
    let top: Uint8Array | null = null;
    for (let k = 0; k < wanted && !why; k++) {
      let p: number;
      if (k < NDIRECT) {
        p = ino.direct[k];
      } else if (k < DOUBLE_START) {
        if (k === NDIRECT) {
          why = claim(ino.indirect, 'the indirect block');
          if (why) break;
          table = this.read(ino.indirect);
        }
        p = pointerAt(table as Uint8Array, k - NDIRECT);
      } else {
        const j = Math.floor((k - DOUBLE_START) / PPB);
        if (k === DOUBLE_START) {
          why = claim(ino.doubleIndirect, 'the double-indirect block');
          if (why) break;
          top = this.read(ino.doubleIndirect);
        }
        if ((k - DOUBLE_START) % PPB === 0) {
          const mid = pointerAt(top as Uint8Array, j);
          why = claim(mid, `indirect block ${j} of the double-indirect block`);
          if (why) break;
          table = this.read(mid);
        }
        p = pointerAt(table as Uint8Array, (k - DOUBLE_START) % PPB);
      }
      why = claim(p, `block ${k} of the file`);
      if (!why) facts.blocks.push(p);
    }
    if (!why && fileBlocks(size) > wanted) why = `size ${size} is larger than the file system`;
    const keep = facts.blocks.length;
    let changed = false;
    if (why) {
      this.problem(`inode ${inum}: ${why}; truncated to ${keep * BLOCK_SIZE} bytes`);
      size = keep * BLOCK_SIZE;
    } else if (this.mapsBeyond(ino, keep)) {
      this.problem(`inode ${inum}: blocks mapped beyond its size ${size}`);
    }
    if (size !== ino.size) {
      ino.size = size;
      changed = true;
    }
    if (this.mapsBeyond(ino, keep)) {
      this.trimMap(ino, keep);
      changed = true;
    }
    if (size % BLOCK_SIZE !== 0) {
      const last = facts.blocks[keep - 1];
      if (this.read(last).subarray(size % BLOCK_SIZE).some((b) => b !== 0)) {
        this.problem(`inode ${inum}: bytes past the end of the file are not zero`);
        this.change(last).fill(0, size % BLOCK_SIZE);
      }
    }
    return changed;
  }

  /** True when anything is mapped at or past block `keep` (a pointer, or an indirect block not needed). */
  private mapsBeyond(ino: Inode, keep: number): boolean {
    if (ino.direct.some((p, k) => k >= keep && p !== 0)) return true;
    if (ino.indirect !== 0) {
      if (keep <= NDIRECT) return true;
      if (this.tableHasBeyond(ino.indirect, keep - NDIRECT)) return true;
    }
    if (ino.doubleIndirect !== 0) {
      if (keep <= DOUBLE_START) return true;
      const used = keep - DOUBLE_START;
      const mids = Math.ceil(used / PPB);
      if (this.tableHasBeyond(ino.doubleIndirect, mids)) return true;
      const lastMid = pointerAt(this.read(ino.doubleIndirect), mids - 1);
      if (this.tableHasBeyond(lastMid, used - (mids - 1) * PPB)) return true;
    }
    return false;
  }

  private tableHasBeyond(table: number, from: number): boolean {
    const block = this.read(table);
    for (let i = from; i < PPB; i++) if (pointerAt(block, i) !== 0) return true;
    return false;
  }

  /** Rewrites the map to hold exactly the inode's first `keep` claimed data blocks; drops the rest. */
  private trimMap(ino: Inode, keep: number): void {
    const facts = this.maps.get(ino.inum) as MapFacts;
    const blocks = facts.blocks.slice(0, keep);
    const kept = new Set<number>(blocks);
    for (let k = 0; k < NDIRECT; k++) ino.direct[k] = k < keep ? blocks[k] : 0;
    if (keep > NDIRECT) {
      kept.add(ino.indirect);
      this.change(ino.indirect).set(pointerBlock(blocks.slice(NDIRECT, DOUBLE_START)));
    } else {
      ino.indirect = 0;
    }
    if (keep > DOUBLE_START) {
      const topBlock = this.read(ino.doubleIndirect);
      const mids: number[] = [];
      for (let j = 0; j * PPB < keep - DOUBLE_START; j++) {
        const mid = pointerAt(topBlock, j);
        mids.push(mid);
        kept.add(mid);
        this.change(mid).set(pointerBlock(blocks.slice(DOUBLE_START + j * PPB, DOUBLE_START + (j + 1) * PPB)));
      }
      kept.add(ino.doubleIndirect);
      this.change(ino.doubleIndirect).set(pointerBlock(mids));
    } else {
      ino.doubleIndirect = 0;
    }
    for (const b of facts.claimed) if (!kept.has(b) && this.owner[b] === ino.inum) this.owner[b] = 0;
    facts.claimed = facts.claimed.filter((b) => kept.has(b));
    facts.blocks = blocks;
  }

  // ---- directories ----

  private checkDirectories(): void {
    const root = this.allocated[ROOT_INODE] ? this.inode(ROOT_INODE) : null;
    if (!root || root.type !== InodeType.Directory) {
      throw new UserError(`${this.label}: the root inode is not a directory; the image cannot be checked`);
    }
    const parent = new Map<number, number>([[ROOT_INODE, ROOT_INODE]]);
    this.reached.add(ROOT_INODE);
    const queue = [ROOT_INODE];
    for (let i = 0; i < queue.length; i++) {
      const dir = queue[i];
      const children = this.checkDirectory(dir, parent.get(dir) as number, parent);
      queue.push(...children);
    }
  }

  /** Checks one directory's entries; returns the subdirectories it is the parent of. */
  private checkDirectory(inum: number, parentInum: number, parent: Map<number, number>): number[] {
    const dir = this.inode(inum);
    const blocks = (this.maps.get(inum) as MapFacts).blocks;
    const names: Uint8Array[] = [];
    const children: number[] = [];
    const slots = dir.size / DIRENT_BYTES;
    for (let slot = 0; slot < slots; slot++) {
      const n = blocks[Math.floor(slot / DIRENTS_PER_BLOCK)];
      const at = (slot % DIRENTS_PER_BLOCK) * DIRENT_BYTES;
      const block = this.read(n);
      const { inum: target, name } = decodeDirent(block, at);
      const where = `directory inode ${inum}, entry ${slot}`;
      const rewrite = (target2: number, name2: Uint8Array) => this.change(n).set(encodeDirent(target2, name2), at);
      if (slot < 2) {
        const [want, wantName] = slot === 0 ? [inum, DOT_NAME] : [parentInum, DOTDOT_NAME];
        if (target !== want || !sameName(name, wantName) || !direntPaddingClean(block, at)) {
          this.problem(`${where}: should be '${nameText(wantName)}' naming inode ${want}`);
          rewrite(want, wantName);
        }
        this.refs[want]++;
        continue;
      }
      if (target === 0) {
        if (block.subarray(at, at + DIRENT_BYTES).some((b) => b !== 0)) {
          this.problem(`${where}: a free slot that is not all zero`);
          rewrite(0, name);
        }
        continue;
      }
      const shown = nameText(name);
      let bad: string | null = null;
      if (target >= this.g.inodes) bad = `names inode ${target}, beyond the inode table`;
      else if (!this.allocated[target]) bad = `'${shown}' names free inode ${target}`;
      else if (nameProblem(name) || isDotOrDotDot(name) || !direntPaddingClean(block, at)) bad = `invalid name '${shown}'`;
      else if (names.some((other) => sameName(other, name))) bad = `'${shown}' appears twice`;
      else if (this.inode(target).type === InodeType.Directory && parent.has(target)) {
        bad = `'${shown}' is a second name of directory inode ${target}`;
      }
      if (bad) {
        this.problem(`${where}: ${bad}; removed`);
        rewrite(0, name);
        continue;
      }
      names.push(name);
      this.refs[target]++;
      this.reached.add(target);
      if (this.inode(target).type === InodeType.Directory) {
        parent.set(target, inum);
        children.push(target);
      }
    }
    return children;
  }

  // ---- reachability and links ----

  private checkReachability(): void {
    for (let inum = ROOT_INODE; inum < this.g.inodes; inum++) {
      if (!this.allocated[inum]) continue;
      const ino = this.inode(inum);
      if (!this.reached.has(inum)) {
        if (ino.nlink === 0) {
          this.orphans.push(inum);
          for (const b of this.maps.get(inum)?.claimed ?? []) if (this.owner[b] === inum) this.orphanBlocks.add(b);
        } else {
          this.problem(`inode ${inum} (nlink ${ino.nlink}) is in no directory; freed`);
        }
        this.freeInode(inum);
        continue;
      }
      if (ino.nlink !== this.refs[inum]) {
        this.problem(`inode ${inum}: nlink is ${ino.nlink}, ${this.refs[inum]} entries name it`);
        ino.nlink = this.refs[inum];
        this.storeInode(ino);
      }
    }
  }

  // ---- bitmap ----

  private checkBitmap(): void {
    const g = this.g;
    const used = (b: number) => b < g.dataStart || this.owner[b] !== 0;
    let markedFree = 0;
    let firstMarkedFree = -1;
    let leaked = 0;
    let firstLeaked = -1;
    let beyond = false;
    for (let n = g.bitmapStart; n < g.dataStart; n++) {
      const bitmap = this.read(n);
      const expected = new Uint8Array(BLOCK_SIZE);
      const first = (n - g.bitmapStart) * BLOCK_SIZE * 8;
      for (let b = first; b < Math.min(g.blocks, first + BLOCK_SIZE * 8); b++) {
        if (used(b)) expected[bitmapByte(b)] |= bitmapMask(b);
      }
      for (let i = 0; i < BLOCK_SIZE; i++) {
        if (bitmap[i] === expected[i]) continue;
        for (let bit = 0; bit < 8; bit++) {
          const b = first + i * 8 + bit;
          const has = (bitmap[i] >> bit) & 1;
          const want = (expected[i] >> bit) & 1;
          if (has === want || (has && this.orphanBlocks.has(b))) continue;
          if (b >= g.blocks) beyond = true;
          else if (want) { markedFree++; if (firstMarkedFree < 0) firstMarkedFree = b; }
          else { leaked++; if (firstLeaked < 0) firstLeaked = b; }
        }
      }
      if (!expected.every((x, i) => x === bitmap[i])) this.change(n).set(expected);
    }
    if (markedFree) this.problem(`bitmap: ${count(markedFree, 'block')} in use marked free (first: block ${firstMarkedFree})`);
    if (leaked) this.problem(`bitmap: ${count(leaked, 'unused block')} marked in use (first: block ${firstLeaked})`);
    if (beyond) this.problem('bitmap: bits are set for blocks beyond the end of the file system');
  }
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function checkOnce(backend: BlockBackend, label: string): Checker {
  const checker = new Checker(backend, label);
  checker.run();
  return checker;
}

export function fsck(backend: BlockBackend, options: FsckOptions = {}): FsckReport {
  const label = options.label ?? 'disk image';
  const first = checkOnce(backend, label);
  const report: FsckReport = {
    label, errors: first.errors, orphans: first.orphans, logBlocks: first.logBlocks, stats: first.stats(),
    clean: first.errors.length === 0,
  };
  if (options.repair) {
    if (backend.readOnly) throw new UserError(`${label}: cannot repair a read-only image`);
    let checker = first;
    for (let round = 0; round < 4; round++) {
      checker.writeBack();
      checker = checkOnce(backend, label);
      if (checker.errors.length === 0 && checker.orphans.length === 0) break;
    }
    report.remaining = checker.errors;
    report.stats = checker.stats();
  }
  return report;
}

export function formatReport(report: FsckReport): string {
  const s = report.stats;
  const lines: string[] = [];
  if (report.logBlocks) lines.push(`${report.label}: log: a committed transaction of ${report.logBlocks} blocks, replayed`);
  for (const e of report.errors) lines.push(`${report.label}: ${e}`);
  for (const inum of report.orphans) lines.push(`${report.label}: orphan inode ${inum} (unlinked while open); freed on repair`);
  if (report.remaining && report.remaining.length > 0) {
    for (const e of report.remaining) lines.push(`${report.label}: after repair: ${e}`);
  }
  const found = report.clean ? 'clean' : `${count(report.errors.length, 'problem')}`;
  const repaired = report.remaining === undefined || report.clean ? ''
    : report.remaining.length === 0 ? ', all repaired' : `, ${report.remaining.length} not repaired`;
  lines.push(
    `${report.label}: ${found}${repaired}; ${s.files} files (${s.fileBytes} bytes), ${s.directories} directories, ` +
    `${s.devices} devices, ${s.usedDataBlocks}/${s.dataBlocks} data blocks, ${s.usedInodes}/${s.inodes} inodes`,
  );
  return lines.join('\n') + '\n';
}
