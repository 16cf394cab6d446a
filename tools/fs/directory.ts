// Directories (docs/fs.md §5): names, 64-byte entries, and lookup, adding and
// removing entries through the log.
//
//   encodeName('index.html') -> bytes      nameProblem(bytes) -> 'ENAMETOOLONG' | ... | null
//   decodeDirent(block, offset) -> { inum, name }     encodeDirent(inum, name) -> 64 bytes
//   readEntries(v, dir) -> [{ slot, inum, name }]      every used slot, in order, validated
//   lookup(v, dir, name) -> inum, or 0
//   addEntry(v, dir, name, inum, path)     first free slot, else appended
//   setEntry(v, dir, slot, inum, name)     rewrites one slot; inum 0 frees it (all zero)
//
// Slot 0 is "." and slot 1 is ".."; names are compared as bytes.

import { DIRENT, DIRENT_BYTES, DIRENTS_PER_BLOCK, InodeType, NAME_MAX } from './format.ts';
import { blockOf, writeData } from './block-map.ts';
import type { Inode } from './inode.ts';
import { fieldBytes, readField, writeField } from './struct.ts';
import { corrupt, type Volume } from './volume.ts';

export interface DirEntry {
  slot: number;
  inum: number;
  name: Uint8Array;
}

const DOT = new Uint8Array([0x2e]);
const DOTDOT = new Uint8Array([0x2e, 0x2e]);
export const DOT_NAME = DOT;
export const DOTDOT_NAME = DOTDOT;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeName(name: string): Uint8Array {
  return encoder.encode(name);
}

/** For messages and host file names (invalid UTF-8 shows as U+FFFD). */
export function nameText(name: Uint8Array): string {
  return decoder.decode(name);
}

export function sameName(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function isDotOrDotDot(name: Uint8Array): boolean {
  return sameName(name, DOT) || sameName(name, DOTDOT);
}

/** Why `name` cannot be a directory entry's name, as an errno name, or null. "." and ".." pass. */
export function nameProblem(name: Uint8Array): 'EINVAL' | 'ENAMETOOLONG' | null {
  if (name.length === 0) return 'EINVAL';
  if (name.length > NAME_MAX) return 'ENAMETOOLONG';
  if (name.includes(0) || name.includes(0x2f)) return 'EINVAL';
  return null;
}

export function decodeDirent(block: Uint8Array, offset: number): { inum: number; name: Uint8Array } {
  const inum = readField(block, offset, DIRENT.fields.inum);
  const raw = fieldBytes(block, offset, DIRENT.fields.name);
  const nul = raw.indexOf(0);
  return { inum, name: raw.slice(0, nul < 0 ? raw.length : nul) };
}

/** True when the padding after the name is all NUL (decodeDirent stops at the first one). */
export function direntPaddingClean(block: Uint8Array, offset: number): boolean {
  const raw = fieldBytes(block, offset, DIRENT.fields.name);
  const nul = raw.indexOf(0);
  return nul < 0 || raw.subarray(nul).every((b) => b === 0);
}

export function encodeDirent(inum: number, name: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(DIRENT_BYTES);
  if (inum === 0) return bytes;
  writeField(bytes, 0, DIRENT.fields.inum, inum);
  fieldBytes(bytes, 0, DIRENT.fields.name).set(name);
  return bytes;
}

function checkSize(v: Volume, dir: Inode): void {
  if (dir.type !== InodeType.Directory) throw new Error(`directory: inode ${dir.inum} is not a directory`);
  if (dir.size % DIRENT_BYTES !== 0 || dir.size < 2 * DIRENT_BYTES) {
    corrupt(v, `directory inode ${dir.inum}: size ${dir.size} is not a whole number of entries, . and .. included`);
  }
}

/** Calls visit(block, offset, slot) on each slot in order until it returns true; that slot, or -1. */
function scan(v: Volume, dir: Inode, visit: (block: Uint8Array, at: number, slot: number) => boolean): number {
  checkSize(v, dir);
  const slots = dir.size / DIRENT_BYTES;
  for (let k = 0; k * DIRENTS_PER_BLOCK < slots; k++) {
    const block = v.log.peek(blockOf(v, dir, k));
    const last = Math.min(DIRENTS_PER_BLOCK, slots - k * DIRENTS_PER_BLOCK);
    for (let i = 0; i < last; i++) if (visit(block, i * DIRENT_BYTES, k * DIRENTS_PER_BLOCK + i)) return k * DIRENTS_PER_BLOCK + i;
  }
  return -1;
}

export function readEntries(v: Volume, dir: Inode): DirEntry[] {
  const entries: DirEntry[] = [];
  scan(v, dir, (block, at, slot) => {
    const { inum, name } = decodeDirent(block, at);
    if (inum === 0) return false;
    if (nameProblem(name) !== null) corrupt(v, `directory inode ${dir.inum}: entry ${slot} has an invalid name`);
    const expected = slot === 0 ? DOT : slot === 1 ? DOTDOT : null;
    if (expected ? !sameName(name, expected) : isDotOrDotDot(name)) {
      corrupt(v, `directory inode ${dir.inum}: entry ${slot} is '${nameText(name)}'`);
    }
    entries.push({ slot, inum, name });
    return false;
  });
  if (entries.length < 2 || entries[0].slot !== 0 || entries[1].slot !== 1) {
    corrupt(v, `directory inode ${dir.inum}: . and .. are missing`);
  }
  return entries;
}

/** The slot holding `name` (compared in place: the stored name is NUL-padded), or -1. */
function findSlot(v: Volume, dir: Inode, name: Uint8Array): number {
  const nameAt = DIRENT.fields.name.at;
  return scan(v, dir, (block, at) => {
    if (readField(block, at, DIRENT.fields.inum) === 0) return false;
    const start = at + nameAt;
    for (let i = 0; i < name.length; i++) if (block[start + i] !== name[i]) return false;
    return name.length === NAME_MAX || block[start + name.length] === 0;
  });
}

export function lookup(v: Volume, dir: Inode, name: Uint8Array): number {
  const slot = findSlot(v, dir, name);
  if (slot < 0) return 0;
  const block = v.log.peek(blockOf(v, dir, Math.floor(slot / DIRENTS_PER_BLOCK)));
  return readField(block, (slot % DIRENTS_PER_BLOCK) * DIRENT_BYTES, DIRENT.fields.inum);
}

export function setEntry(v: Volume, dir: Inode, slot: number, inum: number, name: Uint8Array, path: string): void {
  writeData(v, dir, slot * DIRENT_BYTES, encodeDirent(inum, name), path);
}

export function addEntry(v: Volume, dir: Inode, name: Uint8Array, inum: number, path: string): void {
  let slot = scan(v, dir, (block, at, i) => i >= 2 && readField(block, at, DIRENT.fields.inum) === 0);
  if (slot < 0) slot = dir.size / DIRENT_BYTES;
  setEntry(v, dir, slot, inum, name, path);
}

/** A new directory's first two entries (stores the inode). */
export function initDirectory(v: Volume, dir: Inode, parent: number, path: string): void {
  writeData(v, dir, 0, new Uint8Array([...encodeDirent(dir.inum, DOT), ...encodeDirent(parent, DOTDOT)]), path);
}
