// malloc and free for raw buffers (docs/kernel.md §13), on top of the
// runtime's heap: asc's stub runtime never frees (its heap.free does nothing),
// so freed blocks are kept on a free list per size class and reused.
//
//   const p = malloc(100);   // 8-byte aligned, 0 if out of memory
//   free(p);                 // the block goes back to its size class
//
// Classes are powers of two from 16 bytes to 64 KiB; a larger block is still
// reused, by exact class (its size rounded up to 64 KiB). A block's class is in
// the word before it. AssemblyScript objects (`new`, strings) are the
// runtime's, not malloc's.

const CLASSES: u32 = 13; // 16 << 0 ... 16 << 12 (64 KiB), and "large"
const freeLists = memory.data(4 * 14);

function classOf(n: usize): u32 {
  let c: u32 = 0;
  while (c < CLASSES - 1 && (<usize>16 << c) < n) c++;
  return c;
}

export function malloc(n: usize): usize {
  const large = n > (<usize>16 << (CLASSES - 1));
  const c = large ? CLASSES : classOf(n);
  const size = large ? (n + 0xFFFF) & ~0xFFFF : <usize>16 << c;
  // Large blocks: a free list too, first fit by size.
  let prev: usize = 0;
  let p = load<usize>(freeLists + 4 * c);
  while (p != 0) {
    if (!large || load<usize>(p - 8) >= size) {
      const next = load<usize>(p);
      if (prev == 0) store<usize>(freeLists + 4 * c, next); else store<usize>(prev, next);
      return p;
    }
    prev = p;
    p = load<usize>(p);
  }
  const block = heap.alloc(size + 8);
  if (block == 0) return 0;
  store<usize>(block, size);       // usable bytes
  store<usize>(block + 4, c);      // class
  return block + 8;
}

export function free(p: usize): void {
  if (p == 0) return;
  const c = load<u32>(p - 4);
  store<usize>(p, load<usize>(freeLists + 4 * c));
  store<usize>(freeLists + 4 * c, p);
}
