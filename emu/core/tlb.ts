// The TLB and the page walk (docs/isa.md §6, §7).
//
//   set = vpn & 15, 4 ways, FIFO replacement per set:
//
//   TLB + set*64:  [way 0][way 1][way 2][way 3]     each: tag | frame | bits (layout.ts)
//   TLB_FIFO + set: the way the next fill uses
//
//   tlbFind(linear)             the matching entry's address, or 0 (no counting)
//   translate(linear, access, user)
//                               one §7 lookup: a hit (counted), or a miss that walks
//                               (counted, 20 owed cycles) and fills; returns the page's
//                               frame, or TRANSLATE_FAIL with a #PF raised
//   flushNonGlobal() / flushAll() / invalidatePage(linear)   §7 flushes (the caller
//                               counts them and forgets the fetch page)
//   owedCycles                  cycles the current instruction or delivery owes even if
//                               it faults: page walks (and completed rep elements)

import {
  COUNTER_TLB_HITS, COUNTER_TLB_MISSES, EV_TLB_MISS, STATE_CR3, STATE_EIP, TLB, TLB_ENTRY_SIZE, TLB_FIFO,
  TLB_SETS, TLB_WAYS, TRACE_MMU,
} from './layout';
import { PF_I, PF_P, PF_RSVD, PF_U, PF_W, raisePageFault } from './fault';
import { physRead32, physWrite32 } from './physmem';
import {
  PTE_A, PTE_D, PTE_G, PTE_P, PTE_PS, PTE_RW, PTE_US, bump, requestBlockBreak, writeProtect,
} from './state';
import { emit, tracing } from './trace';

export const ACCESS_READ: u32 = 0;
export const ACCESS_WRITE: u32 = 1;
export const ACCESS_FETCH: u32 = 2;

/** Frames are page aligned, so this is never a frame. */
export const TRANSLATE_FAIL: u32 = 1;

export const PAGE_WALK_CYCLES: u32 = 20;

export let owedCycles: u32 = 0;

export function owe(n: u32): void {
  owedCycles += n;
}

export function takeOwedCycles(): u32 {
  const n = owedCycles;
  owedCycles = 0;
  return n;
}

const T_TAG: u32 = 0;
const T_FRAME: u32 = 4;
const T_BITS: u32 = 8;

@inline export function tlbSet(linear: u32): u32 {
  return TLB + ((linear >>> 12) & (TLB_SETS - 1)) * (TLB_WAYS * TLB_ENTRY_SIZE);
}

@inline export function tlbFind(linear: u32): u32 {
  const s = tlbSet(linear);
  const tag = (linear & ~0xFFF) | 1;
  if (load<u32>(s, 0 * TLB_ENTRY_SIZE) == tag) return s;
  if (load<u32>(s, 1 * TLB_ENTRY_SIZE) == tag) return s + 1 * TLB_ENTRY_SIZE;
  if (load<u32>(s, 2 * TLB_ENTRY_SIZE) == tag) return s + 2 * TLB_ENTRY_SIZE;
  if (load<u32>(s, 3 * TLB_ENTRY_SIZE) == tag) return s + 3 * TLB_ENTRY_SIZE;
  return 0;
}

@inline export function entryFrame(e: u32): u32 {
  return load<u32>(e, T_FRAME);
}

@inline export function entryBits(e: u32): u32 {
  return load<u32>(e, T_BITS);
}

@inline function errorBits(access: u32, user: bool): u32 {
  return (access == ACCESS_WRITE ? PF_W : 0) | (user ? PF_U : 0) | (access == ACCESS_FETCH ? PF_I : 0);
}

@inline function permitted(bits: u32, access: u32, user: bool): bool {
  if (user && (bits & PTE_US) == 0) return false;
  if (access == ACCESS_WRITE && (bits & PTE_RW) == 0 && (user || writeProtect)) return false;
  return true;
}

let walkFrame: u32 = 0;
let walkBits: u32 = 0;

/** The §6 walk. On success sets walkFrame/walkBits; on failure raises #PF. */
function walk(linear: u32, access: u32, user: bool): bool {
  bump(COUNTER_TLB_MISSES);
  owedCycles += PAGE_WALK_CYCLES;
  requestBlockBreak();
  if (tracing(TRACE_MMU)) emit(EV_TLB_MISS, access, 0, load<u32>(0, STATE_EIP), linear, 0);
  const bits = errorBits(access, user);
  const pdeAddr = (load<u32>(0, STATE_CR3) & ~0xFFF) + ((linear >>> 22) << 2);
  const pde = physRead32(pdeAddr);
  if ((pde & PTE_P) == 0) { raisePageFault(linear, bits); return false; }
  if ((pde & PTE_PS) != 0) { raisePageFault(linear, bits | PF_P | PF_RSVD); return false; }
  const pteAddr = (pde & ~0xFFF) + (((linear >>> 12) & 0x3FF) << 2);
  const pte = physRead32(pteAddr);
  if ((pte & PTE_P) == 0) { raisePageFault(linear, bits); return false; }
  const rights = pde & pte & (PTE_US | PTE_RW);
  if (!permitted(rights, access, user)) { raisePageFault(linear, bits | PF_P); return false; }
  if ((pde & PTE_A) == 0) physWrite32(pdeAddr, pde | PTE_A);
  const newPte = pte | PTE_A | (access == ACCESS_WRITE ? PTE_D : 0);
  if (newPte != pte) physWrite32(pteAddr, newPte);
  walkFrame = pte & ~0xFFF;
  walkBits = rights | (newPte & PTE_D) | (pte & PTE_G);
  return true;
}

@inline function fillEntry(e: u32, linear: u32): void {
  store<u32>(e, (linear & ~0xFFF) | 1, T_TAG);
  store<u32>(e, walkFrame, T_FRAME);
  store<u32>(e, walkBits, T_BITS);
}

export function translate(linear: u32, access: u32, user: bool): u32 {
  const e = tlbFind(linear);
  if (e != 0) {
    const bits = load<u32>(e, T_BITS);
    if (!permitted(bits, access, user)) {
      bump(COUNTER_TLB_HITS);
      raisePageFault(linear, errorBits(access, user) | PF_P);
      return TRANSLATE_FAIL;
    }
    if (access == ACCESS_WRITE && (bits & PTE_D) == 0) {
      if (!walk(linear, access, user)) return TRANSLATE_FAIL;
      fillEntry(e, linear);
      return walkFrame;
    }
    bump(COUNTER_TLB_HITS);
    return load<u32>(e, T_FRAME);
  }
  if (!walk(linear, access, user)) return TRANSLATE_FAIL;
  const set = (linear >>> 12) & (TLB_SETS - 1);
  const way = <u32>load<u8>(set, TLB_FIFO);
  store<u8>(set, <u8>((way + 1) & (TLB_WAYS - 1)), TLB_FIFO);
  fillEntry(tlbSet(linear) + way * TLB_ENTRY_SIZE, linear);
  return walkFrame;
}

export function flushNonGlobal(): void {
  for (let e = TLB; e < TLB_FIFO; e += TLB_ENTRY_SIZE) {
    if ((load<u32>(e, T_BITS) & PTE_G) == 0) store<u32>(e, 0, T_TAG);
  }
}

export function flushAll(): void {
  for (let e = TLB; e < TLB_FIFO; e += TLB_ENTRY_SIZE) store<u32>(e, 0, T_TAG);
}

export function invalidatePage(linear: u32): void {
  const e = tlbFind(linear);
  if (e != 0) store<u32>(e, 0, T_TAG);
}
