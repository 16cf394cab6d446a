// String instructions (docs/isa.md §3.9): movsb/movsd/stosb/stosd and their rep forms.
//
//   movs(size, repeat)   stos(size, repeat)
//
// Each element is the non-rep instruction, with its own translations. A rep
// form owes one cycle per completed element (tlb.owe), so a fault after some
// elements still charges them; the registers then describe the remainder.
//
// Fast path (DF = 0): after an element, the elements that stay inside the pages
// just used, whose translations are TLB entries that permit the access (dirty,
// for the destination), are done at once: each would be two TLB hits, so the
// hits are counted, and memory is copied or filled directly. Overlapping copies
// keep the element-by-element result.

import { COUNTER_TLB_HITS, RAM_BASE } from './layout';
import { invalidateRange } from './codecache';
import { faulted } from './fault';
import { DF, controlFlags } from './flags';
import { read, write } from './memory';
import { ECX, EDI, ESI, EAX, needRead, needWrite, paging, ramBytes, reg, setReg } from './state';
import { entryBits, entryFrame, owe, tlbFind } from './tlb';

const NO_PAGE: u32 = 0xFFFFFFFF;

/** Physical address of linear for an access that a TLB hit permits, else NO_PAGE; no counting. */
function probe(linear: u32, need: u32): u32 {
  if (!paging) return linear;
  const e = tlbFind(linear);
  if (e == 0 || (entryBits(e) & need) != need) return NO_PAGE;
  return entryFrame(e) | (linear & 0xFFF);
}

function countHits(n: u32): void {
  if (paging) store<u64>(0, load<u64>(0, COUNTER_TLB_HITS) + <u64>n, COUNTER_TLB_HITS);
}

/** Whole elements from linear to the end of its page. */
@inline function fitting(linear: u32, size: u32): u32 {
  return (0x1000 - (linear & 0xFFF)) / size;
}

function movsBulk(size: u32): void {
  const count = reg(ECX);
  const src = reg(ESI);
  const dst = reg(EDI);
  let k = fitting(src, size);
  const kd = fitting(dst, size);
  if (kd < k) k = kd;
  if (count < k) k = count;
  if (k == 0) return;
  const ps = probe(src, needRead);
  const pd = probe(dst, needWrite);
  if (ps == NO_PAGE || pd == NO_PAGE) return;
  const bytes = k * size;
  if (ps >= ramBytes || ramBytes - ps < bytes || pd >= ramBytes || ramBytes - pd < bytes) return;
  if (pd > ps && pd < ps + bytes) {
    if (size == 1) {
      for (let i: u32 = 0; i < bytes; i++) store<u8>(pd + i, load<u8>(ps + i, RAM_BASE), RAM_BASE);
    } else {
      for (let i: u32 = 0; i < bytes; i += 4) store<u32>(pd + i, load<u32>(ps + i, RAM_BASE), RAM_BASE);
    }
  } else {
    memory.copy(RAM_BASE + pd, RAM_BASE + ps, bytes);
  }
  invalidateRange(pd, bytes);
  countHits(2 * k);
  setReg(ECX, count - k);
  setReg(ESI, src + bytes);
  setReg(EDI, dst + bytes);
  owe(k);
}

function stosBulk(size: u32): void {
  const count = reg(ECX);
  const dst = reg(EDI);
  let k = fitting(dst, size);
  if (count < k) k = count;
  if (k == 0) return;
  const pd = probe(dst, needWrite);
  if (pd == NO_PAGE) return;
  const bytes = k * size;
  if (pd >= ramBytes || ramBytes - pd < bytes) return;
  const v = reg(EAX);
  if (size == 1) {
    memory.fill(RAM_BASE + pd, <u8>v, bytes);
  } else {
    for (let i: u32 = 0; i < bytes; i += 4) store<u32>(pd + i, v, RAM_BASE);
  }
  invalidateRange(pd, bytes);
  countHits(k);
  setReg(ECX, count - k);
  setReg(EDI, dst + bytes);
  owe(k);
}

function movsElement(size: u32, step: u32): bool {
  const src = reg(ESI);
  const dst = reg(EDI);
  if (size == 1) {
    const v = read<u8>(src);
    if (faulted || !write<u8>(dst, v)) return false;
  } else {
    const v = read<u32>(src);
    if (faulted || !write<u32>(dst, v)) return false;
  }
  setReg(ESI, src + step);
  setReg(EDI, dst + step);
  return true;
}

function stosElement(size: u32, step: u32): bool {
  const dst = reg(EDI);
  if (size == 1) {
    if (!write<u8>(dst, reg(EAX) & 0xFF)) return false;
  } else if (!write<u32>(dst, reg(EAX))) {
    return false;
  }
  setReg(EDI, dst + step);
  return true;
}

export function movs(size: u32, repeat: bool): void {
  const backward = (controlFlags() & DF) != 0;
  const step = backward ? 0 - size : size;
  if (!repeat) {
    movsElement(size, step);
    return;
  }
  while (reg(ECX) != 0) {
    if (!movsElement(size, step)) return;
    setReg(ECX, reg(ECX) - 1);
    owe(1);
    if (!backward) movsBulk(size);
  }
}

export function stos(size: u32, repeat: bool): void {
  const backward = (controlFlags() & DF) != 0;
  const step = backward ? 0 - size : size;
  if (!repeat) {
    stosElement(size, step);
    return;
  }
  while (reg(ECX) != 0) {
    if (!stosElement(size, step)) return;
    setReg(ECX, reg(ECX) - 1);
    owe(1);
    if (!backward) stosBulk(size);
  }
}
