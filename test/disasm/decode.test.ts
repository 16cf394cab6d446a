// The decoder: the §2 shape rules, truncation, the text format, and a fuzz
// check that its text always assembles back to an equivalent instruction.

import { describe, expect, it } from 'vitest';
import { assembleProgram } from '../../tools/asm/assemble.ts';
import { decodeInstruction } from '../../tools/disasm/decode.ts';
import { encodingOf, opcodeAt, OPCODES } from '../../tools/isa/opcodes.ts';

const ADDRESS = 0x100000;
const decode = (bytes: number[], address = ADDRESS) => decodeInstruction(Uint8Array.from(bytes), 0, address);
const BAD = { invalid: true, length: 1, text: '(bad)' };

describe('invalid encodings decode as (bad), one byte long', () => {
  it('every first byte without a table entry', () => {
    const undefinedBytes = Array.from({ length: 256 }, (_, b) => b).filter((b) => !opcodeAt(b));
    expect(undefinedBytes).toContain(0x8a);   // the parity conditions do not exist
    for (const byte of undefinedBytes) expect(decode([byte, 0, 0, 0, 0, 0]), `0x${byte.toString(16)}`).toEqual(BAD);
  });

  it('an r/m-only form with reg != 0', () => {
    expect(decode([0x58, 0x08])).toEqual(BAD);        // not, reg = 1
    expect(decode([0xa4, 0xf8])).toEqual(BAD);        // sete, reg = 7
    expect(decode([0x58, 0x00]).text).toBe('not dword [eax]');
  });

  it('a memory-only form with a register', () => {
    expect(decode([0x25, 0xc0])).toEqual(BAD);        // lea eax, eax
    expect(decode([0xef, 0xc3])).toEqual(BAD);        // invlpg ebx
    expect(decode([0xf0, 0xc0])).toEqual(BAD);        // lidt eax
  });

  it('invlpg and lidt with reg != 0', () => {
    expect(decode([0xef, 0x08])).toEqual(BAD);
    expect(decode([0xf0, 0x10])).toEqual(BAD);
  });

  it('mov cr with a memory operand or an undefined control register', () => {
    expect(decode([0xed, 0x00])).toEqual(BAD);        // mod = 00
    expect(decode([0xed, 0xc8])).toEqual(BAD);        // reg = 1: no cr1
    expect(decode([0xee, 0xe8])).toEqual(BAD);        // reg = 5
    expect(decode([0xed, 0xe0]).text).toBe('mov ksp, eax');
  });

  it('every instruction cut short', () => {
    const samples = [[0x40, 1, 2, 3, 4], [0x49, 0x84, 0x88, 1, 2, 3, 4], [0x4a, 0x05, 0, 5, 0, 0, 9, 9, 9, 9], [0x79, 0, 0, 0, 0], [0x7e, 8, 0]];
    for (const bytes of samples) {
      expect(decode(bytes).invalid).toBeFalsy();
      for (let length = 1; length < bytes.length; length++) expect(decode(bytes.slice(0, length))).toEqual(BAD);
    }
  });

  it('an offset past the end', () => {
    expect(decodeInstruction(new Uint8Array([0x28]), 1, 0)).toEqual(BAD);
  });
});

