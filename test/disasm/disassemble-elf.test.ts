// objdump-style listings: the exact format, and that every instruction line
// of a listing assembles back to its bytes at its address.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble, assembleProgram } from '../../tools/asm/assemble.ts';
import { disassembleElf } from '../../tools/disasm/disassemble-elf.ts';
import { ELF_HEADER } from '../../tools/elf/format.ts';

const SOURCE = `
.global _start
.type _start, @function
_start: mov eax, 1
.Lloop: dec eax
        jne .Lloop
        call helper
        mov dword [table+ecx*4], 0x12345678
        .byte 0xff
helper: ret
.rodata
table: .long 1
`;

describe('disassembleElf', () => {
  it('lists each function under a header, with bytes, text and branch targets', () => {
    expect(disassembleElf(assembleProgram(SOURCE).elf, 'prog.elf')).toBe([
      'prog.elf:     file format elf32-tx86',
      '',
      '',
      'Disassembly of section .text:',
      '',
      '00100000 <_start>:',
      '  100000:\t40 01 00 00 00      \tmov eax, 0x1',
      '  100005:\t5b c0               \tdec eax',
      '  100007:\t85 fc               \tjne 0x100005 <_start+0x5>',
      '  100009:\t7b 0c 00 00 00      \tcall 0x10001a <helper>',
      '  10000e:\t4a 04 8d 00 10 10 00 78 56 34 12\tmov dword [ecx*4+0x101000], 0x12345678',
      '  100019:\tff                  \t(bad)',
      '',
      '0010001a <helper>:',
      '  10001a:\t7d                  \tret',
      '',
    ].join('\n'));
  });

  it('names the section when no symbol starts it', () => {
    const listing = disassembleElf(assembleProgram('.Lstart: nop\nf: ret').elf, 'prog.elf');
    expect(listing).toContain('00100000 <.text>:\n  100000:\t28 ');
    expect(listing).toContain('00100001 <f>:\n');
  });

  it('decodes executable segments when there are no section headers', () => {
    const elf = assembleProgram('_start: nop\nret').elf.slice();
    const view = new DataView(elf.buffer);
    view.setUint32(ELF_HEADER.shoff.at, 0, true);
    view.setUint16(ELF_HEADER.shnum.at, 0, true);
    view.setUint16(ELF_HEADER.shstrndx.at, 0, true);
    expect(disassembleElf(elf, 'stripped.elf')).toContain(
      'Disassembly of section segment 0:\n\n00100000 <segment 0>:\n  100000:\t28                  \tnop\n  100001:\t7d                  \tret\n');
  });

  for (const example of ['examples/hello.s', 'examples/primes.s']) {
    it(`the listing of ${example} assembles back to the same bytes`, () => {
      const { elf } = assemble([{ name: example, text: readFileSync(example, 'utf8') }]);
      const lines = disassembleElf(elf, 'example.elf').split('\n')
        .map((line) => /^ *([0-9a-f]+):\t([0-9a-f ]+?) *\t(.*)$/.exec(line))
        .filter((match): match is RegExpExecArray => match !== null);
      expect(lines.length).toBeGreaterThan(10);
      for (const [, address, bytes, text] of lines) {
        const instruction = text.replace(/ <[^>]*>$/, '');
        const { listing } = assembleProgram(instruction, { base: parseInt(address, 16) });
        const reassembled = [...listing[0].bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
        expect(reassembled, `${address}: ${text}`).toBe(bytes);
      }
    });
  }
});
