// Cycle accounting and statistics of the reference interpreter (docs/isa.md §7, §8).
//
//   createCounters()        all-zero CpuCounters (256-entry per-vector arrays)
//   copyCounters(c)         a deep copy, so callers never alias live counters
//   chargeCycles(c, n, to)  advances the cycle counter by n and attributes the
//                           cycles to 'user', 'kernel' or 'idle' (§8: "cycles =
//                           userCycles + kernelCycles + idleCycles")
//   attributionOf(cpl)      where cycles spent at a CPL are attributed

import type { CpuCounters } from '../cpu-state.ts';
import type { Cpl } from './registers.ts';

export type CycleAttribution = 'user' | 'kernel' | 'idle';

export const VECTOR_COUNT = 256;

export function createCounters(): CpuCounters {
  return {
    cycles: 0n,
    instructions: 0n,
    userCycles: 0n,
    kernelCycles: 0n,
    idleCycles: 0n,
    modeSwitches: { syscall: 0n, irq: 0n, exception: 0n },
    returnsToUser: 0n,
    interrupts: new Array<bigint>(VECTOR_COUNT).fill(0n),
    exceptions: new Array<bigint>(VECTOR_COUNT).fill(0n),
    softInts: new Array<bigint>(VECTOR_COUNT).fill(0n),
    pageFaults: 0n,
    tlb: { hits: 0n, misses: 0n, flushes: 0n, invlpg: 0n },
    cr3Loads: 0n,
  };
}

export function copyCounters(c: CpuCounters): CpuCounters {
  return {
    ...c,
    modeSwitches: { ...c.modeSwitches },
    interrupts: [...c.interrupts],
    exceptions: [...c.exceptions],
    softInts: [...c.softInts],
    tlb: { ...c.tlb },
  };
}

export function attributionOf(cpl: Cpl): CycleAttribution {
  return cpl === 3 ? 'user' : 'kernel';
}

export function chargeCycles(c: CpuCounters, cycles: number | bigint, to: CycleAttribution): void {
  const n = BigInt(cycles);
  if (n === 0n) return;
  c.cycles += n;
  if (to === 'user') c.userCycles += n;
  else if (to === 'kernel') c.kernelCycles += n;
  else c.idleCycles += n;
}