describe('text format', () => {
  const cases: [number[], string][] = [
    [[0x40, 1, 0, 0, 0], 'mov eax, 0x1'],
    [[0x4b, 0x3e], 'mov byte [esi], dil'],
    [[0x4e, 0x48, 0xfe], 'mov word [eax-0x2], cx'],
    [[0x49, 0x04, 0x24], 'mov eax, dword [esp]'],
    [[0x49, 0x44, 0x24, 0x08], 'mov eax, dword [esp+0x8]'],
    [[0x49, 0x04, 0xb5, 0x00, 0x10, 0x00, 0x00], 'mov eax, dword [esi*4+0x1000]'],
    [[0x49, 0x04, 0x25, 0x00, 0x05, 0x00, 0x00], 'mov eax, dword [0x500]'],   // SIB, no base, no index
    [[0x49, 0x04, 0xe3], 'mov eax, dword [ebx]'],                            // SIB with no index: scale ignored
    [[0x49, 0x80, 0xf0, 0xff, 0xff, 0xff], 'mov eax, dword [eax-0x10]'],     // disp32, signed
    [[0x25, 0x05, 0xf0, 0xff, 0xff, 0xff], 'lea eax, [0xfffffff0]'],         // absolute: unsigned
    [[0x03, 0xc0, 0xff], 'add eax, -0x1'],                                   // simm8: signed
    [[0x02, 0xc0, 0xff, 0xff, 0xff, 0xff], 'add eax, 0xffffffff'],           // imm32: unsigned
    [[0x4d, 0xc0, 0xff], 'mov al, 0xff'],
    [[0x7e, 0x04, 0x00], 'ret 0x4'],
    [[0xe6, 0x60], 'in al, 0x60'],
    [[0xeb, 0x80], 'out 0x80, al'],
    [[0x69, 0xc0], 'shl eax, cl'],
    [[0xc4], 'rep movsb'],
    [[0xf0, 0x05, 0, 0x10, 0, 0], 'lidt [0x1000]'],
    [[0xee, 0xd9], 'mov ecx, cr3'],
  ];
  for (const [bytes, text] of cases) {
    it(text, () => expect(decode(bytes).text).toBe(text));
  }

  it('branch targets are absolute', () => {
    expect(decode([0x78, 0x10])).toMatchObject({ text: 'jmp 0x100012', target: 0x100012, length: 2 });
    expect(decode([0x84, 0xfe])).toMatchObject({ text: 'je 0x100000', target: 0x100000 });
    expect(decode([0x7b, 0xfb, 0xff, 0xff, 0xff])).toMatchObject({ text: 'call 0x100000', target: 0x100000 });
    expect(decode([0x79, 0, 0, 0, 0], 0xfffffffb)).toMatchObject({ target: 0 });   // wraps
    expect(decode([0x7a, 0xc0])).not.toHaveProperty('target');                     // jmp eax
  });

  it('operands and mnemonic are given apart', () => {
    expect(decode([0x62, 0x0b, 0xfe])).toMatchObject({ mnemonic: 'imul', operands: ['ecx', 'dword [ebx]', '-0x2'], length: 3 });
  });
});

describe('fuzz: any valid decoding assembles back to the same text', () => {
  it('for random bytes after every first byte', () => {
    let seed = 0x2bad7886;
    const nextByte = () => (seed = (seed * 1664525 + 1013904223) >>> 0) >>> 24;
    let checked = 0;
    for (let round = 0; round < 12; round++) {
      const lines: string[] = [];
      const originals: number[][] = [];
      for (const op of OPCODES) {
        const bytes = [op.opcode + (op.plusReg ? nextByte() & 7 : 0), ...Array.from({ length: 10 }, nextByte)];
        // Relative branches depend on their address; give them short offsets so all fit in one program.
        if (encodingOf(op).relative) continue;
        const decoded = decodeInstruction(Uint8Array.from(bytes), 0, ADDRESS);
        if (decoded.invalid) continue;
        lines.push(decoded.text);
        originals.push(bytes.slice(0, decoded.length));
      }
      const { listing } = assembleProgram(lines.join('\n'), { base: ADDRESS });
      listing.forEach((line, i) => {
        const again = decodeInstruction(line.bytes, 0, line.address);
        expect(again.text, lines[i]).toBe(lines[i]);
        // The assembler's choice is never longer than what it decoded from.
        expect(line.bytes.length, lines[i]).toBeLessThanOrEqual(originals[i].length);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('for branches with random displacements', () => {
    let seed = 99;
    const nextByte = () => (seed = (seed * 1664525 + 1013904223) >>> 0) >>> 24;
    for (const op of OPCODES.filter((entry) => encodingOf(entry).relative)) {
      for (let round = 0; round < 20; round++) {
        const bytes = Uint8Array.from([op.opcode, nextByte(), nextByte(), nextByte(), nextByte()]);
        const decoded = decodeInstruction(bytes, 0, ADDRESS);
        if (decoded.invalid) throw new Error('a branch must decode');
        const { listing } = assembleProgram(decoded.text, { base: ADDRESS });
        expect(decodeInstruction(listing[0].bytes, 0, ADDRESS).text).toBe(decoded.text);
        if (op.operands[0] === 'rel8') expect([...listing[0].bytes]).toEqual([...bytes.subarray(0, 2)]);
      }
    }
  });
});
