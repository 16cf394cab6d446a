// Cases for docs/isa.md §3.3 (ALU and flags), §3.4 (multiply and divide),
// §3.5 (shifts and rotates) and §3.6 (bit scan). Flag expectations are the
// tables of those sections applied by hand.

import type { IsaCase } from '../run-case.ts';
import { faultCase, one } from './builders.ts';
import { CODE, DATA, STACK_TOP, dwords, flags, frameOnStack } from './layout.ts';

/** `op eax, ebx` from eax = a, ebx = b and the given flags; expects eax = result and exactly `after` flags. */
function alu(name: string, op: string, a: number, b: number, result: number, after: string, before = ''): IsaCase {
  return one(`${op} ${name}`, '3.3', `${op} eax, ebx`, { eax: a, ebx: b, eflags: flags(before) },
    { eax: result, ebx: b, eflags: flags(after), cycles: 1 });
}

function unary(name: string, op: string, a: number, result: number, after: string, before = ''): IsaCase {
  return one(`${op} ${name}`, '3.3', `${op} eax`, { eax: a, eflags: flags(before) },
    { eax: result, eflags: flags(after), cycles: 1 });
}

function shift(name: string, source: string, x: number, result: number, after: string, before = '', ecx = 0): IsaCase {
  return one(`${source} ${name}`, '3.5', source, { eax: x, ecx, eflags: flags(before) },
    { eax: result, eflags: flags(after), cycles: 1 });
}

const ALL = 'CF ZF SF OF';

