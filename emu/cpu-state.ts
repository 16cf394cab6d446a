// The architectural state of a tx86 CPU (docs/isa.md §1, §7, §8), as plain data.
//
// Both CPU implementations speak it: the wasm core through its TypeScript wrapper
// (emu/core-host.ts) and the reference interpreter (emu/reference). Tests compare
// two CpuState values field by field; snapshots store one.
//
//   CpuState      registers, flags, control registers, CPL, IDT register,
//                 cycle and instruction counters
//   CpuCounters   the statistics of docs/isa.md §7-§8 and docs/machine.md §stats
//   StopReason    why run() returned
//   sameState()   field-by-field comparison, returning the first difference

export interface CpuState {
  regs: number[];          // eax ecx edx ebx esp ebp esi edi, unsigned 32-bit
  eip: number;
  eflags: number;          // materialised: bit 1 set, only CF ZF SF IF DF OF otherwise
  cpl: 0 | 3;
  cr0: number;
  cr2: number;
  cr3: number;
  ksp: number;
  idtBase: number;
  idtLimit: number;
  halted: boolean;         // in hlt, waiting for an interrupt
  cycles: bigint;
  instructions: bigint;
}

export interface CpuCounters {
  cycles: bigint;
  instructions: bigint;
  userCycles: bigint;
  kernelCycles: bigint;
  idleCycles: bigint;
  /** Entries from CPL 3 to CPL 0, by cause. */
  modeSwitches: { syscall: bigint; irq: bigint; exception: bigint };
  /** Returns from CPL 0 to CPL 3 (iret). */
  returnsToUser: bigint;
  /** Deliveries per vector, split by kind. Index = vector. */
  interrupts: bigint[];    // hardware interrupts
  exceptions: bigint[];    // faults and aborts raised by the CPU
  softInts: bigint[];      // int n
  pageFaults: bigint;
  tlb: { hits: bigint; misses: bigint; flushes: bigint; invlpg: bigint };
  cr3Loads: bigint;
}

/** Why run() stopped. Values are shared with the wasm core (emu/core/layout.ts). */
export enum StopReason {
  Budget = 0,        // reached the cycle target
  Halted = 1,        // hlt with IF=1: waiting for an interrupt
  StopRequested = 2, // a device asked the core to return (after a port access)
  TripleFault = 3,
  EventsFull = 4,    // the trace event buffer needs draining
  Dead = 5,          // hlt with IF=0: nothing can ever wake the CPU
  Step = 6,          // single-step mode: one instruction or delivery done
}

const FIELDS: (keyof CpuState)[] = [
  'eip', 'eflags', 'cpl', 'cr0', 'cr2', 'cr3', 'ksp', 'idtBase', 'idtLimit', 'halted', 'cycles', 'instructions',
];
const REG_NAMES = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];

/** The first difference between two states, as "field: a != b", or null when equal. */
export function stateDifference(a: CpuState, b: CpuState): string | null {
  for (let i = 0; i < 8; i++) {
    if (a.regs[i] >>> 0 !== b.regs[i] >>> 0) {
      return `${REG_NAMES[i]}: 0x${(a.regs[i] >>> 0).toString(16)} != 0x${(b.regs[i] >>> 0).toString(16)}`;
    }
  }
  for (const f of FIELDS) {
    if (a[f] !== b[f]) return `${f}: ${String(a[f])} != ${String(b[f])}`;
  }
  return null;
}
