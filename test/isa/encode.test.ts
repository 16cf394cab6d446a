// The test encoder (encode.ts): form selection, memory operands, labels, and a
// round trip through the reference decoder for one statement of every shape.

import { describe, expect, it } from 'vitest';
import { OPCODES } from '../../tools/isa/opcodes.ts';
import { decodeInstruction } from '../../emu/reference/decode.ts';
import { assemble, formOf } from './encode.ts';

const entry = (mnemonic: string, kinds: string) => OPCODES.find((o) => o.mnemonic === mnemonic && o.operands.join(',') === kinds)!;

describe('test encoder', () => {
  it('picks the shortest form, or the one forced with {kinds}', () => {
    expect(assemble('mov ecx, 1')).toEqual([entry('mov', 'r32,imm32').opcode + 1, 1, 0, 0, 0]);
    expect(formOf('add eax, 1')).toBe(entry('add', 'rm32,simm8'));
    expect(formOf('add eax, 0x80')).toBe(entry('add', 'rm32,imm32'));
    expect(formOf('add eax, -128')).toBe(entry('add', 'rm32,simm8'));
    expect(formOf('add{rm32,imm32} eax, 1')).toBe(entry('add', 'rm32,imm32'));
    expect(formOf('pop{rm32} ebx')).toBe(entry('pop', 'rm32'));
    expect(formOf('mov byte [eax], 1')).toBe(entry('mov', 'rm8,imm8'));
    expect(formOf('mov [eax], 1')).toBe(entry('mov', 'rm32,imm32'));
    expect(formOf('mov [eax], bl')).toBe(entry('mov', 'rm8,r8'));
  });

  it('encodes memory operands per §2', () => {
    const op = entry('mov', 'r32,rm32').opcode;
    expect(assemble('mov eax, [ebx]')).toEqual([op, 0x03]);
    expect(assemble('mov eax, [ebp]')).toEqual([op, 0x45, 0]);
    expect(assemble('mov eax, [esp]')).toEqual([op, 0x04, 0x24]);
    expect(assemble('mov eax, [0x1234]')).toEqual([op, 0x05, 0x34, 0x12, 0, 0]);
    expect(assemble('mov eax, [ecx*4 + 0x100]')).toEqual([op, 0x04, 0x8d, 0, 1, 0, 0]);
    expect(assemble('mov eax, [ebx + esi*2 - 8]')).toEqual([op, 0x44, 0x73, 0xf8]);
    expect(assemble('mov eax, [ebx + 0x200]')).toEqual([op, 0x83, 0, 2, 0, 0]);
  });

  it('resolves labels and displacements', () => {
    const jmp8 = entry('jmp', 'rel8').opcode;
    const jmp32 = entry('jmp', 'rel32').opcode;
    expect(assemble(['top:', 'nop', 'jmp short top'])).toEqual([entry('nop', '').opcode, jmp8, 0xfd]);
    expect(assemble(['jmp end', 'nop', 'end:'])).toEqual([jmp32, 1, 0, 0, 0, entry('nop', '').opcode]);
    expect(assemble('jmp -2')).toEqual([jmp8, 0xfe]);
  });

  it('reports mistakes', () => {
    expect(() => assemble('frob eax')).toThrow(/unknown mnemonic/);
    expect(() => assemble('mov eax, cr9')).toThrow();
    expect(() => assemble('jmp nowhere')).toThrow(/undefined label/);
    expect(() => assemble('lea eax, ebx')).toThrow(/no form/);
  });

  it('round-trips through the decoder', () => {
    const statements = [
      'add [ebx + ecx*8 + 0x12345678], edx', 'imul eax, [esp + 4], 0x12345', 'shl dword [0x4000], cl', 'movzx eax, word [esi]',
      'mov cr3, eax', 'mov ebx, ksp', 'invlpg [eax]', 'lidt [0x500]', 'in al, dx', 'out 0x80, eax', 'int 0x80',
      'ret 8', 'rep movsd', 'cmovle eax, [edi - 4]', 'setg byte [ebp + 3]', 'test al, 0x80', 'push -1', 'xchg [eax], ebx',
    ];
    for (const s of statements) {
      const bytes = assemble(s);
      const insn = decodeInstruction(0, (a) => bytes[a] ?? 0);
      expect([s, insn.op]).toEqual([s, formOf(s)]);
      expect([s, insn.length]).toEqual([s, bytes.length]);
    }
  });
});
