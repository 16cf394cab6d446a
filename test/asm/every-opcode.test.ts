// Every opcode-table entry, assembled in all its operand shapes: the first
// byte is the entry's, the length is what the encoding shape says, and the
// disassembler prints the very text that was assembled (so decode(encode(x))
// = x, and encode(decode(b)) = b for these canonical encodings).

import { describe, expect, it } from 'vitest';
import { assembleProgram } from '../../tools/asm/assemble.ts';
import { decodeInstruction } from '../../tools/disasm/decode.ts';
import { formText } from '../../tools/isa/gen-docs.ts';
import { OPCODES } from '../../tools/isa/opcodes.ts';
import { branchSamples, isBranch, samplesFor, type Sample } from './instruction-samples.ts';

const BASE = 0x100000;

function checkSamples(op: (typeof OPCODES)[number], samples: Sample[], source: string): void {
  const { listing } = assembleProgram(source, { base: BASE });
  expect(listing.map((line) => line.text)).toEqual(samples.map((sample) => sample.text));
  listing.forEach((line, i) => {
    const sample = samples[i];
    const firstByte = op.plusReg ? line.bytes[0] & ~7 : line.bytes[0];
    expect(firstByte, sample.text).toBe(op.opcode);
    expect(line.bytes.length, sample.text).toBe(sample.length);
    const decoded = decodeInstruction(line.bytes, 0, line.address);
    expect(decoded.invalid, sample.text).toBeFalsy();
    if (decoded.invalid) return;
    expect(decoded.text).toBe(sample.text);
    expect(decoded.length).toBe(sample.length);
    expect(decoded.mnemonic).toBe(op.mnemonic);
  });
}

describe('every opcode table entry encodes and decodes', () => {
  for (const op of OPCODES.filter((entry) => !isBranch(entry))) {
    it(`0x${op.opcode.toString(16).padStart(2, '0')} ${formText(op)}`, () => {
      const samples = samplesFor(op);
      checkSamples(op, samples, samples.map((sample) => sample.text).join('\n'));
    });
  }

  for (const op of OPCODES.filter(isBranch)) {
    it(`0x${op.opcode.toString(16).padStart(2, '0')} ${formText(op)}`, () => {
      for (const sample of branchSamples(op, BASE)) {
        const forced = op.operands.includes('rel8') ? 'short' : 'near';
        // Unforced: the assembler picks this form because the target needs it (or fits it).
        checkSamples(op, [sample], sample.text);
        // Forced with short/near: the same bytes.
        const { listing } = assembleProgram(sample.text.replace(' ', ` ${forced} `), { base: BASE });
        const plain = assembleProgram(sample.text, { base: BASE }).listing;
        expect([...listing[0].bytes]).toEqual([...plain[0].bytes]);
      }
    });
  }
});

describe('golden encodings', () => {
  // Byte-exact examples checked by hand against docs/isa.md §2.
  const cases: [string, number[]][] = [
    ['mov eax, 1', [0x40, 1, 0, 0, 0]],
    ['mov edi, 0xdeadbeef', [0x47, 0xef, 0xbe, 0xad, 0xde]],
    ['mov ebx, [esp+8]', [0x49, 0x5c, 0x24, 0x08]],              // mod=01 reg=3 r/m=100, SIB 00 100 100
    ['mov [ebp], eax', [0x48, 0x45, 0x00]],                      // ebp base: mod=01, disp8 = 0
    ['lea eax, [eax+ecx*4-12]', [0x25, 0x44, 0x88, 0xf4]],       // SIB 10 001 000
    ['lea edx, [esi*2+0x10]', [0x25, 0x14, 0x75, 0x10, 0, 0, 0]], // mod=00 r/m=100, SIB base=101: disp32
    ['mov eax, [0x500]', [0x49, 0x05, 0x00, 0x05, 0, 0]],        // mod=00 r/m=101: disp32
    ['mov eax, [ebx+0x80]', [0x49, 0x83, 0x80, 0, 0, 0]],        // disp32 (0x80 is not a signed byte)
    ['mov eax, [ebx-0x80]', [0x49, 0x43, 0x80]],                 // disp8
    ['add eax, 5', [0x03, 0xc0, 0x05]],                          // simm8 form preferred
    ['add eax, -1', [0x03, 0xc0, 0xff]],
    ['add eax, 0xffffffff', [0x03, 0xc0, 0xff]],                 // the same 32-bit value
    ['add eax, 128', [0x02, 0xc0, 0x80, 0, 0, 0]],
    ['push 0x7f', [0x2c, 0x7f]],
    ['push 0x80', [0x2b, 0x80, 0, 0, 0]],
    ['push ebp', [0x35]],
    ['pop dword [eax]', [0x2e, 0x00]],
    ['mov cr3, eax', [0xed, 0xd8]],                              // mod=11 reg=3 (cr3) r/m=0
    ['mov esi, ksp', [0xee, 0xe6]],
    ['mov byte [edi], 0', [0x4d, 0x07, 0x00]],
    ['mov word [ecx], 0xffff', [0x4f, 0x01, 0xff, 0xff]],
    ['in al, dx', [0xe3]],
    ['out 0x80, eax', [0xec, 0x80]],
    ['shl dword [esp+4], cl', [0x69, 0x44, 0x24, 0x04]],
    ['imul ecx, [ebx], -2', [0x62, 0x0b, 0xfe]],
    ['ret 8', [0x7e, 0x08, 0x00]],
    ['int 0x80', [0xd1, 0x80]],
    ['rep movsb', [0xc4]],
    ['REP  STOSD', [0xc7]],
    ['xchg [eax], esp', [0x24, 0x20]],
    ['mov eax, ebx', [0x48, 0xd8]],                              // the r/m32, r32 form comes first
    ['jz .+2', [0x84, 0x00]],                                    // alias; '.' is the instruction's address
    ['setnae al', [0xa2, 0xc0]],
    ['cmovnle eax, [ebx]', [0xbf, 0x03]],
    ['movzx eax, word [esi]', [0x52, 0x06]],
    ['movsx ecx, byte ptr [esi]', [0x53, 0x0e]],
    ['mov eax, [ecx+esp]', [0x49, 0x04, 0x0c]],                   // esp is always the base
    ['mov eax, [2*ecx+ebx]', [0x49, 0x04, 0x4b]],
  ];
  for (const [text, bytes] of cases) {
    it(text, () => {
      const { listing } = assembleProgram(text, { base: BASE });
      expect([...listing[0].bytes].map((b) => b.toString(16))).toEqual(bytes.map((b) => b.toString(16)));
    });
  }
});
