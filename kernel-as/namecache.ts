// The name cache (docs/kernel.md §18), after FreeBSD's vfs_cache.c: entries
// (directory inode, name) -> inode, or -> nothing (negative), on hash chains
// and one LRU list, bounded in number.
//
//   ncinit(limit)                      at most limit entries (<= NCACHE)
//   cache_lookup(dir, name) -> inum > 0 (positive hit), 0 (miss), -1 (negative hit)
//   cache_enter(dir, name, inum)       inum 0: a negative entry
//   cache_purge_name(dir, name)        drops the entry for that name, either kind
//   cache_purge_inode(inum)            drops every entry in directory inum or naming it
//   countAtomic(hit)                   O_ATOMICLOOKUP outcomes
//   statsMark(), statsRollback()       takes back the figures of a lookup that will be redone
//   namecacheText(put)                 the /proc/namecache lines
//
// Names are NAME_MAX-byte NUL-padded buffers.

import { NCACHE, NCACHE_HASH } from "./param";
import { NAME_MAX } from "./fs/layout.generated";

// an entry: dir, inum, hash next, lru prev, lru next (entry numbers + 1; 0 = none), then the name
const E_DIR: u32 = 0;
const E_INUM: u32 = 4;
const E_HNEXT: u32 = 8;
const E_PREV: u32 = 12;
const E_NEXT: u32 = 16;
const E_USED: u32 = 20;
const E_NAME: u32 = 24;
const E_BYTES: u32 = 24 + 60;

const entries = <u32>memory.data(NCACHE * E_BYTES, 4);
const chains = <u32>memory.data(NCACHE_HASH * 4, 4);
let limit: u32 = NCACHE;
let lruHead: u32 = 0;  // most recent
let lruTail: u32 = 0;
let used: u32 = 0;
let freeList: u32 = 0;  // removed entries, through E_HNEXT
let fresh: u32 = 1;     // entries above this were never used

export let ncCalls: u32 = 0;
export let ncPosHits: u32 = 0;
export let ncNegHits: u32 = 0;
export let ncMisses: u32 = 0;
export let ncNegative: u32 = 0;
export let ncEvictions: u32 = 0;
export let ncAtomicHits: u32 = 0;
export let ncAtomicBounces: u32 = 0;

@inline function at(e: u32): u32 { return entries + (e - 1) * E_BYTES; }

export function ncinit(n: u32): void {
  limit = n == 0 || n > NCACHE ? NCACHE : n;
}

function hashOf(dir: u32, name: u32): u32 {
  let h: u32 = 2166136261 ^ dir;
  for (let i: u32 = 0; i < NAME_MAX; i += 4) {
    const w = load<u32>(name + i);
    if (w == 0) break;
    h = (h ^ w) * 16777619;
  }
  return (h ^ (h >> 15)) & (NCACHE_HASH - 1);
}

function sameName(a: u32, b: u32): bool {
  for (let i: u32 = 0; i < NAME_MAX; i += 4) if (load<u32>(a + i) != load<u32>(b + i)) return false;
  return true;
}

function lruUnlink(e: u32): void {
  const p = load<u32>(at(e) + E_PREV);
  const n = load<u32>(at(e) + E_NEXT);
  if (p != 0) store<u32>(at(p) + E_NEXT, n); else lruHead = n;
  if (n != 0) store<u32>(at(n) + E_PREV, p); else lruTail = p;
}

function lruPush(e: u32): void {
  store<u32>(at(e) + E_PREV, 0);
  store<u32>(at(e) + E_NEXT, lruHead);
  if (lruHead != 0) store<u32>(at(lruHead) + E_PREV, e); else lruTail = e;
  lruHead = e;
}

function find(dir: u32, name: u32): u32 {
  let e = load<u32>(chains + hashOf(dir, name) * 4);
  while (e != 0) {
    if (load<u32>(at(e) + E_DIR) == dir && sameName(at(e) + E_NAME, name)) return e;
    e = load<u32>(at(e) + E_HNEXT);
  }
  return 0;
}

export function cache_lookup(dir: u32, name: u32): i32 {
  ncCalls++;
  const e = find(dir, name);
  if (e == 0) { ncMisses++; return 0; }
  if (lruHead != e) { lruUnlink(e); lruPush(e); }
  const inum = load<u32>(at(e) + E_INUM);
  if (inum == 0) { ncNegHits++; return -1; }
  ncPosHits++;
  return <i32>inum;
}

function remove(e: u32): void {
  const c = chains + hashOf(load<u32>(at(e) + E_DIR), at(e) + E_NAME) * 4;
  let p = load<u32>(c);
  if (p == e) store<u32>(c, load<u32>(at(e) + E_HNEXT));
  else {
    while (p != 0 && load<u32>(at(p) + E_HNEXT) != e) p = load<u32>(at(p) + E_HNEXT);
    if (p != 0) store<u32>(at(p) + E_HNEXT, load<u32>(at(e) + E_HNEXT));
  }
  lruUnlink(e);
  if (load<u32>(at(e) + E_INUM) == 0) ncNegative--;
  store<u32>(at(e) + E_USED, 0);
  store<u32>(at(e) + E_HNEXT, freeList);
  freeList = e;
  used--;
}

export function cache_enter(dir: u32, name: u32, inum: u32): void {
  let e = find(dir, name);
  if (e != 0) remove(e);
  if (used >= limit) {
    remove(lruTail);
    ncEvictions++;
  }
  if (freeList != 0) { e = freeList; freeList = load<u32>(at(e) + E_HNEXT); }
  else e = fresh++;
  const p = at(e);
  store<u32>(p + E_DIR, dir);
  store<u32>(p + E_INUM, inum);
  store<u32>(p + E_USED, 1);
  memory.copy(p + E_NAME, name, NAME_MAX);
  const c = chains + hashOf(dir, name) * 4;
  store<u32>(p + E_HNEXT, load<u32>(c));
  store<u32>(c, e);
  lruPush(e);
  used++;
  if (inum == 0) ncNegative++;
}

export function cache_purge_name(dir: u32, name: u32): void {
  const e = find(dir, name);
  if (e != 0) remove(e);
}

export function cache_purge_inode(inum: u32): void {
  for (let e: u32 = 1; e < fresh; e++) {
    const p = at(e);
    if (load<u32>(p + E_USED) != 0 && (load<u32>(p + E_DIR) == inum || load<u32>(p + E_INUM) == inum)) remove(e);
  }
}

// A lookup tried from memory first and then done again with the disk must not
// count twice: the first try's figures are taken back.
let markCalls: u32 = 0;
let markPos: u32 = 0;
let markNeg: u32 = 0;
let markMisses: u32 = 0;

export function statsMark(): void {
  markCalls = ncCalls;
  markPos = ncPosHits;
  markNeg = ncNegHits;
  markMisses = ncMisses;
}

export function statsRollback(): void {
  ncCalls = markCalls;
  ncPosHits = markPos;
  ncNegHits = markNeg;
  ncMisses = markMisses;
}

export function countAtomic(hit: bool): void {
  if (hit) ncAtomicHits++; else ncAtomicBounces++;
}

export function ncEntries(): u32 { return used; }
export function ncLimit(): u32 { return limit; }
