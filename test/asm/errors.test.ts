// Every assembler error, with its exact "file:line: message" text.

import { describe, expect, it } from 'vitest';
import { UserError } from '../../emu/user-error.ts';
import { assemble, assembleProgram } from '../../tools/asm/assemble.ts';

/** The error message assembling `source` produces (failing the test if it assembles). */
function errorOf(source: string, options = {}): string {
  try {
    assembleProgram(source, options);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error(`assembled without error: ${source}`);
}

const CASES: [string, string, string][] = [
  // [what, source, message]
  ['unknown mnemonic', 'movz eax, 1', "<input>:1: unknown mnemonic 'movz'"],
  ['unknown rep mnemonic', 'rep lodsb', "<input>:1: unknown mnemonic 'rep lodsb'"],
  ['no form for the operand kinds', 'cmp al, bl', "<input>:1: no form of 'cmp' takes operands (r8, r8)"],
  ['no form with memory and immediate', 'push byte [eax]', "<input>:1: no form of 'push' takes operands (m8)"],
  ['no form without operands', 'push', "<input>:1: no form of 'push' takes no operands"],
  ['no form with too many operands', 'shl eax, 1, 2', "<input>:1: no form of 'shl' takes operands (r32, imm, imm)"],
  ['memory where a register is needed', 'lea eax, ebx', "<input>:1: no form of 'lea' takes operands (r32, r32)"],
  ['ambiguous memory size', 'mov [eax], 5', '<input>:1: ambiguous operand size: write byte, word or dword before the memory operand'],
  ['ambiguous movzx source', 'movzx eax, [esi]', '<input>:1: ambiguous operand size: write byte, word or dword before the memory operand'],
  ['undefined symbol', 'jmp nowhere', "<input>:1: undefined symbol 'nowhere'"],
  ['undefined symbol in data', '.data\n.long 1, missing', "<input>:2: undefined symbol 'missing'"],
  ['duplicate symbol', 'a: nop\na: nop', "<input>:2: duplicate symbol 'a' (first defined at <input>:1)"],
  ['duplicate constant', '.equ A, 1\nA = 2', "<input>:2: duplicate symbol 'A' (first defined at <input>:1)"],
  ['imm8 out of range', 'mov al, 300', '<input>:1: value 300 is out of range for imm8'],
  ['imm8 negative out of range', 'int -129', '<input>:1: value -129 is out of range for imm8'],
  ['port above 255', 'in al, 0x100', '<input>:1: value 256 is out of range for imm8'],
  ['imm16 out of range', 'ret 0x10000', '<input>:1: value 0x10000 is out of range for imm16'],
  ['imm32 out of range', 'add eax, 0x100000000', '<input>:1: value 0x100000000 is out of range for imm32'],
  ['rel8 out of range', 'jmp short far\n.space 130\nfar: ret', '<input>:1: branch target is out of range for rel8 (displacement 130)'],
  ['branch target beyond 32 bits', 'jmp 0x100000000', '<input>:1: branch target 0x100000000 is out of range'],
  ['displacement beyond 32 bits', 'mov eax, [0x100000000]', '<input>:1: displacement 0x100000000 is out of range'],
  ['.byte out of range', '.byte 256', '<input>:1: value 256 is out of range for .byte'],
  ['.word out of range', '.word -32769', '<input>:1: value -32769 is out of range for .word'],
  ['.long out of range', '.long 0x100000000', '<input>:1: value 0x100000000 is out of range for .long'],
  ['unknown directive', '.foo 1', "<input>:1: unknown directive '.foo'"],
  ['unknown section', '.section .foo', "<input>:1: unknown section '.foo' (sections are .text, .rodata, .data, .bss)"],
  ['directive with extra argument', '.text 1', '<input>:1: .text takes 0 arguments, not 1'],
  ['directive missing arguments', '.equ X', '<input>:1: .equ takes 2 arguments, not 1'],
  ['data directive without values', '.byte', '<input>:1: .byte expects at least one value'],
  ['.ascii of a number', '.ascii 5', '<input>:1: .ascii expects "quoted strings"'],
  ['.global without names', '.global', '<input>:1: .global expects symbol names'],
  ['.type with a bad kind', 'x: nop\n.type x, @foo', '<input>:2: .type expects @function or @object'],
  ['.type of a constant', 'x = 5\n.type x, @function', "<input>:2: .type applies to labels, and 'x' is a constant"],
  ['.size of an undefined symbol', '.size y, 4', "<input>:1: undefined symbol 'y'"],
  ['.global of a file-local name', '.global .Lx\n.Lx: nop', "<input>:1: '.Lx' is local to its file and cannot be .global"],
  ['.align not a power of two', '.align 3', '<input>:1: .align 3: the alignment must be a power of two'],
  ['.align above a page', '.balign 8192', '<input>:1: .balign 8192: the alignment cannot exceed a page (4096)'],
  ['.space negative', '.space -1', '<input>:1: .space count -1 is negative'],
  ['fill out of range', '.space 5, 256', '<input>:1: fill value 256 does not fit in a byte'],
  ['instruction in .bss', '.bss\nnop', '<input>:2: an instruction cannot go in .bss (only .space, .zero and .align)'],
  ['data in .bss', '.bss\n.byte 1', '<input>:2: .byte cannot go in .bss (only .space, .zero and .align)'],
  ['non-zero fill in .bss', '.bss\n.space 4, 1', '<input>:2: .bss holds only zeros'],
  ['unterminated string', '.ascii "abc', '<input>:1: unterminated string'],
  ['unterminated character', "mov al, 'a", '<input>:1: unterminated character constant'],
  ['long character constant', "mov al, 'ab'", '<input>:1: a character constant holds exactly one byte'],
  ['unknown escape', "mov al, '\\q'", "<input>:1: unknown escape '\\q'"],
  ['bad hex number', 'mov eax, 0x', "<input>:1: bad number '0x'"],
  ['bad decimal number', 'mov eax, 12ab', "<input>:1: bad number '12ab'"],
  ['stray character', 'mov eax, 1 ! 2', "<input>:1: unexpected character '!'"],
  ['stray token', ', nop', "<input>:1: expected a label, directive or instruction but found ','"],
  ['unclosed parenthesis', 'mov eax, (1', "<input>:1: expected ')' at the end of the line"],
  ['unclosed bracket', 'mov eax, [ebx', "<input>:1: expected ']' at the end of the line"],
  ['missing operand', 'mov eax,', '<input>:1: missing operand'],
  ['missing expression', 'mov eax, 1 +', '<input>:1: expected an expression at the end of the line'],
  ['junk after an operand', 'mov eax, 1 2', "<input>:1: unexpected '2' after operand"],
  ['division by zero', 'mov eax, 1/0', '<input>:1: division by zero'],
  ['shift count', 'mov eax, 1 << 64', '<input>:1: shift count 64 is out of range (0-63)'],
  ['bad scale', 'mov eax, [eax*3]', '<input>:1: invalid scale 3 (must be 1, 2, 4 or 8)'],
  ['symbolic scale', 'mov eax, [ebx+eax*S]\nS = 4', '<input>:1: the scale of an index register must be a number'],
  ['esp as index', 'mov eax, [esp*2]', '<input>:1: esp cannot be an index register'],
  ['three registers', 'mov eax, [eax+ebx+ecx]', '<input>:1: too many registers in an address (at most a base and an index)'],
  ['two scaled registers', 'mov eax, [eax*2+ebx*2]', '<input>:1: only one register of an address can be scaled'],
  ['16-bit address register', 'mov eax, [ax]', "<input>:1: 'ax' cannot address memory (only 32-bit registers can)"],
  ['subtracted register', 'mov eax, [ebx-ecx]', '<input>:1: a register cannot be subtracted in an address'],
  ['register in a non-linear address term', 'mov eax, [(ebx+1)*4]', "<input>:1: register 'ebx' can only be added to an address, or scaled by 1, 2, 4 or 8"],
  ['register in an expression', 'mov eax, ebx+1', "<input>:1: register 'ebx' cannot be used in an expression"],
  ['register as a label', 'eax: nop', "<input>:1: 'eax' is a register name and cannot name a symbol"],
  ['register as a constant', 'esp = 4', "<input>:1: 'esp' is a register name and cannot name a symbol"],
  ['short on a call', 'call short x\nx: ret', "<input>:1: 'call' has no short form"],
  ['short on a non-branch', 'mov eax, short 5', "<input>:1: 'short' applies only to branch targets"],
  ['self-referential constants', '.equ A, B\n.equ B, A',
    "<input>:1: the value of 'A' depends on itself\n<input>:2: the value of 'B' depends on itself"],
  ['constant of an undefined symbol', 'mov eax, A\n.equ A, Z', "<input>:2: undefined symbol 'Z'"],
  ['include that cannot be read', '.include "nothere.s"', "<input>:1: cannot read 'nothere.s': file not found"],
  ['layout that never settles', '.space x\nx:', 'layout did not settle after 100 passes: a .space or .align depends on a later address'],
];

describe('assembler errors', () => {
  for (const [what, source, message] of CASES) {
    it(what, () => expect(errorOf(source)).toBe(message));
  }

  it('an undefined entry symbol', () => {
    expect(errorOf('nop', { entry: 'main' })).toBe("entry symbol 'main' is not defined");
  });

  it('a program beyond 4 GiB', () => {
    expect(errorOf('.space 0x20', { base: 0xfffffff0 })).toBe('section .text ends beyond the 4 GiB address space');
  });

  it('a bad base address option', () => {
    expect(errorOf('nop', { base: -1 })).toBe('the base address must be an address from 0 to 0xFFFFFFFF, not -1');
  });

  it('every error is reported, in source order, across files', () => {
    const sources = [
      { name: 'a.s', text: 'nop\nfoo eax\nmov al, 999\njmp missing' },
      { name: 'b.s', text: '.include "c.s"\nx: .byte 300' },
    ];
    const readInclude = () => 'bad!';
    let message = '';
    try {
      assemble(sources, { readInclude });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      "a.s:2: unknown mnemonic 'foo'",
      'a.s:3: value 999 is out of range for imm8',
      "a.s:4: undefined symbol 'missing'",
      "c.s:1: unexpected character '!'",
      'b.s:2: value 300 is out of range for .byte',
    ]);
  });

  it('a line with an error still defines its labels', () => {
    expect(errorOf('here: frob\njmp here')).toBe("<input>:1: unknown mnemonic 'frob'");
  });

  it('a circular include', () => {
    const readInclude = (name: string) => (name === 'a.s' ? '.include "b.s"' : '.include "a.s"');
    expect(() => assemble([{ name: 'main.s', text: '.include "a.s"' }], { readInclude }))
      .toThrow("b.s:1: circular .include of 'a.s'");
  });
});
