// The kernel heap (docs/kernel.md §2.1): objects allocated and freed after
// boot, carved from pages of the physical page allocator (kalloc.ts).
//
//   kmalloc(n) -> wasm address, zeroed, or 0 (no page left, or n > PGSIZE)
//   kfree(p)                      p from kmalloc, or a page from kalloc; 0 is ignored
//   kmallocstats(rec)             4 words: objects in use, bytes in use (rounded up
//                                 to the class), slab pages, whole pages
//   kmalloctest() -> bool         the boot self-test (the `kernel.heaptest` boot flag)
//
// Requests up to SLAB_MAX bytes are rounded up to a power of two (16 to 1024)
// and served from a slab page of that size class; bigger ones, up to PGSIZE,
// take a whole page. Worked example: kmalloc(20) and kmalloc(32) both come from
// the 32-byte class; kmalloc(1500) is a page. A slab page's first slot is its
// header, so its objects are never page-aligned: kfree tells the two apart by
// the address alone.
//
//   slab page  +--------+--------+--------+--------+---------+--------+
//              | free   | inuse  | next   | prev   | (rest   | object |  ...
//              | object | size   | partial| partial| of slot | 1      |
//              +--------+--------+--------+--------+---------+--------+
//              0        4        8        12       16        size
//
// A page with a free slot is on its class's partial list; a page whose last
// object is freed goes back to kalloc at once, so the free-page count is exact
// for leak checks (usertests, sysfuzz): kmalloc then kfree leaves it unchanged.

import { PGSIZE } from "./param";
import { kalloc, kpagefree, kfreecount } from "./kalloc";

const SLAB_MIN_SHIFT: u32 = 4;  // 16 bytes
const SLAB_MAX_SHIFT: u32 = 10; // 1024 bytes
const SLAB_MAX: u32 = 1 << SLAB_MAX_SHIFT;
const NCLASS: u32 = SLAB_MAX_SHIFT - SLAB_MIN_SHIFT + 1;

// header fields
const H_FREE: u32 = 0;
const H_INUSE: u32 = 4;  // u16; the object size in the upper u16 (at 6)
const H_SIZE: u32 = 6;
const H_NEXT: u32 = 8;
const H_PREV: u32 = 12;

const partial = <u32>memory.data(NCLASS * 4); // per class: the first page with a free slot

let nobjects: u32 = 0;
let nbytes: u32 = 0;
let nslabs: u32 = 0;
let nwhole: u32 = 0;

/** The class of an n-byte request (n <= SLAB_MAX): 0 for 16 bytes, 1 for 32, ... */
function classOf(n: u32): u32 {
  if (n <= (1 << SLAB_MIN_SHIFT)) return 0;
  return (32 - clz(n - 1)) - SLAB_MIN_SHIFT;
}

function unlink(page: u32, c: u32): void {
  const next = load<u32>(page, H_NEXT);
  const prev = load<u32>(page, H_PREV);
  if (prev != 0) store<u32>(prev, next, H_NEXT); else store<u32>(partial + c * 4, next);
  if (next != 0) store<u32>(next, prev, H_PREV);
}

function push(page: u32, c: u32): void {
  const head = load<u32>(partial + c * 4);
  store<u32>(page, head, H_NEXT);
  store<u32>(page, 0, H_PREV);
  if (head != 0) store<u32>(head, page, H_PREV);
  store<u32>(partial + c * 4, page);
}

/** A fresh slab page for class c: every slot but the header on its free list. */
function newslab(c: u32): u32 {
  const page = kalloc(); // zeroed
  if (page == 0) return 0;
  const size: u32 = 1 << (c + SLAB_MIN_SHIFT);
  let free: u32 = 0;
  for (let at = PGSIZE - size; at >= size; at -= size) {
    store<u32>(page + at, free);
    free = page + at;
  }
  store<u32>(page, free, H_FREE);
  store<u16>(page, <u16>size, H_SIZE);
  push(page, c);
  nslabs++;
  return page;
}

