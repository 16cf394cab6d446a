// Bounds checks of loads and stores, on the targets that set bounds (bare;
// docs/abi.md §8.2).
//
//   const bounds = new MemoryBounds(initialPages);
//   bounds.word(k)        label of the word holding memory bytes - k: an access
//                         of `bytes` at wasm address a + offset is in bounds
//                         iff a <= that word (k = offset + bytes), unsigned
//   bounds.needsPages(k)  pages memory must have before the word can be trusted
//                         (0 when the initial memory already has k bytes)
//   bounds.inInitialMemory(end)   end <= the initial memory's bytes
//   bounds.assembly()     the words, initialised for the initial memory, and
//                         __wasm_bounds_update, which memory.grow calls
//
// Memory never shrinks, so a word computed for the current size stays valid
// until the next grow, and an access that ends within the initial memory
// needs no check at all.

const PAGE_BYTES = 65536;

export class MemoryBounds {
  private readonly ks = new Set<number>();
  private readonly initialBytes: number;

  constructor(initialPages: number) {
    this.initialBytes = initialPages * PAGE_BYTES;
  }

  word(k: number): string {
    const kept = k >>> 0;
    this.ks.add(kept);
    return `__wasm_bound_${kept}`;
  }

  needsPages(k: number): number {
    return k <= this.initialBytes ? 0 : Math.ceil(k / PAGE_BYTES);
  }

  inInitialMemory(end: number): boolean {
    return end <= this.initialBytes;
  }

  assembly(): string[] {
    const ks = [...this.ks].sort((a, b) => a - b);
    const out = ['', '.data', '.align 4'];
    for (const k of ks) out.push(`__wasm_bound_${k}: .long ${(this.initialBytes - k) >>> 0}`);
    out.push('', '.text', '; after memory.grow: __wasm_bound_K = memory bytes - K; keeps every register',
      '.global __wasm_bounds_update', '__wasm_bounds_update:');
    if (ks.length > 0) {
      out.push('    push eax', '    mov eax, [__wasm_memory_pages]', '    shl eax, 16');
      for (const k of ks) out.push(`    sub eax, ${k}`, `    mov [__wasm_bound_${k}], eax`, `    add eax, ${k}`);
      out.push('    pop eax');
    }
    out.push('    ret');
    return out;
  }
}
