// The buffer cache (docs/kernel.md §16.3): NBUF one-block buffers, hashed by
// block number, on one LRU list; write-back through the log (log.ts).
//
//   binit()                     the buffers (boot: kalloc'd pages)
//   bread(blockno) -> Buf | null   the block, busy (locked) for the caller; read if not
//                               valid (sleeps); null on a disk error
//   bzeroed(blockno) -> Buf     the block's buffer, busy, zero-filled and valid, no read
//                               (a newly allocated block)
//   brelse(b)                   unlocks; the most recently used buffer
//   bpeek(blockno, counted?) -> data address or 0   valid, not busy, no sleep, no I/O (atomic
//                               lookup, cached reads); counted: a hit for /proc/bcache
//   bpin(b), bunpin(b)          a logged buffer may not be recycled (no steal)
//   bcached(blockno) -> Buf | null   the cached buffer, busy or not (log.ts: commit)
//   bhits, bmisses              for /proc/bcache
//
// A buffer is busy while one thread uses it (a sleep lock); the kernel does
// not preempt itself, so the lists change only between sleeps.

import { NBUF } from "./param";
import { kalloc } from "./kalloc";
import { sleep, wakeup } from "./sched";
import { diskrw } from "./disk";
import { panic } from "./panic";

@final export class Buf {
  blockno: u32 = 0;
  data: u32 = 0;         // a page: BLOCK_SIZE bytes
  valid: bool = false;   // data holds the block
  busy: bool = false;
  refcnt: u32 = 0;       // threads holding or waiting for it
  pinned: u32 = 0;       // in the open or committing transaction
  prev: Buf | null = null;   // LRU: head most recent
  next: Buf | null = null;
  hnext: Buf | null = null;  // hash chain
  qnext: Buf | null = null;  // disk queue (disk.ts)
  diskWrite: bool = false;
  diskDone: bool = false;
  diskError: bool = false;
  sectors: u32 = 8;      // sectors a disk command moves (the log header: 1)
}

const NHASH: u32 = 128;
const hash = <u32>memory.data(NHASH * 4);
let lruHead: Buf | null = null;
let lruTail: Buf | null = null;
const bufWaitChan = <u32>memory.data(4);
export let bhits: u32 = 0;
export let bmisses: u32 = 0;

@inline function chain(blockno: u32): u32 { return hash + (blockno & (NHASH - 1)) * 4; }

function unlinkLru(b: Buf): void {
  if (b.prev != null) b.prev!.next = b.next; else lruHead = b.next;
  if (b.next != null) b.next!.prev = b.prev; else lruTail = b.prev;
  b.prev = null;
  b.next = null;
}

function pushLru(b: Buf): void {
  b.next = lruHead;
  b.prev = null;
  if (lruHead != null) lruHead!.prev = b; else lruTail = b;
  lruHead = b;
}

function touch(b: Buf): void {
  if (lruHead !== b) { unlinkLru(b); pushLru(b); }
}

export function binit(): void {
  for (let i: u32 = 0; i < NBUF; i++) {
    const b = new Buf();
    b.data = kalloc();
    if (b.data == 0) panic("binit: out of pages");
    b.blockno = 0xFFFFFFFF;
    pushLru(b);
  }
}

function find(blockno: u32): Buf | null {
  let b = changetype<Buf | null>(load<u32>(chain(blockno)));
  while (b != null) {
    if (b.blockno == blockno) return b;
    b = b.hnext;
  }
  return null;
}

function unhash(b: Buf): void {
  if (b.blockno == 0xFFFFFFFF) return;
  const c = chain(b.blockno);
  let p = changetype<Buf | null>(load<u32>(c));
  if (p === b) { store<u32>(c, changetype<u32>(b.hnext)); b.hnext = null; return; }
  while (p != null && p.hnext !== b) p = p.hnext;
  if (p != null) p.hnext = b.hnext;
  b.hnext = null;
}

/** The buffer for blockno, busy for the caller: cached, or a recycled victim (not valid). */
function bget(blockno: u32): Buf {
  while (true) {
    const cached = find(blockno);
    if (cached != null) {
      const b = cached;
      b.refcnt++;
      while (b.busy) sleep(changetype<u32>(b));
      b.busy = true;
      touch(b);
      return b;
    }
    // the least recently used buffer nobody holds and no transaction pins
    let v = lruTail;
    while (v != null && (v.refcnt != 0 || v.busy || v.pinned != 0)) v = v.prev;
    if (v != null) {
      const b = v;
      unhash(b);
      b.blockno = blockno;
      b.valid = false;
      b.hnext = changetype<Buf | null>(load<u32>(chain(blockno)));
      store<u32>(chain(blockno), changetype<u32>(b));
      b.refcnt = 1;
      b.busy = true;
      touch(b);
      return b;
    }
    sleep(bufWaitChan); // every buffer held or pinned: wait for a release or an install
  }
}

export function bread(blockno: u32): Buf | null {
  const b = bget(blockno);
  if (b.valid) { bhits++; return b; }
  bmisses++;
  if (!diskrw(b, false)) { brelse(b); return null; }
  b.valid = true;
  return b;
}

export function bzeroed(blockno: u32): Buf {
  const b = bget(blockno);
  memory.fill(b.data, 0, 4096);
  b.valid = true;
  return b;
}

export function brelse(b: Buf): void {
  if (!b.busy) panic("brelse: not busy");
  b.busy = false;
  b.refcnt--;
  wakeup(changetype<u32>(b));
  if (b.refcnt == 0) wakeup(bufWaitChan);
}

export function bpeek(blockno: u32, counted: bool = true): u32 {
  const b = find(blockno);
  if (b == null || !b.valid || b.busy) return 0;
  touch(b);
  if (counted) bhits++;
  return b.data;
}

export function bpin(b: Buf): void { b.pinned++; }

export function bunpin(b: Buf): void {
  b.pinned--;
  if (b.pinned == 0) wakeup(bufWaitChan);
}

/** A cached buffer for blockno (busy or not), for the log's commit; null if not cached. */
export function bcached(blockno: u32): Buf | null { return find(blockno); }
