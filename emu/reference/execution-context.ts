// What an executor sees while it carries out one instruction (docs/isa.md §3).
//
// The CPU (reference-cpu.ts) builds one ExecutionContext per instruction and
// passes it to the executor of the instruction's section. The executor reads
// and writes architectural state through `regs` and `mmu`, and reports the
// instruction's effects on the machine through the mutable fields:
//
//   nextEip            where execution continues (default: the next instruction)
//   extraCycles        dynamic cycle terms other than page walks (§8): jcc taken,
//                      rep elements completed, iret to CPL 3
//   softwareInterrupt  int n: the vector to deliver once the instruction completes
//   startsStiShadow    sti changed IF from 0 to 1 (§3.11)
//   accessedPort       in/out ran (the bus may then ask run() to stop)
//   resolvedRm         the r/m operand once operands.ts has translated it
//
// Rule for every executor (§5.1, precise faults): do every access that can
// fault first, then change registers; memory is written only through spans
// that were already translated.

import type { CpuCounters } from '../cpu-state.ts';
import type { ReferenceBus } from './bus.ts';
import type { Instruction } from './decode.ts';
import type { Location } from './operands.ts';
import type { Registers } from './registers.ts';
import type { Translation } from './translation.ts';

export interface ExecutionContext {
  readonly regs: Registers;
  readonly mmu: Translation;
  readonly counters: CpuCounters;
  readonly bus: ReferenceBus;
  readonly insn: Instruction;
  /** The cycle counter at the start of this instruction (rdtsc, §3.10). */
  readonly cyclesAtStart: bigint;
  nextEip: number;
  extraCycles: number;
  softwareInterrupt: number | null;
  startsStiShadow: boolean;
  accessedPort: boolean;
  resolvedRm: Location | null;
}

export type Executor = (ctx: ExecutionContext) => void;