export function kmalloc(n: u32): u32 {
  if (n > SLAB_MAX) {
    if (n > PGSIZE) return 0;
    const page = kalloc();
    if (page != 0) { nwhole++; nobjects++; nbytes += PGSIZE; }
    return page;
  }
  const c = classOf(n);
  let page = load<u32>(partial + c * 4);
  if (page == 0) page = newslab(c);
  if (page == 0) return 0;
  const size: u32 = 1 << (c + SLAB_MIN_SHIFT);
  const obj = load<u32>(page, H_FREE);
  const next = load<u32>(obj);
  store<u32>(page, next, H_FREE);
  store<u16>(page, load<u16>(page, H_INUSE) + 1, H_INUSE);
  if (next == 0) unlink(page, c); // full
  memory.fill(obj, 0, size);
  nobjects++;
  nbytes += size;
  return obj;
}

export function kfree(p: u32): void {
  if (p == 0) return;
  nobjects--;
  if ((p & (PGSIZE - 1)) == 0) { // a whole page
    nwhole--;
    nbytes -= PGSIZE;
    kpagefree(p);
    return;
  }
  const page = p & ~(PGSIZE - 1);
  const size = <u32>load<u16>(page, H_SIZE);
  const c = classOf(size);
  const wasFull = load<u32>(page, H_FREE) == 0;
  store<u32>(p, load<u32>(page, H_FREE));
  store<u32>(page, p, H_FREE);
  const inuse = load<u16>(page, H_INUSE) - 1;
  store<u16>(page, inuse, H_INUSE);
  nbytes -= size;
  if (inuse == 0) {
    if (!wasFull) unlink(page, c);
    nslabs--;
    kpagefree(page);
  } else if (wasFull) {
    push(page, c);
  }
}

export function kmallocstats(rec: u32): void {
  store<u32>(rec, nobjects);
  store<u32>(rec, nbytes, 4);
  store<u32>(rec, nslabs, 8);
  store<u32>(rec, nwhole, 12);
}

// ---- the boot self-test ----

const KEPT: u32 = 64;
const kept = <u32>memory.data(KEPT * 4);
const SIZES = <u32>memory.data<u32>([1, 16, 17, 32, 100, 128, 500, 512, 1000, 1024, 1025, 4096]);
const NSIZES: u32 = 12;

/**
 * Every class and a whole page, many objects each (so slabs fill, and empty
 * in another order than they filled): objects are distinct, aligned to their
 * class, zeroed, keep what is written, and freeing them all gives every page
 * back. Returns false on the first broken promise.
 */
export function kmalloctest(): bool {
  const pagesBefore = kfreecount();
  const objectsBefore = nobjects;
  for (let round: u32 = 0; round < 10; round++) {
    for (let s: u32 = 0; s < NSIZES; s++) {
      const n = load<u32>(SIZES + s * 4);
      for (let i: u32 = 0; i < KEPT; i++) {
        const p = kmalloc(n);
        if (p == 0) return false;
        for (let k: u32 = 0; k < n; k += 4) if (load<u8>(p + k) != 0) return false;
        const align: u32 = n > SLAB_MAX ? PGSIZE : max<u32>(16, 1 << (32 - clz(n - 1)));
        if ((p & (align - 1)) != 0) return false;
        store<u32>(p, i ^ 0xA5A50000);
        store<u8>(p + n - 1, <u8>i);
        store<u32>(kept + i * 4, p);
      }
      for (let i: u32 = 0; i < KEPT; i++) {
        const p = load<u32>(kept + i * 4);
        if (load<u32>(p) != (i ^ 0xA5A50000) && n >= 4) return false;
        if (load<u8>(p + n - 1) != <u8>i) return false;
      }
      // odd slots first, then even: pages empty out of order
      for (let i: u32 = 1; i < KEPT; i += 2) kfree(load<u32>(kept + i * 4));
      for (let i: u32 = 0; i < KEPT; i += 2) kfree(load<u32>(kept + i * 4));
    }
  }
  if (kmalloc(PGSIZE + 1) != 0) return false;
  return nobjects == objectsBefore && kfreecount() == pagesBefore;
}
