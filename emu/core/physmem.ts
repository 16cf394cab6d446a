// The physical address space (docs/isa.md §9): RAM from 0, the boot ROM at
// 0xFFFF0000, and unmapped space between that reads 0xFF and ignores writes.
// Multi-byte accesses wrap modulo 2^32 and take each byte from its own region.
// RAM byte p lives at RAM_BASE + p in linear memory.
//
//   physRead8/16/32(p), physWrite8/16/32(p, v)   any physical address; writes
//                                                 into pages holding decoded code
//                                                 invalidate it (codecache.ts)

import { ROM_BASE, ROM_PHYS, RAM_BASE } from './layout';
import { codeWritten, pageHasCode } from './codecache';
import { ramBytes, ramLast4 } from './state';

export function physRead8(p: u32): u32 {
  if (p < ramBytes) return <u32>load<u8>(p, RAM_BASE);
  if (p >= ROM_PHYS) return <u32>load<u8>(p - ROM_PHYS, ROM_BASE);
  return 0xFF;
}

export function physWrite8(p: u32, v: u32): void {
  if (p < ramBytes) {
    store<u8>(p, <u8>v, RAM_BASE);
    if (pageHasCode(p)) codeWritten(p);
  }
}

export function physRead32(p: u32): u32 {
  if (p <= ramLast4) return load<u32>(p, RAM_BASE);
  return physRead8(p) | (physRead8(p + 1) << 8) | (physRead8(p + 2) << 16) | (physRead8(p + 3) << 24);
}

export function physWrite32(p: u32, v: u32): void {
  if (p <= ramLast4 && (p & 0xFFF) <= 0xFFC) {
    store<u32>(p, v, RAM_BASE);
    if (pageHasCode(p)) codeWritten(p);
    return;
  }
  physWrite8(p, v);
  physWrite8(p + 1, v >>> 8);
  physWrite8(p + 2, v >>> 16);
  physWrite8(p + 3, v >>> 24);
}
