// Cases for docs/isa.md §5 (interrupts and exceptions): int n through gates of
// DPL 0 and 3, bad gates (#GP), #DF, triple fault, hardware interrupts from
// either ring, and iret (§5.4) to ring 0 and ring 3 and back.

import { StopReason } from '../../../emu/cpu-state.ts';
import type { IsaCase } from '../run-case.ts';
import { one } from './builders.ts';
import {
  CODE, IDT_STATE, KERNEL_STACK_TOP, STACK_TOP, dwords, flags, frameOnStack, handlerOf, idt, type GateOptions,
} from './layout.ts';

const USER_ESP = 0x7000;
const KSP = KERNEL_STACK_TOP;

/** A case with the IDT loaded (gate overrides allowed). */
function withIdt(testCase: IsaCase, gates: Record<number, GateOptions> = {}): IsaCase {
  return { ...testCase, memory: [...idt(gates), ...(testCase.memory ?? [])], state: { ...IDT_STATE, ...testCase.state } };
}

const userState = { cpl: 3 as const, esp: USER_ESP, ksp: KSP, eflags: flags('IF') };

export const INTERRUPT_CASES: IsaCase[] = [
  withIdt(one('int n through a DPL 0 interrupt gate at CPL 0', '5.3', 'int 0x21', { eflags: flags('IF CF') },
    { eip: handlerOf(0x21), esp: STACK_TOP - 12, eflags: flags('CF'), cpl: 0, cycles: 40, instructions: 1 },
    { counters: { softInts: { 0x21: 1 }, kernelCycles: 40, syscallSwitches: 0 },
      expect: { memory: [{ address: STACK_TOP - 12, bytes: frameOnStack({ eip: CODE + 2, cs: 0x08, eflags: flags('IF CF') }) }] } })),
  withIdt(one('int n through a trap gate keeps IF', '5.3', 'int 0x22', { eflags: flags('IF') },
    { eip: handlerOf(0x22), eflags: flags('IF') }), { 0x22: { trap: true } }),
  withIdt(one('int n from CPL 3 through a DPL 3 gate switches to ksp', '5.3', 'int 0x80', userState,
    { eip: handlerOf(0x80), cpl: 0, esp: KSP - 16, eflags: flags(), cycles: 60, instructions: 1 },
    { counters: { softInts: { 0x80: 1 }, syscallSwitches: 1, userCycles: 0, kernelCycles: 60 },
      expect: { memory: [{ address: KSP - 16,
        bytes: frameOnStack({ eip: CODE + 2, cs: 0x1b, eflags: flags('IF'), userEsp: USER_ESP }) }] } }),
  { 0x80: { dpl: 3 } }),
  withIdt(one('int n from CPL 3 through a DPL 0 gate is #GP(n*8+2) at the int', '5.3', 'int 0x21', userState,
    { eip: handlerOf(13), cpl: 0, esp: KSP - 20, cycles: 60, instructions: 0 },
    { counters: { exceptions: { 13: 1 }, softInts: {}, exceptionSwitches: 1, syscallSwitches: 0 },
      expect: { memory: [{ address: KSP - 20,
        bytes: frameOnStack({ errorCode: 0x21 * 8 + 2, eip: CODE, cs: 0x1b, eflags: flags('IF'), userEsp: USER_ESP }) }] } })),
  withIdt(one('int n past the IDT limit is #GP(n*8+2)', '5.3', 'int 0x21', { idtLimit: 0x107 },
    { eip: handlerOf(13), esp: STACK_TOP - 16, instructions: 0, cycles: 40 },
    { counters: { exceptions: { 13: 1 } }, expect: { memory: [dwords(STACK_TOP - 16, 0x10a, CODE, 0x08)] } })),
  withIdt(one('int n at exactly the IDT limit is delivered', '5.3', 'int 0x21', { idtLimit: 0x10f },
    { eip: handlerOf(0x21) }, { counters: { softInts: { 0x21: 1 } } })),
  withIdt(one('int n through a gate that is not present is #GP(n*8+2)', '5.3', 'int 0x30', {},
    { eip: handlerOf(13) }, { counters: { exceptions: { 13: 1 } }, expect: { memory: [dwords(STACK_TOP - 16, 0x182)] } }),
  { 0x30: { present: false } }),
  withIdt(one('a bad #GP gate while replacing a bad gate is #DF(0)', '5.3', 'int 0x30', {},
    { eip: handlerOf(8), esp: STACK_TOP - 16, cycles: 40, instructions: 0 },
    { counters: { exceptions: { 8: 1 } }, expect: { memory: [dwords(STACK_TOP - 16, 0, CODE, 0x08, 0x2)] } }),
  { 0x30: { present: false }, 13: { present: false } }),
  withIdt(one('#UD with a bad gate becomes #GP(6*8+2) at the faulting instruction', '5.3', 'ud2', {},
    { eip: handlerOf(13) }, { counters: { exceptions: { 13: 1 } }, expect: { memory: [dwords(STACK_TOP - 16, 0x32, CODE)] } }),
  { 6: { present: false } }),
  withIdt(one('a fault while delivering #DF is a triple fault: nothing changes', '5.3', 'ud2', { eflags: flags('IF') },
    { eip: CODE, esp: STACK_TOP, eflags: flags('IF'), cpl: 0, cycles: 0, instructions: 0 },
    { counters: { exceptions: {} }, expect: { stop: StopReason.TripleFault } }),
  { 6: { present: false }, 13: { present: false }, 8: { present: false } }),
  one('with IDT limit 0 every exception is a triple fault', '5.3', ['nop', 'ud2', 'nop'], {},
    { eip: CODE + 1, instructions: 1, cycles: 1 }, { steps: 5, expect: { stop: StopReason.TripleFault } }),
  withIdt(one('#UD from CPL 3 pushes no error code', '5.3', 'ud2', userState,
    { eip: handlerOf(6), cpl: 0, esp: KSP - 16, cycles: 60 },
    { counters: { exceptions: { 6: 1 }, exceptionSwitches: 1, kernelCycles: 60, userCycles: 0 },
      expect: { memory: [{ address: KSP - 16, bytes: frameOnStack({ eip: CODE, cs: 0x1b, eflags: flags('IF'), userEsp: USER_ESP }) }] } })),
  withIdt(one('a hardware interrupt at CPL 0 pushes the interrupted eip', '5.3', ['nop'], { eflags: flags('IF') },
    { eip: handlerOf(0x20), esp: STACK_TOP - 12, eflags: flags(), cycles: 40, instructions: 0 },
    { irqs: [{ vector: 0x20, beforeStep: 0 }], counters: { interrupts: { 0x20: 1 }, irqSwitches: 0 },
      expect: { memory: [dwords(STACK_TOP - 12, CODE, 0x08, flags('IF'))] } })),
  withIdt(one('a hardware interrupt at CPL 3 enters the kernel', '5.3', ['nop', 'nop'], userState,
    { eip: handlerOf(0x24), cpl: 0, esp: KSP - 16, cycles: 61, instructions: 1 },
    { irqs: [{ vector: 0x24, beforeStep: 1 }], counters: { interrupts: { 0x24: 1 }, irqSwitches: 1, userCycles: 1, kernelCycles: 60 },
      expect: { memory: [dwords(KSP - 16, CODE + 1, 0x1b, flags('IF'), USER_ESP)] } })),
  withIdt(one('a hardware interrupt through a trap gate keeps IF', '5.3', ['nop'], { eflags: flags('IF') },
    { eip: handlerOf(0x25), eflags: flags('IF') }, { irqs: [{ vector: 0x25, beforeStep: 0 }] }), { 0x25: { trap: true } }),

  // §5.4 iret
  one('iret to CPL 0', '5.4', 'iret', { esp: 0x7ff4 }, { eip: 0x3000, esp: 0x8000, eflags: flags('IF CF'), cpl: 0, cycles: 20 },
    { memory: [dwords(0x7ff4, 0x3000, 0x08, flags('IF CF'))], counters: { returnsToUser: 0 } }),
  one('iret to CPL 3 pops esp', '5.4', 'iret', { esp: 0x7ff0 }, { eip: 0x3000, esp: 0x6000, eflags: flags('IF'), cpl: 3, cycles: 30 },
    { memory: [dwords(0x7ff0, 0x3000, 0x1b, flags('IF'), 0x6000)], counters: { returnsToUser: 1, kernelCycles: 30, userCycles: 0 } }),
  one('iret loads eflags whole', '5.4', 'iret', { esp: 0x7ff4 }, { eflags: 0xec3 },
    { memory: [dwords(0x7ff4, 0x3000, 0x08, 0xffffffff)] }),
  one('iret uses the low two bits of CS', '5.4', 'iret', { esp: 0x7ff0 }, { cpl: 3, esp: 0x6000 },
    { memory: [dwords(0x7ff0, 0x3000, 0x03, 0x2, 0x6000)] }),
  withIdt(one('iret to RPL 1 is #GP(0), nothing popped', '5.4', 'iret', { esp: 0x7ff4 },
    { eip: handlerOf(13), esp: 0x7ff4 - 16, cpl: 0, instructions: 0, cycles: 40 },
    { memory: [dwords(0x7ff4, 0x3000, 0x09, 0x2)], expect: { memory: [dwords(0x7ff4 - 16, 0, CODE, 0x08, 0x2, 0x3000, 0x09)] } })),
  withIdt(one('iret at CPL 3 is #GP(0)', '5.4', 'iret', userState, { eip: handlerOf(13), cpl: 0 },
    { counters: { exceptions: { 13: 1 }, returnsToUser: 0 } })),
  withIdt(one('iret to ring 3 and int back to ring 0', '5.4', ['iret', 'nop', 'int 0x80'], { esp: 0x7ff0, ksp: KSP },
    { eip: handlerOf(0x80), cpl: 0, esp: KSP - 16, eflags: flags(), cycles: 91, instructions: 3 },
    { memory: [dwords(0x7ff0, CODE + 1, 0x1b, flags('IF'), 0x6000)],
      counters: { userCycles: 1, kernelCycles: 90, returnsToUser: 1, syscallSwitches: 1, softInts: { 0x80: 1 } },
      expect: { memory: [dwords(KSP - 16, CODE + 4, 0x1b, flags('IF'), 0x6000)] } }),
  { 0x80: { dpl: 3 } }),
];
