// Every data-driven ISA case, for any CPU implementation (run them with run-case.ts).
//
// Each case names the docs/isa.md section it checks; its expectations were
// worked out by hand from that section, not recorded from an implementation.

import type { IsaCase } from './run-case.ts';
import { ALU_CASES } from './cases/alu.ts';
import { CONTROL_CASES } from './cases/control.ts';
import { DATA_CASES } from './cases/data.ts';
import { INTERRUPT_CASES } from './cases/interrupts.ts';
import { PAGING_CASES } from './cases/paging.ts';
import { SYSTEM_CASES } from './cases/system.ts';
import { TLB_CASES } from './cases/tlb.ts';

export const ISA_CASES: IsaCase[] = [
  ...DATA_CASES,
  ...ALU_CASES,
  ...CONTROL_CASES,
  ...SYSTEM_CASES,
  ...INTERRUPT_CASES,
  ...PAGING_CASES,
  ...TLB_CASES,
];
