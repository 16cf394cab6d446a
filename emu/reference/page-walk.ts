// The two-level page walk of docs/isa.md §6.
//
//  linear:  31     22 21     12 11       0
//          | dir    | table   | offset   |
//
//  PDE/PTE: 31            12 11 9  8  7  6  5  4  3  2  1  0
//          | frame          | avl |G |PS|D |A |CD|WT|US|RW|P |
//
// walkPageTables(memory, access) reads the PDE at cr3 + dir*4, then the PTE at
// PDE.frame + table*4 (physical reads), checks them in this order:
//
//   1. PDE.P = 0                       -> #PF, error P=0
//   2. PDE.PS = 1                      -> #PF, error P=1 RSVD=1
//   3. PTE.P = 0                       -> #PF, error P=0
//   4. rights (US AND, RW AND) refuse  -> #PF, error P=1
//
// and, only when the access is permitted, sets A in the PDE and PTE (and D in
// the PTE for a write) where they lack it. The W, U and I bits of the error
// code describe the access. It returns the entry the TLB is filled with, or
// the error code of the fault (the caller raises it: translation.ts).
//
// accessPermitted() is the one rights rule, shared with TLB hits (§7):
// CPL 3 needs US; a write needs RW at CPL 3, and at CPL 0 when cr0.WP = 1.

import { PF } from './faults.ts';
import type { PhysicalMemory } from './physical-memory.ts';
import type { TlbEntry } from './tlb.ts';

export type AccessIntent = 'read' | 'write' | 'fetch';

export interface MemoryAccess {
  linear: number;
  intent: AccessIntent;
  user: boolean;           // made at CPL 3 (delivery and iret accesses are CPL 0)
  writeProtect: boolean;   // cr0.WP
  cr3: number;
}

export const PTE = {
  P: 1 << 0, RW: 1 << 1, US: 1 << 2, A: 1 << 5, D: 1 << 6, PS: 1 << 7, G: 1 << 8,
} as const;
export const FRAME_MASK = 0xffff_f000;

export function accessPermitted(pageUser: boolean, pageWritable: boolean, access: MemoryAccess): boolean {
  if (access.user && !pageUser) return false;
  if (access.intent === 'write' && !pageWritable && (access.user || access.writeProtect)) return false;
  return true;
}

/** The W, U and I bits of a #PF error code for this access (§6). */
export function accessErrorBits(access: MemoryAccess): number {
  return (access.intent === 'write' ? PF.WRITE : 0)
    | (access.user ? PF.USER : 0)
    | (access.intent === 'fetch' ? PF.FETCH : 0);
}

export type WalkResult = { ok: true; entry: TlbEntry } | { ok: false; errorCode: number };

export function walkPageTables(memory: PhysicalMemory, access: MemoryAccess): WalkResult {
  const linear = access.linear >>> 0;
  const accessBits = accessErrorBits(access);
  const pdeAddress = ((access.cr3 & FRAME_MASK) + (linear >>> 22) * 4) >>> 0;
  const pde = memory.read32(pdeAddress);
  if (!(pde & PTE.P)) return { ok: false, errorCode: accessBits };
  if (pde & PTE.PS) return { ok: false, errorCode: accessBits | PF.PRESENT | PF.RSVD };

  const pteAddress = ((pde & FRAME_MASK) + ((linear >>> 12) & 0x3ff) * 4) >>> 0;
  const pte = memory.read32(pteAddress);
  if (!(pte & PTE.P)) return { ok: false, errorCode: accessBits };

  const user = (pde & pte & PTE.US) !== 0;
  const writable = (pde & pte & PTE.RW) !== 0;
  if (!accessPermitted(user, writable, access)) return { ok: false, errorCode: accessBits | PF.PRESENT };

  if (!(pde & PTE.A)) memory.write32(pdeAddress, (pde | PTE.A) >>> 0);
  const newPte = (pte | PTE.A | (access.intent === 'write' ? PTE.D : 0)) >>> 0;
  if (newPte !== pte) memory.write32(pteAddress, newPte);

  return {
    ok: true,
    entry: {
      vpn: linear >>> 12,
      frame: (pte & FRAME_MASK) >>> 0,
      user,
      writable,
      dirty: (newPte & PTE.D) !== 0,
      global: (pte & PTE.G) !== 0,
    },
  };
}
