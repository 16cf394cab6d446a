// Linear memory accesses of instructions (docs/isa.md §3, §6, §7).
//
// An access of 1, 2 or 4 bytes is translated once per page it touches, then
// read or written. The fast path (paging off, or a TLB hit that permits the
// access, one page, in RAM) is inlined into the executor; everything else goes
// through translateSlow(), which leaves a descriptor of the bytes' physical
// addresses for descRead/descWrite.
//
//   read<T>(linear)               data read at the current CPL (T = u8, u16, u32)
//   write<T>(linear, v)           data write
//   writeHandle<T>(linear)        translate for writing (rmw: "once, for writing,
//                                 before it is read"); returns a linear-memory
//                                 address of RAM, or 0: use the descriptor
//   handleRead<T>(h)/handleWrite<T>(h, v)   access through a handle
//   translateSlow(linear, size, access, user)   any access; false when it faulted
//   descRead(size)/descWrite(size, v)           bytes of the last translateSlow
//   fetchLookup(linear)           §7 fetch lookup of linear's page; latches the fetch page
//   fetchByte(linear)             one instruction byte through the fetch page
//
// Every function may raise an exception (fault.ts); callers check `faulted`.

import { CODE_PAGES, RAM_BASE, STATE_FETCH_LINEAR, STATE_FETCH_PHYS, COUNTER_TLB_HITS } from './layout';
import { codeWritten } from './codecache';
import { faulted } from './fault';
import { physRead8, physWrite8 } from './physmem';
import {
  bump, needRead, needWrite, paging, ramLast1, ramLast2, ramLast4, userMode,
} from './state';
import {
  ACCESS_FETCH, ACCESS_READ, ACCESS_WRITE, TRANSLATE_FAIL, entryBits, entryFrame, tlbFind, translate,
} from './tlb';

let accP0: u32 = 0;
let accP1: u32 = 0;
let accN0: u32 = 0;

@inline function ramLast<T>(): u32 {
  return sizeof<T>() == 4 ? ramLast4 : sizeof<T>() == 2 ? ramLast2 : ramLast1;
}

export function translateSlow(linear: u32, size: u32, access: u32, user: bool): bool {
  if (!paging) {
    accP0 = linear;
    accN0 = size;
    return true;
  }
  const f0 = translate(linear, access, user);
  if (f0 == TRANSLATE_FAIL) return false;
  const off = linear & 0xFFF;
  accP0 = f0 | off;
  if (off + size <= 0x1000) {
    accN0 = size;
    return true;
  }
  accN0 = 0x1000 - off;
  const f1 = translate(linear + accN0, access, user);
  if (f1 == TRANSLATE_FAIL) return false;
  accP1 = f1;
  return true;
}

@inline function descAddr(i: u32): u32 {
  return i < accN0 ? accP0 + i : accP1 + (i - accN0);
}

export function descRead(size: u32): u32 {
  return descReadAt(0, size);
}

/** Bytes [offset, offset + size) of the last translated access, size at most 4. */
export function descReadAt(offset: u32, size: u32): u32 {
  const p = accP0 + offset;
  if (offset + size <= accN0 && p <= ramLast4) {
    if (size == 4) return load<u32>(p, RAM_BASE);
    if (size == 2) return <u32>load<u16>(p, RAM_BASE);
    if (size == 1) return <u32>load<u8>(p, RAM_BASE);
  }
  let v: u32 = 0;
  for (let i: u32 = 0; i < size; i++) v |= physRead8(descAddr(offset + i)) << (i << 3);
  return v;
}

export function descWrite(size: u32, v: u32): void {
  if (size == 4 && accN0 >= 4 && accP0 <= ramLast4 && (accP0 & 0xFFF) <= 0xFFC) {
    store<u32>(accP0, v, RAM_BASE);
    if (<i32>load<u32>((accP0 >>> 12) << 2, CODE_PAGES) < 0) codeWritten(accP0);
    return;
  }
  for (let i: u32 = 0; i < size; i++) physWrite8(descAddr(i), v >>> (i << 3));
}

