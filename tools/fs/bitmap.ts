// The block bitmap (docs/fs.md §2): allocating and freeing data blocks
// through the log.
//
//   allocBlock(v, path) -> n     the first free data block at or after the hint
//                                (wrapping), marked in use and zeroed in the
//                                open transaction; ENOSPC naming path if none
//   freeBlock(v, n)              clears its bit (a block already free is a
//                                damaged image)
//   blockInUse(bitmapBlock, n)   the bit itself
//
// The first fit from a moving hint keeps a file's blocks consecutive when it
// is written in one go, which is what mkfs does.

import { BLOCK_SIZE, bitmapBlock, bitmapByte, bitmapMask } from './format.ts';
import { corrupt, fsError, type Volume } from './volume.ts';

export function blockInUse(bitmap: Uint8Array, n: number): boolean {
  return (bitmap[bitmapByte(n)] & bitmapMask(n)) !== 0;
}

export function allocBlock(v: Volume, path: string): number {
  const g = v.geometry;
  const span = g.blocks - g.dataStart;
  let start = v.hint.block;
  if (start < g.dataStart || start >= g.blocks) start = g.dataStart;
  for (let step = 0; step < span; ) {
    const n = g.dataStart + ((start - g.dataStart + step) % span);
    const bitmap = v.log.peek(bitmapBlock(g, n));
    const byte = bitmapByte(n);
    if (bitmap[byte] === 0xff && n % 8 === 0) {  // a full byte: skip eight blocks at once
      step += 8;
      continue;
    }
    if (!blockInUse(bitmap, n)) {
      const changed = bitmap.slice();
      changed[byte] |= bitmapMask(n);
      v.log.put(bitmapBlock(g, n), changed);
      v.log.put(n, new Uint8Array(BLOCK_SIZE));
      v.hint.block = n + 1;
      return n;
    }
    step++;
  }
  return fsError(v, 'ENOSPC', path, 'no free blocks');
}

export function freeBlock(v: Volume, n: number): void {
  const g = v.geometry;
  if (n < g.dataStart || n >= g.blocks) corrupt(v, `freeing block ${n}, which is outside the data region`);
  const where = bitmapBlock(g, n);
  const bitmap = v.log.get(where);
  if (!blockInUse(bitmap, n)) corrupt(v, `block ${n} is in use but marked free in the bitmap`);
  bitmap[bitmapByte(n)] &= ~bitmapMask(n);
  v.log.put(where, bitmap);
}
