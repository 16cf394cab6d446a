// Cases for docs/isa.md §2 (decoding: #UD for undefined bytes and broken shapes),
// §3.11 (system instructions), §4 (privilege) and §9 (physical memory map).

import { OPCODES, encodingOf, opcodeAt, type Opcode } from '../../../tools/isa/opcodes.ts';
import { assemble, encodeFields, type RawFields } from '../encode.ts';
import { StopReason } from '../../../emu/cpu-state.ts';
import type { IsaCase } from '../run-case.ts';
import { faultCase, one } from './builders.ts';
import {
  CODE, DATA, IDT_STATE, KERNEL_STACK_TOP, dwords, flags, frameOnStack, handlerOf, idt, bytesAt,
} from './layout.ts';

const db = (bytes: number[]): string => `db ${bytes.join(', ')}`;

/** A well-shaped encoding of any table entry (memory operands point at DATA). */
function validEncoding(op: Opcode): number[] {
  const enc = encodingOf(op);
  const fields: RawFields = { immediate: 0 };
  if (enc.modrm === 'mem' || enc.modrm === 'reg+mem') {
    fields.modrm = { mod: 0, reg: 0, rm: 5 };
    fields.displacement = { bytes: 4, value: DATA };
  } else if (enc.modrm !== 'none') {
    fields.modrm = { mod: 3, reg: 0, rm: 0 };
  }
  return encodeFields(op, fields);
}

function undefinedByteCases(): IsaCase[] {
  const out: IsaCase[] = [];
  for (let b = 0; b < 256; b++) {
    if (opcodeAt(b)) continue;
    out.push(faultCase(`undefined byte 0x${b.toString(16).padStart(2, '0')} is #UD`, '2', db([b, 0, 0, 0]), {}, 6,
      { expect: { state: { cycles: 40 } } }));
  }
  return out;
}

function shapeCases(): IsaCase[] {
  const out: IsaCase[] = [];
  const ud = (name: string, op: Opcode, fields: RawFields): void => {
    out.push(faultCase(`${op.mnemonic} ${op.operands.join(',')}: ${name} is #UD`, '2',
      db(encodeFields(op, { immediate: 0, ...fields })), {}, 6));
  };
  for (const op of OPCODES) {
    const enc = encodingOf(op);
    if (enc.modrm === 'rm') ud('reg = 001', op, { modrm: { mod: 3, reg: 1, rm: 0 } });
    if (enc.modrm === 'mem') {
      ud('mod = 11', op, { modrm: { mod: 3, reg: 0, rm: 0 } });
      ud('reg = 111', op, { modrm: { mod: 0, reg: 7, rm: 5 }, displacement: { bytes: 4, value: DATA } });
    }
    if (enc.modrm === 'reg+mem') ud('mod = 11', op, { modrm: { mod: 3, reg: 0, rm: 0 } });
    if (enc.modrm === 'cr') {
      ud('mod = 00', op, { modrm: { mod: 0, reg: 0, rm: 5 }, displacement: { bytes: 4, value: DATA } });
      for (const reg of [1, 5, 6, 7]) ud(`control register ${reg}`, op, { modrm: { mod: 3, reg, rm: 0 } });
    }
  }
  return out;
}

/** §3.11, §4: every privileged entry raises #GP(0) at CPL 3, delivered on the kernel stack. */
function privilegeCases(): IsaCase[] {
  return OPCODES.filter((op) => op.privileged).map((op): IsaCase => ({
    name: `${op.mnemonic} ${op.operands.join(',')} at CPL 3 is #GP(0)`,
    section: '4',
    memory: idt(),
    code: validEncoding(op),
    state: { ...IDT_STATE, cpl: 3, esp: 0x7000, ksp: KERNEL_STACK_TOP, eflags: flags('IF') },
    steps: 1,
    expect: {
      state: { eip: handlerOf(13), cpl: 0, esp: KERNEL_STACK_TOP - 20, eflags: flags(), cycles: 60, instructions: 0 },
      counters: { exceptions: { 13: 1 }, exceptionSwitches: 1, userCycles: 0, kernelCycles: 60 },
      memory: [{
        address: KERNEL_STACK_TOP - 20,
        bytes: frameOnStack({ errorCode: 0, eip: CODE, cs: 0x1b, eflags: flags('IF'), userEsp: 0x7000 }),
      }],
    },
  }));
}

const IRQ = 0x20;
const MOV_TO_CR = OPCODES.find((o) => o.mnemonic === 'mov' && o.operands[0] === 'cr')!;

