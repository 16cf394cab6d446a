// The physical page allocator: a free list of 4 KiB pages threaded through the
// pages themselves. Addresses are wasm addresses (= physical, docs/kernel.md §2).
//
//   kfreerange(start, end)    adds every whole page of [start, end) (boot: twice, §3)
//   kalloc() -> page, zeroed  (0 when none is left)
//   kpagefree(page)
//   kfreecount(), ktotalcount()

import { PGSIZE } from "./param";

let freelist: u32 = 0;
let nfree: u32 = 0;
let ntotal: u32 = 0;

export function kfreerange(start: u32, end: u32): void {
  let p = (start + PGSIZE - 1) & ~(PGSIZE - 1);
  // Pushed from the top down, so kalloc hands out low addresses first.
  let top = end & ~(PGSIZE - 1);
  while (top > p) {
    top -= PGSIZE;
    kpagefree(top);
    ntotal++;
  }
}

export function kpagefree(page: u32): void {
  store<u32>(page, freelist);
  freelist = page;
  nfree++;
}

export function kalloc(): u32 {
  const page = freelist;
  if (page == 0) return 0;
  freelist = load<u32>(page);
  nfree--;
  memory.fill(page, 0, PGSIZE);
  return page;
}

export function kfreecount(): u32 { return nfree; }
export function ktotalcount(): u32 { return ntotal; }
