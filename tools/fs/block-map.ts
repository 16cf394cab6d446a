// A file's block map (docs/fs.md §4): which disk block holds block k of a
// file, and reading, writing and shrinking file contents through the log.
//
//   blockOf(v, ino, k) -> n          block k of the file (validated; a hole is damage)
//   readData(v, ino, offset, length) the bytes, clamped to the size
//   writeData(v, ino, offset, data, path)   allocates as needed, grows the size,
//                                    stamps mtime/ctime, stores the inode.
//                                    Requires offset ≤ size (no holes); the
//                                    caller keeps one call within
//                                    MAX_WRITE_BLOCKS blocks
//   pointerAt(table, i), setPointer(table, i, n)   entry i of an indirect block
//   shrink(v, ino, size)             frees blocks past the new size, and
//                                    indirect blocks no longer needed; zeroes
//                                    the tail of the new last block; stores the inode
//
// Map of block k:
//   k < 12              direct[k]
//   k − 12 < 1024       indirect[k − 12]
//   otherwise           doubleIndirect[(k − 1036) / 1024][(k − 1036) % 1024]

import { allocBlock, freeBlock } from './bitmap.ts';
import { BLOCK_SIZE, NDIRECT, POINTERS_PER_BLOCK, fileBlocks } from './format.ts';
import { storeInode, type Inode } from './inode.ts';
import { corrupt, type Volume } from './volume.ts';

const PPB = POINTERS_PER_BLOCK;

/** Entry i of an indirect block (a little-endian u32). */
export function pointerAt(table: Uint8Array, i: number): number {
  const at = i * 4;
  return (table[at] | (table[at + 1] << 8) | (table[at + 2] << 16) | (table[at + 3] << 24)) >>> 0;
}

export function setPointer(table: Uint8Array, i: number, value: number): void {
  const at = i * 4;
  table[at] = value;
  table[at + 1] = value >>> 8;
  table[at + 2] = value >>> 16;
  table[at + 3] = value >>> 24;
}

/** A nonzero pointer must name a data block. */
function checked(v: Volume, ino: Inode, p: number, what: string): number {
  const g = v.geometry;
  if (p !== 0 && (p < g.dataStart || p >= g.blocks)) {
    corrupt(v, `inode ${ino.inum}: ${what} pointer ${p} is outside the data region (${g.dataStart} … ${g.blocks - 1})`);
  }
  return p;
}

function entry(v: Volume, ino: Inode, table: number, i: number): number {
  return checked(v, ino, pointerAt(v.log.peek(table), i), 'indirect');
}

/** Block k of the file, or 0 where nothing is mapped. */
function lookupBlock(v: Volume, ino: Inode, k: number): number {
  if (k < NDIRECT) return checked(v, ino, ino.direct[k], 'direct');
  k -= NDIRECT;
  if (k < PPB) {
    const table = checked(v, ino, ino.indirect, 'indirect');
    return table ? entry(v, ino, table, k) : 0;
  }
  k -= PPB;
  const top = checked(v, ino, ino.doubleIndirect, 'double-indirect');
  if (!top) return 0;
  const mid = entry(v, ino, top, Math.floor(k / PPB));
  return mid ? entry(v, ino, mid, k % PPB) : 0;
}

export function blockOf(v: Volume, ino: Inode, k: number): number {
  const n = lookupBlock(v, ino, k);
  if (n === 0) corrupt(v, `inode ${ino.inum}: block ${k} of the file is not mapped (a hole)`);
  return n;
}

/** Entry i of block `table`, allocating a block for it if it is empty. */
function entryOrAlloc(v: Volume, ino: Inode, table: number, i: number, path: string): number {
  const p = entry(v, ino, table, i);
  if (p) return p;
  const n = allocBlock(v, path);
  const changed = v.log.get(table);
  setPointer(changed, i, n);
  v.log.put(table, changed);
  return n;
}

/** Block k of the file, allocated (zeroed) with any indirect blocks it needs; updates ino, not stored. */
function mapBlock(v: Volume, ino: Inode, k: number, path: string): number {
  if (k < NDIRECT) {
    if (!checked(v, ino, ino.direct[k], 'direct')) ino.direct[k] = allocBlock(v, path);
    return ino.direct[k];
  }
  k -= NDIRECT;
  if (k < PPB) {
    if (!checked(v, ino, ino.indirect, 'indirect')) ino.indirect = allocBlock(v, path);
    return entryOrAlloc(v, ino, ino.indirect, k, path);
  }
  k -= PPB;
  if (!checked(v, ino, ino.doubleIndirect, 'double-indirect')) ino.doubleIndirect = allocBlock(v, path);
  const mid = entryOrAlloc(v, ino, ino.doubleIndirect, Math.floor(k / PPB), path);
  return entryOrAlloc(v, ino, mid, k % PPB, path);
}