/** The descriptor of the last translateSlow, for callers that translate several accesses first. */
export function descP0(): u32 { return accP0; }
export function descP1(): u32 { return accP1; }
export function descN0(): u32 { return accN0; }
export function setDesc(p0: u32, p1: u32, n0: u32): void {
  accP0 = p0;
  accP1 = p1;
  accN0 = n0;
}

@inline export function read<T>(linear: u32): u32 {
  if (!paging) {
    if (linear <= ramLast<T>()) return <u32>load<T>(linear, RAM_BASE);
  } else if ((linear & 0xFFF) <= 0x1000 - sizeof<T>()) {
    const e = tlbFind(linear);
    if (e != 0 && (entryBits(e) & needRead) == needRead) {
      const p = entryFrame(e) | (linear & 0xFFF);
      if (p <= ramLast<T>()) {
        bump(COUNTER_TLB_HITS);
        return <u32>load<T>(p, RAM_BASE);
      }
    }
  }
  return readSlow(linear, <u32>sizeof<T>());
}

export function readSlow(linear: u32, size: u32): u32 {
  if (!translateSlow(linear, size, ACCESS_READ, userMode)) return 0;
  return descRead(size);
}

@inline export function writeHandle<T>(linear: u32): u32 {
  if (!paging) {
    // Within one page too: a store checks one page of the code-page map.
    if (linear <= ramLast<T>() && (linear & 0xFFF) <= 0x1000 - sizeof<T>()) return linear + RAM_BASE;
  } else if ((linear & 0xFFF) <= 0x1000 - sizeof<T>()) {
    const e = tlbFind(linear);
    if (e != 0 && (entryBits(e) & needWrite) == needWrite) {
      const p = entryFrame(e) | (linear & 0xFFF);
      if (p <= ramLast<T>()) {
        bump(COUNTER_TLB_HITS);
        return p + RAM_BASE;
      }
    }
  }
  translateSlow(linear, <u32>sizeof<T>(), ACCESS_WRITE, userMode);
  return 0;
}

@inline export function handleRead<T>(h: u32): u32 {
  if (h != 0) return <u32>load<T>(h);
  return descRead(<u32>sizeof<T>());
}

@inline export function handleWrite<T>(h: u32, v: u32): void {
  if (h != 0) {
    store<T>(h, <T>v);
    if (<i32>load<u32>(((h - RAM_BASE) >>> 12) << 2, CODE_PAGES) < 0) codeWritten(h - RAM_BASE);
  } else {
    descWrite(<u32>sizeof<T>(), v);
  }
}

/** A plain write; does nothing more once the translation has faulted. */
@inline export function write<T>(linear: u32, v: u32): bool {
  const h = writeHandle<T>(linear);
  if (h != 0) {
    handleWrite<T>(h, v);
    return true;
  }
  return writeSlow(<u32>sizeof<T>(), v);
}

function writeSlow(size: u32, v: u32): bool {
  if (faulted) return false;
  descWrite(size, v);
  return true;
}

export function fetchLookup(linear: u32): bool {
  const base = linear & ~0xFFF;
  if (!paging) {
    store<u32>(0, base, STATE_FETCH_LINEAR);
    store<u32>(0, base, STATE_FETCH_PHYS);
    return true;
  }
  const f = translate(linear, ACCESS_FETCH, userMode);
  if (f == TRANSLATE_FAIL) return false;
  store<u32>(0, base, STATE_FETCH_LINEAR);
  store<u32>(0, f, STATE_FETCH_PHYS);
  return true;
}

export function fetchByte(linear: u32): u32 {
  if ((linear & ~0xFFF) != load<u32>(0, STATE_FETCH_LINEAR)) {
    if (!fetchLookup(linear)) return 0;
  }
  return physRead8(load<u32>(0, STATE_FETCH_PHYS) + (linear & 0xFFF));
}