export const ALU_CASES: IsaCase[] = [
  // §3.3 add / adc
  alu('small', 'add', 1, 1, 2, '', ALL),
  alu('carry to zero', 'add', 0xffffffff, 1, 0, 'CF ZF'),
  alu('signed overflow', 'add', 0x7fffffff, 1, 0x80000000, 'OF SF'),
  alu('carry and overflow', 'add', 0x80000000, 0x80000000, 0, 'CF OF ZF'),
  alu('carry, negative', 'add', 0xffffffff, 0xffffffff, 0xfffffffe, 'CF SF'),
  alu('carry in to zero', 'adc', 0xffffffff, 0, 0, 'CF ZF', 'CF'),
  alu('carry in overflows', 'adc', 0x7fffffff, 0, 0x80000000, 'OF SF', 'CF'),
  alu('carry in with all ones', 'adc', 0xffffffff, 0xffffffff, 0xffffffff, 'CF SF', 'CF'),
  alu('no carry in', 'adc', 1, 1, 2, ''),
  // sub / sbb / cmp
  alu('to zero', 'sub', 5, 5, 0, 'ZF'),
  alu('borrow', 'sub', 0, 1, 0xffffffff, 'CF SF'),
  alu('signed overflow down', 'sub', 0x80000000, 1, 0x7fffffff, 'OF'),
  alu('borrow and overflow', 'sub', 0x7fffffff, 0xffffffff, 0x80000000, 'CF OF SF'),
  alu('borrow in from zero', 'sbb', 0, 0, 0xffffffff, 'CF SF', 'CF'),
  alu('borrow in to zero', 'sbb', 5, 4, 0, 'ZF', 'CF'),
  alu('borrow in overflows', 'sbb', 0x80000000, 0, 0x7fffffff, 'OF', 'CF'),
  alu('borrow in with equal operands', 'sbb', 0xffffffff, 0xffffffff, 0xffffffff, 'CF SF', 'CF'),
  alu('without borrow in', 'sbb', 0xffffffff, 0xffffffff, 0, 'ZF'),
  alu('smaller: not written', 'cmp', 3, 5, 3, 'CF SF'),
  alu('equal', 'cmp', 7, 7, 7, 'ZF', 'CF'),
  alu('signed overflow', 'cmp', 0x80000000, 1, 0x80000000, 'OF'),
  // logic
  alu('to zero clears CF OF', 'and', 0xf0f0f0f0, 0x0f0f0f0f, 0, 'ZF', 'CF OF'),
  alu('negative', 'or', 0x80000000, 1, 0x80000001, 'SF', 'CF OF ZF'),
  alu('self', 'xor', 0x1234, 0x1234, 0, 'ZF', 'CF SF'),
  alu('not written', 'test', 0x80000001, 0x80000000, 0x80000001, 'SF', 'CF OF'),
  one('test r/m8, imm8 uses bit 7', '3.3', 'test al, 0x80', { eax: 0x180 }, { eax: 0x180, eflags: flags('SF') }),
  one('test r/m8, imm8 zero', '3.3', 'test bl, 0x0f', { ebx: 0xfff0 }, { eflags: flags('ZF') }),
  one('cmp r/m8, imm8 borrow', '3.3', 'cmp bl, 1', { ebx: 0x100 }, { ebx: 0x100, eflags: flags('CF SF') }),
  one('cmp r/m8, imm8 overflow', '3.3', 'cmp bl, 0x80', { ebx: 0xffffff7f }, { eflags: flags('CF OF SF') }),
  one('cmp r/m8, imm8 equal', '3.3', 'cmp byte [0x4000], 0x42', {}, { eflags: flags('ZF'), cycles: 2 },
    { memory: [dwords(DATA, 0xffffff42)] }),
  // immediate and memory forms
  one('add r/m32, simm8 sign-extends', '3.3', 'add eax, -1', { eax: 5 }, { eax: 4, eflags: flags('CF'), eip: CODE + 3 }),
  one('add r/m32, imm32', '3.3', 'add eax, 0x12345', { eax: 1 }, { eax: 0x12346, eip: CODE + 6 }),
  one('add r32, r/m32 from memory', '3.3', 'add eax, [0x4000]', { eax: 1 }, { eax: 3, cycles: 2 },
    { memory: [dwords(DATA, 2)] }),
  one('add r/m32, imm to memory costs +2', '3.3', 'add dword [0x4000], 1', {}, { eflags: flags('CF ZF'), cycles: 3 },
    { memory: [dwords(DATA, 0xffffffff)], expect: { memory: [dwords(DATA, 0)] } }),
  one('cmp r/m32, r32 with memory costs +1 and writes nothing', '3.3', 'cmp [0x4000], eax', { eax: 9 },
    { eflags: flags('ZF'), cycles: 2 }, { memory: [dwords(DATA, 9)], expect: { memory: [dwords(DATA, 9)] } }),
  // not neg inc dec
  unary('changes no flag', 'not', 0x0f0f0f0f, 0xf0f0f0f0, 'CF ZF', 'CF ZF'),
  unary('of zero', 'neg', 0, 0, 'ZF', 'CF OF SF'),
  unary('of one', 'neg', 1, 0xffffffff, 'CF SF'),
  unary('of 0x80000000', 'neg', 0x80000000, 0x80000000, 'CF OF SF'),
  unary('wraps to zero, CF kept', 'inc', 0xffffffff, 0, 'CF ZF', 'CF'),
  unary('overflows', 'inc', 0x7fffffff, 0x80000000, 'OF SF'),
  unary('wraps to -1, CF kept clear', 'dec', 0, 0xffffffff, 'SF', 'ZF'),
  unary('overflows', 'dec', 0x80000000, 0x7fffffff, 'CF OF', 'CF SF'),
  unary('to zero', 'dec', 1, 0, 'CF ZF', 'CF'),
  one('inc r/m32 in memory costs +2', '3.3', 'inc dword [0x4000]', {}, { cycles: 3 },
    { memory: [dwords(DATA, 41)], expect: { memory: [dwords(DATA, 42)] } }),

  // §3.4 multiply
  one('mul: 32-bit result', '3.4', 'mul ebx', { eax: 3, ebx: 4, edx: 9, eflags: flags(ALL) },
    { eax: 12, edx: 0, eflags: flags(), cycles: 4 }),
  one('mul: edx nonzero sets CF OF; ZF from eax', '3.4', 'mul ebx', { eax: 0x80000000, ebx: 2 },
    { eax: 0, edx: 1, eflags: flags('CF OF ZF') }),
  one('mul: largest product', '3.4', 'mul ebx', { eax: 0xffffffff, ebx: 0xffffffff },
    { eax: 1, edx: 0xfffffffe, eflags: flags('CF OF') }),
  one('mul r/m32 from memory costs +1', '3.4', 'mul dword [0x4000]', { eax: 6 }, { eax: 42, cycles: 5 },
    { memory: [dwords(DATA, 7)] }),
  one('imul r/m32: -1 * 1 fits', '3.4', 'imul ebx', { eax: 0xffffffff, ebx: 1 },
    { eax: 0xffffffff, edx: 0xffffffff, eflags: flags('SF') }),
  one('imul r/m32: 2^31 does not fit', '3.4', 'imul ebx', { eax: 0x40000000, ebx: 2 },
    { eax: 0x80000000, edx: 0, eflags: flags('CF OF SF') }),
  one('imul r/m32: -2^31 * -1', '3.4', 'imul ebx', { eax: 0x80000000, ebx: 0xffffffff },
    { eax: 0x80000000, edx: 0, eflags: flags('CF OF SF') }),
  one('imul r32, r/m32', '3.4', 'imul ecx, edx', { ecx: 0xfffffffd, edx: 7, eflags: flags('CF OF') },
    { ecx: 0xffffffeb, edx: 7, eflags: flags('SF'), cycles: 4 }),
  one('imul r32, r/m32 truncates', '3.4', 'imul ecx, edx', { ecx: 0x10000, edx: 0x10000 },
    { ecx: 0, eflags: flags('CF OF ZF') }),
  one('imul r32, r/m32, imm32', '3.4', 'imul eax, ebx, 0x10000', { ebx: 3 }, { eax: 0x30000, eip: CODE + 6 }),
  one('imul r32, r/m32, simm8', '3.4', 'imul eax, ebx, -2', { ebx: 5 }, { eax: 0xfffffff6, eflags: flags('SF'), eip: CODE + 3 }),
  one('imul r32, r/m32, imm overflows', '3.4', 'imul eax, ebx, 4', { ebx: 0x40000000 }, { eax: 0, eflags: flags('CF OF ZF') }),
  // divide
  one('div', '3.4', 'div ebx', { eax: 100, edx: 0, ebx: 7, eflags: flags('CF SF') },
    { eax: 14, edx: 2, eflags: flags('CF SF'), cycles: 22 }),
  one('div with a high dividend', '3.4', 'div ebx', { eax: 0, edx: 1, ebx: 2 }, { eax: 0x80000000, edx: 0 }),
  one('div: largest quotient', '3.4', 'div ebx', { eax: 0xffffffff, edx: 0xfffffffe, ebx: 0xffffffff },
    { eax: 0xffffffff, edx: 0xfffffffe }),
  one('idiv: negative dividend', '3.4', 'idiv ebx', { eax: 0xfffffff9, edx: 0xffffffff, ebx: 2 },
    { eax: 0xfffffffd, edx: 0xffffffff }),
  one('idiv: negative divisor', '3.4', 'idiv ebx', { eax: 7, edx: 0, ebx: 0xfffffffe }, { eax: 0xfffffffd, edx: 1 }),
  one('idiv: quotient -2^31 fits', '3.4', 'idiv ebx', { eax: 0, edx: 0xffffffff, ebx: 2 }, { eax: 0x80000000, edx: 0 }),
  faultCase('div by zero is #DE, nothing changes', '3.4', 'div ebx', { eax: 5, edx: 6, ebx: 0, eflags: flags('CF') }, 0, {
    expect: {
      state: { eax: 5, edx: 6, esp: STACK_TOP - 12, eflags: flags('CF'), cycles: 40 },
      memory: [{ address: STACK_TOP - 12, bytes: frameOnStack({ eip: CODE, cs: 0x08, eflags: flags('CF') }) }],
    },
  }),
  faultCase('div quotient of 2^32 is #DE', '3.4', 'div ebx', { eax: 0, edx: 2, ebx: 2 }, 0, { expect: { state: { eax: 0, edx: 2 } } }),
  faultCase('div quotient of 2^32+1 is #DE', '3.4', 'div ebx', { eax: 0xffffffff, edx: 0xffffffff, ebx: 0xffffffff }, 0),
  faultCase('idiv by zero is #DE', '3.4', 'idiv ecx', { eax: 1 }, 0),
  faultCase('idiv -2^31 / -1 is #DE', '3.4', 'idiv ebx', { eax: 0x80000000, edx: 0xffffffff, ebx: 0xffffffff }, 0,
    { expect: { state: { eax: 0x80000000, edx: 0xffffffff } } }),
  faultCase('idiv quotient 2^31 is #DE', '3.4', 'idiv ebx', { eax: 0, edx: 1, ebx: 2 }, 0),
  one('cdq negative', '3.4', 'cdq', { eax: 0x80000000 }, { edx: 0xffffffff, cycles: 1 }),
  one('cdq positive', '3.4', 'cdq', { eax: 0x7fffffff, edx: 5 }, { edx: 0 }),

  // §3.5 shifts and rotates (x = 0x80000001 unless stated)
  shift('by 0 changes nothing', 'shl eax, 0', 0x80000001, 0x80000001, ALL, ALL),
  shift('by cl = 32 (masked to 0) changes nothing', 'shl eax, cl', 0x80000001, 0x80000001, 'ZF', 'ZF', 32),
  shift('by 1', 'shl eax, 1', 0x80000001, 2, 'CF OF'),
  shift('by cl = 33 (masked to 1)', 'shl eax, cl', 0x80000001, 2, 'CF OF', '', 33),
  shift('by 31', 'shl eax, 31', 0x80000001, 0x80000000, 'OF SF'),
  shift('by 31, CF from bit 1', 'shl eax, 31', 3, 0x80000000, 'CF SF'),
  shift('by 1', 'shr eax, 1', 0x80000001, 0x40000000, 'CF OF'),
  shift('by 31', 'shr eax, 31', 0x80000001, 1, 'OF'),
  shift('by 31 to zero', 'shr eax, 31', 0x40000000, 0, 'CF ZF'),
  shift('by 0 changes nothing', 'shr eax, cl', 0x80000001, 0x80000001, 'CF', 'CF', 0),
  shift('by 1', 'sar eax, 1', 0x80000001, 0xc0000000, 'CF SF'),
  shift('by 31 keeps the sign', 'sar eax, 31', 0x80000000, 0xffffffff, 'SF', 'OF'),
  shift('by 31 to zero', 'sar eax, cl', 0x40000000, 0, 'CF ZF', '', 31),
  shift('by 1, ZF SF kept', 'rol eax, 1', 0x80000001, 3, 'CF OF ZF SF', 'ZF SF'),
  shift('by 31', 'rol eax, 31', 0x80000001, 0xc0000000, 'OF'),
  shift('by 32 changes nothing', 'rol eax, cl', 0x80000001, 0x80000001, 'OF', 'OF', 32),
  shift('by 1', 'ror eax, 1', 0x80000001, 0xc0000000, 'CF', 'OF'),
  shift('by 31', 'ror eax, 31', 0x80000001, 3, '', 'CF OF'),
  shift('by 1 from 1', 'ror eax, cl', 1, 0x80000000, 'CF OF', '', 1),
  one('shl r/m32 in memory costs +2', '3.5', 'shl dword [0x4000], 4', {}, { cycles: 3 },
    { memory: [dwords(DATA, 0xf)], expect: { memory: [dwords(DATA, 0xf0)] } }),
  one('shl r/m32 in memory by 0 still costs +2, changes nothing', '3.5', 'shl dword [0x4000], 0', { eflags: flags('CF') },
    { cycles: 3, eflags: flags('CF') }, { memory: [dwords(DATA, 0xf)], expect: { memory: [dwords(DATA, 0xf)] } }),

  // §3.6 bit scan
  one('bsf', '3.6', 'bsf eax, ebx', { ebx: 0x00010100, eflags: flags('ZF CF') }, { eax: 8, eflags: flags('CF'), cycles: 2 }),
  one('bsr', '3.6', 'bsr eax, ebx', { ebx: 0x00010100, eflags: flags('ZF') }, { eax: 16, eflags: flags() }),
  one('bsf of zero: ZF, destination kept', '3.6', 'bsf eax, ebx', { eax: 0x12345678, eflags: flags('CF') },
    { eax: 0x12345678, eflags: flags('CF ZF') }),
  one('bsr of zero: ZF, destination kept', '3.6', 'bsr eax, ebx', { eax: 0x12345678 }, { eax: 0x12345678, eflags: flags('ZF') }),
  one('bsf of the top bit', '3.6', 'bsf eax, ebx', { ebx: 0x80000000 }, { eax: 31 }),
  one('bsr of bit 0', '3.6', 'bsr eax, ebx', { ebx: 1, eax: 99 }, { eax: 0 }),
  one('bsf from memory costs +1', '3.6', 'bsf eax, [0x4000]', {}, { eax: 4, cycles: 3 }, { memory: [dwords(DATA, 0x30)] }),
  one('popcnt of all ones clears CF OF SF', '3.6', 'popcnt eax, ebx', { ebx: 0xffffffff, eflags: flags('CF OF SF ZF') },
    { eax: 32, eflags: flags(), cycles: 2 }),
  one('popcnt of zero sets ZF', '3.6', 'popcnt eax, ebx', { eax: 7, eflags: flags('CF') }, { eax: 0, eflags: flags('ZF') }),
  one('popcnt', '3.6', 'popcnt eax, ebx', { ebx: 0xf0f0 }, { eax: 8, eflags: flags() }),
];