export const SYSTEM_CASES: IsaCase[] = [
  ...undefinedByteCases(),
  ...shapeCases(),
  ...privilegeCases(),
  faultCase('an undefined control register at CPL 3 is #UD, not #GP', '5.1',
    db(encodeFields(MOV_TO_CR, { modrm: { mod: 3, reg: 1, rm: 0 } })), { cpl: 3, ksp: KERNEL_STACK_TOP }, 6),

  // cli / sti / hlt
  one('cli', '3.11', 'cli', { eflags: flags('IF CF') }, { eflags: flags('CF'), cycles: 2 }),
  one('sti', '3.11', 'sti', {}, { eflags: flags('IF'), cycles: 2 }),
  one('hlt with IF = 1 halts after the instruction', '3.11', 'hlt', { eflags: flags('IF') },
    { halted: true, eip: CODE + 1, cycles: 2, instructions: 1 }, { expect: { stop: StopReason.Halted } }),
  one('a halted CPU with nothing pending spends no cycles', '3.11', 'hlt', { eflags: flags('IF') },
    { halted: true, eip: CODE + 1, cycles: 2, instructions: 1 }, { steps: 4, expect: { stop: StopReason.Halted } }),
  one('hlt with IF = 0 stops for good', '3.11', 'hlt', {}, { halted: true, eip: CODE + 1 }, { expect: { stop: StopReason.Dead } }),
  {
    name: 'an interrupt wakes hlt and returns after it; halted time is idle', section: '3.11',
    memory: idt(), code: assemble('hlt'),
    state: { ...IDT_STATE, eflags: flags('IF') }, irqs: [{ vector: IRQ, beforeStep: 2 }], idleCyclesWhenHalted: 50, steps: 3,
    expect: {
      stop: null,
      state: { eip: handlerOf(IRQ), halted: false, esp: 0x8000 - 12, eflags: flags(), cycles: 142, instructions: 1 },
      counters: { idleCycles: 100, kernelCycles: 42, interrupts: { [IRQ]: 1 }, irqSwitches: 0 },
      memory: [{ address: 0x8000 - 12, bytes: frameOnStack({ eip: CODE + 1, cs: 0x08, eflags: flags('IF') }) }],
    },
  },
  one('sti shadow: the instruction after sti runs before the interrupt', '3.11', ['sti', 'nop', 'nop'], { ...IDT_STATE },
    { eip: handlerOf(IRQ + 1), instructions: 2, cycles: 43 },
    { memory: idt(), irqs: [{ vector: IRQ + 1, beforeStep: 0 }],
      expect: { memory: [{ address: 0x8000 - 12, bytes: frameOnStack({ eip: CODE + 2, cs: 0x08, eflags: flags('IF') }) }] } }),
  one('sti with IF already 1 opens no shadow', '3.11', ['sti', 'nop'], { ...IDT_STATE, eflags: flags('IF') },
    { eip: handlerOf(IRQ), instructions: 1, cycles: 42 },
    { memory: idt(), irqs: [{ vector: IRQ, beforeStep: 1 }],
      expect: { memory: [dwords(0x8000 - 12, CODE + 1)] } }),
  one('sti; hlt cannot lose a wake-up', '3.11', ['sti', 'hlt', 'nop'], { ...IDT_STATE },
    { eip: handlerOf(IRQ), halted: false, instructions: 2, cycles: 44 },
    { memory: idt(), irqs: [{ vector: IRQ, beforeStep: 0 }], expect: { memory: [dwords(0x8000 - 12, CODE + 2)] } }),
  one('interrupts are not recognised with IF = 0', '3.11', 'nop', { ...IDT_STATE }, { eip: CODE + 1, cycles: 1 },
    { memory: idt(), irqs: [{ vector: IRQ, beforeStep: 0 }], counters: { interrupts: {} } }),

  // in / out
  one('in al, dx', '3.11', 'in al, dx', { edx: 0xffff03f8, eax: 0xffffffff }, { eax: 0xffffff41, cycles: 30 },
    { ports: { 0x3f8: 0x41 } }),
  one('in ax, dx', '3.11', 'in ax, dx', { edx: 0x1f0, eax: 0x12345678 }, { eax: 0x1234beef }, { ports: { 0x1f0: 0xbeef } }),
  one('in eax, dx', '3.11', 'in eax, dx', { edx: 0xc000 }, { eax: 0xcafef00d }, { ports: { 0xc000: 0xcafef00d } }),
  one('in al, imm8', '3.11', 'in al, 0x40', {}, { eax: 0x12, eip: CODE + 2, cycles: 30 }, { ports: { 0x40: 0x12 } }),
  one('in eax, imm8', '3.11', 'in eax, 0x41', {}, { eax: 0x87654321 }, { ports: { 0x41: 0x87654321 } }),
  one('in from an unassigned port reads all ones', '3.11', 'in al, dx', { edx: 0x999, eax: 0x12345600 }, { eax: 0x123456ff }),
  one('out dx, al', '3.11', 'out dx, al', { edx: 0x3f8, eax: 0x12345678 }, { cycles: 30 },
    { expect: { portWrites: [{ port: 0x3f8, size: 1, value: 0x78 }] } }),
  one('out dx, ax', '3.11', 'out dx, ax', { edx: 0x1f0, eax: 0x12345678 }, {},
    { expect: { portWrites: [{ port: 0x1f0, size: 2, value: 0x5678 }] } }),
  one('out dx, eax', '3.11', 'out dx, eax', { edx: 0x500, eax: 0x12345678 }, {},
    { expect: { portWrites: [{ port: 0x500, size: 4, value: 0x12345678 }] } }),
  one('out imm8, al', '3.11', 'out 0x80, al', { eax: 0x1ff }, { eip: CODE + 2 },
    { expect: { portWrites: [{ port: 0x80, size: 1, value: 0xff }] } }),
  one('out imm8, eax', '3.11', 'out 0x81, eax', { eax: 0xdeadbeef }, {},
    { expect: { portWrites: [{ port: 0x81, size: 4, value: 0xdeadbeef }] } }),

  // control registers
  one('mov cr3 keeps bits 12-31 and flushes', '3.11', 'mov cr3, eax', { eax: 0x12345fff }, { cr3: 0x12345000, cycles: 10 },
    { counters: { cr3Loads: 1, tlbFlushes: 1 } }),
  one('mov r32, cr3', '3.11', 'mov ebx, cr3', { cr3: 0x5000 }, { ebx: 0x5000, cycles: 2 }),
  one('mov cr0 keeps only PG and WP', '3.11', 'mov cr0, eax', { eax: 0x7fffffff }, { cr0: 0x10000, cycles: 10 },
    { counters: { tlbFlushes: 1, cr3Loads: 0 } }),
  one('mov cr0 without a PG/WP change does not flush', '3.11', 'mov cr0, eax', { eax: 0x10001, cr0: 0x10000 },
    { cr0: 0x10000 }, { counters: { tlbFlushes: 0 } }),
  one('mov cr2 and ksp just set', '3.11', ['mov cr2, eax', 'mov ksp, ebx', 'mov ecx, ksp', 'mov edx, cr2'],
    { eax: 0x1234, ebx: 0x9000 }, { cr2: 0x1234, ksp: 0x9000, ecx: 0x9000, edx: 0x1234, cycles: 24 },
    { counters: { tlbFlushes: 0 } }),
  one('mov r32, cr0', '3.11', 'mov esi, cr0', { cr0: 0x10000 }, { esi: 0x10000 }),
  one('invlpg counts, makes no access, costs no surcharge', '3.11', 'invlpg [0x30000]', {}, { cycles: 15 },
    { counters: { invlpg: 1, tlbFlushes: 0 } }),
  one('lidt reads limit then base', '3.11', 'lidt [0x4000]', {}, { idtLimit: 0x7ff, idtBase: 0x1000, cycles: 11 },
    { memory: [bytesAt(DATA, [0xff, 0x07, 0x00, 0x10, 0x00, 0x00])] }),

  // §9 physical memory map (RAM is 128 KiB in these cases)
  one('unmapped physical memory reads 0xFF', '9', 'mov eax, [0x30000]', {}, { eax: 0xffffffff }),
  one('writes to unmapped physical memory are ignored', '9', ['mov [0x30000], ebx', 'mov eax, [0x30000]'], { ebx: 0 },
    { eax: 0xffffffff }),
  one('an access straddling the end of RAM', '9', 'mov eax, [0x1fffe]', {}, { eax: 0xffff2211 },
    { memory: [bytesAt(0x1fffe, [0x11, 0x22])] }),
  faultCase('executing unmapped memory fetches 0xFF: #UD', '9', ['jmp eax', 'nop'], { eax: 0x30000 }, 6,
    { expect: { state: { instructions: 1 }, memory: [dwords(0x8000 - 12, 0x30000)] } }),
];
