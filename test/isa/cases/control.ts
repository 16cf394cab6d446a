// Cases for docs/isa.md §3.7 (conditions, setcc, cmovcc, flag instructions),
// §3.8 (control transfer), §3.9 (string operations) and §3.10 (miscellaneous).

import { CONDITIONS, OPCODES, conditionOf } from '../../../tools/isa/opcodes.ts';
import { encodeFields } from '../encode.ts';
import type { IsaCase } from '../run-case.ts';
import { faultCase, one } from './builders.ts';
import { CODE, DATA, dwords, flags, bytesAt } from './layout.ts';

/** §3.7 by hand: for each condition, flag sets under which it holds and under which it does not. */
const CONDITION_TRUTH: Record<string, { holds: string[]; fails: string[] }> = {
  o: { holds: ['OF', 'OF CF ZF SF'], fails: ['', 'CF ZF SF'] },
  no: { holds: ['', 'CF ZF SF'], fails: ['OF'] },
  b: { holds: ['CF', 'CF ZF'], fails: ['', 'ZF SF OF'] },
  ae: { holds: ['', 'ZF'], fails: ['CF'] },
  e: { holds: ['ZF', 'ZF CF'], fails: ['', 'CF SF OF'] },
  ne: { holds: ['', 'CF'], fails: ['ZF'] },
  be: { holds: ['CF', 'ZF', 'CF ZF'], fails: ['', 'SF OF'] },
  a: { holds: ['', 'SF OF'], fails: ['CF', 'ZF', 'CF ZF'] },
  s: { holds: ['SF'], fails: ['', 'CF ZF OF'] },
  ns: { holds: [''], fails: ['SF'] },
  l: { holds: ['SF', 'OF'], fails: ['', 'SF OF'] },
  ge: { holds: ['', 'SF OF'], fails: ['SF', 'OF'] },
  le: { holds: ['ZF', 'SF', 'OF', 'ZF SF OF'], fails: ['', 'SF OF'] },
  g: { holds: ['', 'SF OF'], fails: ['ZF', 'SF', 'OF', 'ZF SF OF'] },
};

function conditionCases(): IsaCase[] {
  const out: IsaCase[] = [];
  for (const [cc, truth] of Object.entries(CONDITION_TRUTH)) {
    const outcomes = [...truth.holds.map((f) => [f, true] as const), ...truth.fails.map((f) => [f, false] as const)];
    for (const [f, holds] of outcomes) {
      const label = `with {${f}}`;
      out.push(one(`set${cc} ${label}`, '3.7', `set${cc} bl`, { ebx: holds ? 0xaaaaaa00 : 0xaaaaaaff, eflags: flags(f) },
        { ebx: holds ? 0xaaaaaa01 : 0xaaaaaa00, eflags: flags(f), cycles: 1 }));
      out.push(one(`cmov${cc} ${label}`, '3.7', `cmov${cc} eax, ebx`,
        { eax: 0x11111111, ebx: 0x22222222, eflags: flags(f) }, { eax: holds ? 0x22222222 : 0x11111111, cycles: 1 }));
      out.push(one(`j${cc} rel8 ${label}`, '3.8', `j${cc} 0x10`, { eflags: flags(f) },
        { eip: holds ? CODE + 2 + 0x10 : CODE + 2, cycles: holds ? 3 : 1 }));
    }
    out.push(one(`j${cc} rel32 taken backwards`, '3.8', `j${cc} -0x100`, { eflags: flags(truth.holds[0]) },
      { eip: CODE + 5 - 0x100, cycles: 3 }));
  }
  return out;
}

/** §3.7: cc = A and B (parity) have no entries: every one of their bytes is #UD. */
function parityCases(): IsaCase[] {
  const out: IsaCase[] = [];
  const families = new Set(OPCODES.filter((o) => CONDITIONS[conditionOf(o)]?.name && /^(j|set|cmov)/.test(o.mnemonic)
    && o.mnemonic !== 'jmp').map((o) => o.opcode & 0xf0));
  for (const family of families) {
    for (const cc of [0xa, 0xb]) {
      out.push(faultCase(`parity condition byte 0x${(family | cc).toString(16)} is #UD`, '3.7',
        `db 0x${(family | cc).toString(16)}, 0xc0, 0, 0, 0, 0`, {}, 6));
    }
  }
  return out;
}