export function readData(v: Volume, ino: Inode, offset: number, length: number): Uint8Array {
  const g = v.geometry;
  if (fileBlocks(ino.size) > g.blocks - g.dataStart) {
    corrupt(v, `inode ${ino.inum}: size ${ino.size} is larger than the file system`);
  }
  const end = Math.min(ino.size, offset + length);
  if (end <= offset) return new Uint8Array(0);
  const out = new Uint8Array(end - offset);
  for (let pos = offset; pos < end; ) {
    const k = Math.floor(pos / BLOCK_SIZE);
    const within = pos % BLOCK_SIZE;
    const n = Math.min(BLOCK_SIZE - within, end - pos);
    out.set(v.log.peek(blockOf(v, ino, k)).subarray(within, within + n), pos - offset);
    pos += n;
  }
  return out;
}

export function writeData(v: Volume, ino: Inode, offset: number, data: Uint8Array, path: string): void {
  if (offset > ino.size) throw new Error('writeData: offset beyond the end of the file (a hole)');
  const end = offset + data.length;
  for (let pos = offset; pos < end; ) {
    const k = Math.floor(pos / BLOCK_SIZE);
    const within = pos % BLOCK_SIZE;
    const n = Math.min(BLOCK_SIZE - within, end - pos);
    const where = mapBlock(v, ino, k, path);
    const block = v.log.get(where);
    block.set(data.subarray(pos - offset, pos - offset + n), within);
    v.log.put(where, block);
    pos += n;
  }
  ino.size = Math.max(ino.size, end);
  ino.mtime = ino.ctime = v.now();
  storeInode(v, ino);
}

/** Frees the nonzero entries from index `from` of block `table`; zeroes them in the table unless from = 0 (the table goes too). */
function freeEntries(v: Volume, ino: Inode, table: number, from: number): void {
  const block = v.log.peek(table);
  let changed: Uint8Array | null = null;
  for (let i = from; i < PPB; i++) {
    const p = checked(v, ino, pointerAt(block, i), 'indirect');
    if (!p) continue;
    freeBlock(v, p);
    if (from > 0) {
      changed ??= block.slice();
      setPointer(changed, i, 0);
    }
  }
  if (changed) v.log.put(table, changed);
}

export function shrink(v: Volume, ino: Inode, size: number): void {
  if (size > ino.size) throw new Error('shrink: larger size');
  const keep = fileBlocks(size);
  for (let k = keep; k < NDIRECT; k++) {
    if (checked(v, ino, ino.direct[k], 'direct')) freeBlock(v, ino.direct[k]);
    ino.direct[k] = 0;
  }
  if (checked(v, ino, ino.indirect, 'indirect')) {
    const from = Math.max(0, keep - NDIRECT);
    if (from < PPB) {
      freeEntries(v, ino, ino.indirect, from);
      if (from === 0) {
        freeBlock(v, ino.indirect);
        ino.indirect = 0;
      }
    }
  }
  const top = checked(v, ino, ino.doubleIndirect, 'double-indirect');
  if (top) {
    const from = Math.max(0, keep - NDIRECT - PPB);
    const topBlock = v.log.peek(top);
    let changed: Uint8Array | null = null;
    for (let j = 0; j < PPB; j++) {
      const mid = checked(v, ino, pointerAt(topBlock, j), 'indirect');
      if (!mid || (j + 1) * PPB <= from) continue;
      const within = Math.max(0, from - j * PPB);
      freeEntries(v, ino, mid, within);
      if (within === 0) {
        freeBlock(v, mid);
        if (from > 0) {
          changed ??= topBlock.slice();
          setPointer(changed, j, 0);
        }
      }
    }
    if (from === 0) {
      freeBlock(v, top);
      ino.doubleIndirect = 0;
    } else if (changed) {
      v.log.put(top, changed);
    }
  }
  if (size % BLOCK_SIZE !== 0 && size < ino.size) {
    const last = blockOf(v, ino, keep - 1);
    const block = v.log.get(last);
    block.fill(0, size % BLOCK_SIZE);
    v.log.put(last, block);
  }
  ino.size = size;
  ino.mtime = ino.ctime = v.now();
  storeInode(v, ino);
}