const jccRel32 = OPCODES.find((o) => o.mnemonic === 'je' && o.operands[0] === 'rel32')!;

export const CONTROL_CASES: IsaCase[] = [
  ...conditionCases(),
  ...parityCases(),
  one('sete to memory costs +1', '3.7', 'sete byte [0x4000]', { eflags: flags('ZF') }, { cycles: 2 },
    { memory: [dwords(DATA, 0xffffffff)], expect: { memory: [dwords(DATA, 0xffffff01)] } }),
  one('cmov from memory costs +1 even when false', '3.7', 'cmove eax, [0x4000]', { eax: 5 }, { eax: 5, cycles: 2 },
    { memory: [dwords(DATA, 9)] }),
  one('cmov true writes the destination', '3.7', 'cmovne eax, [0x4000]', { eax: 5 }, { eax: 9, cycles: 2 },
    { memory: [dwords(DATA, 9)] }),
  one('clc', '3.7', 'clc', { eflags: flags('CF ZF') }, { eflags: flags('ZF'), cycles: 1 }),
  one('stc', '3.7', 'stc', {}, { eflags: flags('CF'), cycles: 1 }),
  one('cmc sets', '3.7', 'cmc', {}, { eflags: flags('CF') }),
  one('cmc clears', '3.7', 'cmc', { eflags: flags('CF OF') }, { eflags: flags('OF') }),
  one('std', '3.7', 'std', {}, { eflags: flags('DF') }),
  one('cld', '3.7', 'cld', { eflags: flags('DF SF') }, { eflags: flags('SF') }),

  // §3.8
  one('jmp rel8 to itself', '3.8', 'jmp -2', {}, { eip: CODE, cycles: 2 }),
  one('jmp rel32', '3.8', 'jmp 0x1000', {}, { eip: CODE + 5 + 0x1000, cycles: 2 }),
  one('jmp r/m32 register', '3.8', 'jmp eax', { eax: 0x12345678 }, { eip: 0x12345678, cycles: 3 }),
  one('jmp r/m32 memory costs +1', '3.8', 'jmp [0x4000]', {}, { eip: 0x3000, cycles: 4 }, { memory: [dwords(DATA, 0x3000)] }),
  one('je rel32 taken', '3.8', `db ${encodeFields(jccRel32, { immediate: 0x20 }).join(', ')}`, { eflags: flags('ZF') },
    { eip: CODE + 5 + 0x20, cycles: 3 }),
  one('call rel32 pushes the next address', '3.8', 'call 0x100', {}, { eip: CODE + 5 + 0x100, esp: 0x7ffc, cycles: 3 },
    { expect: { memory: [dwords(0x7ffc, CODE + 5)] } }),
  one('call r/m32 register', '3.8', 'call ebx', { ebx: 0x3000 }, { eip: 0x3000, esp: 0x7ffc, cycles: 4 },
    { expect: { memory: [dwords(0x7ffc, CODE + 2)] } }),
  one('call r/m32 reads [esp] before pushing', '3.8', 'call [esp]', { esp: 0x7000 },
    { eip: 0x2100, esp: 0x6ffc, cycles: 5 },
    { memory: [dwords(0x7000, 0x2100)], expect: { memory: [dwords(0x6ffc, CODE + 3, 0x2100)] } }),
  one('ret', '3.8', 'ret', { esp: 0x7ffc }, { eip: 0x2345, esp: 0x8000, cycles: 3 }, { memory: [dwords(0x7ffc, 0x2345)] }),
  one('ret imm16 releases bytes', '3.8', 'ret 8', { esp: 0x7ff0 }, { eip: 0x2345, esp: 0x7ffc, cycles: 3 },
    { memory: [dwords(0x7ff0, 0x2345)] }),
  one('call and ret round trip', '3.8', ['call 1', 'nop', 'ret'], {}, { eip: CODE + 5, esp: 0x8000, cycles: 6, instructions: 2 },
    { steps: 2 }),

  // §3.9
  one('movsb forward', '3.9', 'movsb', { esi: DATA, edi: DATA + 0x100 }, { esi: DATA + 1, edi: DATA + 0x101, cycles: 3 },
    { memory: [bytesAt(DATA, [0x5a])], expect: { memory: [bytesAt(DATA + 0x100, [0x5a, 0])] } }),
  one('movsd backward', '3.9', 'movsd', { esi: DATA, edi: DATA + 0x100, eflags: flags('DF') },
    { esi: DATA - 4, edi: DATA + 0xfc, cycles: 3 },
    { memory: [dwords(DATA, 0x01020304)], expect: { memory: [dwords(DATA + 0x100, 0x01020304)] } }),
  one('stosb', '3.9', 'stosb', { eax: 0x1234567f, edi: DATA }, { edi: DATA + 1, cycles: 2 },
    { expect: { memory: [bytesAt(DATA, [0x7f, 0])] } }),
  one('stosd backward', '3.9', 'stosd', { eax: 0xcafebabe, edi: DATA + 8, eflags: flags('DF') }, { edi: DATA + 4, cycles: 2 },
    { expect: { memory: [dwords(DATA + 8, 0xcafebabe)] } }),
  one('rep stosd', '3.9', 'rep stosd', { eax: 0x11223344, ecx: 4, edi: DATA }, { ecx: 0, edi: DATA + 16, cycles: 8 },
    { expect: { memory: [dwords(DATA, 0x11223344, 0x11223344, 0x11223344, 0x11223344, 0)] } }),
  one('rep movsb with ecx = 0 does nothing', '3.9', 'rep movsb', { esi: DATA, edi: DATA + 8 },
    { esi: DATA, edi: DATA + 8, ecx: 0, cycles: 4, instructions: 1 }),
  one('rep movsb backward', '3.9', 'rep movsb', { ecx: 3, esi: DATA + 2, edi: DATA + 0x12, eflags: flags('DF') },
    { ecx: 0, esi: DATA - 1, edi: DATA + 0xf, cycles: 7 },
    { memory: [bytesAt(DATA, [1, 2, 3])], expect: { memory: [bytesAt(DATA + 0x10, [1, 2, 3])] } }),
  one('rep movsd', '3.9', 'rep movsd', { ecx: 2, esi: DATA, edi: DATA + 0x20 }, { ecx: 0, esi: DATA + 8, edi: DATA + 0x28, cycles: 6 },
    { memory: [dwords(DATA, 7, 8)], expect: { memory: [dwords(DATA + 0x20, 7, 8)] } }),
  one('rep stosb overlapping nothing changes flags', '3.9', 'rep stosb', { ecx: 2, edi: DATA, eflags: flags('CF ZF') },
    { eflags: flags('CF ZF'), cycles: 6 }),

  // §3.10
  one('nop', '3.10', 'nop', { eflags: flags('CF') }, { eip: CODE + 1, eflags: flags('CF'), cycles: 1, instructions: 1 }),
  faultCase('ud2 is #UD', '3.10', 'ud2', {}, 6, { expect: { state: { cycles: 40 } } }),
  one('rdtsc reads the counter at its start', '3.10', ['nop', 'rdtsc'], { edx: 9 }, { eax: 1, edx: 0, cycles: 21 }),
  one('rdtsc: all 64 bits', '3.10', 'rdtsc', { cycles: 0x1_0000_0005 }, { eax: 5, edx: 1, cycles: 0x1_0000_0019 }),
  one('rdtsc at CPL 3', '3.10', 'rdtsc', { cpl: 3, cycles: 7 }, { eax: 7, cpl: 3 }, { counters: { userCycles: 20 } }),
];
