// The ELF writer and reader: read-back of what is written, binutils' opinion
// of it, every validation message of the reader, and fuzzing.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../emu/user-error.ts';
import { assembleProgram } from '../../tools/asm/assemble.ts';
import {
  ELF_HEADER, ELF_HEADER_BYTES, PF_R, PF_W, PF_X, PROGRAM_HEADER, PROGRAM_HEADER_BYTES, SECTION_HEADER,
  SECTION_HEADER_BYTES, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS, SYMBOL, SYMBOL_BYTES, type Field,
} from '../../tools/elf/format.ts';
import { readElf } from '../../tools/elf/read.ts';
import { writeElf, type ElfImage } from '../../tools/elf/write.ts';

const SAMPLE_SOURCE = `
.global _start
_start: call helper
        jmp _start
helper: ret
.rodata
message: .asciz "hi"
.data
counter: .long 7
.bss
buffer: .space 100
`;

function sampleElf(): Uint8Array {
  return assembleProgram(SAMPLE_SOURCE).elf;
}

function field(bytes: Uint8Array, base: number, f: Field): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return f.size === 1 ? view.getUint8(base + f.at) : f.size === 2 ? view.getUint16(base + f.at, true) : view.getUint32(base + f.at, true);
}

/** A copy of `bytes` with one field changed. */
function patched(bytes: Uint8Array, base: number, f: Field, value: number): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  if (f.size === 1) view.setUint8(base + f.at, value);
  else if (f.size === 2) view.setUint16(base + f.at, value, true);
  else view.setUint32(base + f.at, value, true);
  return copy;
}

function readError(bytes: Uint8Array, ramBytes?: number): string {
  try {
    readElf(bytes, 'prog.elf', ramBytes === undefined ? {} : { ramBytes });
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('read without error');
}

describe('writeElf and readElf', () => {
  it('read back exactly what was written', () => {
    const image: ElfImage = {
      entry: 0x100004,
      segments: [
        { vaddr: 0x100000, paddr: 0x1000, memsz: 0x1010, flags: PF_R | PF_X, fileBytes: Uint8Array.from({ length: 0x1010 }, (_, i) => i & 0xff) },
        { vaddr: 0x102000, paddr: 0x3000, memsz: 0x40, flags: PF_R | PF_W, fileBytes: Uint8Array.from([1, 2, 3, 4]) },
      ],
      sections: [
        { name: '.text', kind: 'progbits', flags: SHF_ALLOC | SHF_EXECINSTR, addr: 0x100000, size: 0x10 },
        { name: '.rodata', kind: 'progbits', flags: SHF_ALLOC, addr: 0x101000, size: 0x10 },
        { name: '.data', kind: 'progbits', flags: SHF_ALLOC | SHF_WRITE, addr: 0x102000, size: 4 },
        { name: '.bss', kind: 'nobits', flags: SHF_ALLOC | SHF_WRITE, addr: 0x102004, size: 0x3c },
      ],
      symbols: [
        { name: 'main', value: 0x100004, size: 12, type: 'func', binding: 'global', section: '.text' },
        { name: 'table', value: 0x101000, size: 16, type: 'object', binding: 'local', section: '.rodata' },
        { name: 'CONSTANT', value: 42, size: 0, type: 'notype', binding: 'weak', section: '' },
      ],
    };
    const program = readElf(writeElf(image), 'image.elf');
    expect(program.entry).toBe(image.entry);
    expect(program.segments).toEqual(image.segments);
    // Locals come first in the symbol table.
    expect(program.symbols).toEqual([image.symbols[1], image.symbols[0], image.symbols[2]]);
    expect(program.sections.map(({ name, type, flags, addr, size }) => ({ name, type, flags, addr, size }))).toEqual([
      { name: '.text', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, addr: 0x100000, size: 0x10 },
      { name: '.rodata', type: SHT_PROGBITS, flags: SHF_ALLOC, addr: 0x101000, size: 0x10 },
      { name: '.data', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, addr: 0x102000, size: 4 },
      { name: '.bss', type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE, addr: 0x102004, size: 0x3c },
      expect.objectContaining({ name: '.symtab' }),
      expect.objectContaining({ name: '.strtab' }),
      expect.objectContaining({ name: '.shstrtab' }),
    ]);
  });

  it('place segments at file offsets congruent to their addresses modulo 4096', () => {
    const bytes = sampleElf();
    const phnum = field(bytes, 0, ELF_HEADER.phnum);
    for (let i = 0; i < phnum; i++) {
      const base = ELF_HEADER_BYTES + i * PROGRAM_HEADER_BYTES;
      expect(field(bytes, base, PROGRAM_HEADER.offset) % 4096).toBe(field(bytes, base, PROGRAM_HEADER.vaddr) % 4096);
      expect(field(bytes, base, PROGRAM_HEADER.align)).toBe(4096);
    }
  });

  it('an assembled program reads back with its symbols and segments', () => {
    const program = readElf(sampleElf(), 'sample.elf');
    expect(program.symbols.map((s) => [s.name, s.type, s.binding, s.section])).toEqual([
      ['helper', 'func', 'local', '.text'],
      ['message', 'object', 'local', '.rodata'],
      ['counter', 'object', 'local', '.data'],
      ['buffer', 'object', 'local', '.bss'],
      ['_start', 'func', 'global', '.text'],
    ]);
    expect(program.segments.map((s) => s.flags)).toEqual([PF_R | PF_X, PF_R | PF_W]);
  });
});

describe.skipIf(!existsSync('/usr/bin/readelf'))('binutils readelf', () => {
  const sources: Record<string, string> = {
    'all sections': SAMPLE_SOURCE,
    'only .bss': '.bss\nbuffer: .space 64',
    'kernel linked high': '_start: jmp _start\n.data\nx: .long 1',
  };
  for (const [what, source] of Object.entries(sources)) {
    it(`accepts ${what} without warnings`, () => {
      const directory = mkdtempSync(join(tmpdir(), 'switchless-elf-'));
      try {
        const file = join(directory, 'prog.elf');
        const options = what === 'kernel linked high' ? { base: 0xc0100000, physOffset: 0xc0000000 } : {};
        writeFileSync(file, assembleProgram(source, options).elf);
        const result = spawnSync('/usr/bin/readelf', ['-a', '-W', file], { encoding: 'utf8' });
        expect(result.status).toBe(0);
        const output = result.stdout + result.stderr;
        expect(output).not.toMatch(/warning|error/i);
        expect(output).toMatch(/Machine:\s+<unknown>: 0x7886/);
        expect(output).toMatch(/Type:\s+EXEC/);
        const names = readElf(assembleProgram(source, options).elf, 'prog.elf').symbols.map((s) => s.name);
        for (const name of names) expect(output).toMatch(new RegExp(` ${name}$`, 'm'));
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });
  }
});

describe('readElf rejects, with one line naming the problem', () => {
  const elf = sampleElf();
  const phoff = field(elf, 0, ELF_HEADER.phoff);
  const shoff = field(elf, 0, ELF_HEADER.shoff);
  const shnum = field(elf, 0, ELF_HEADER.shnum);
  const sectionBase = (index: number) => shoff + index * SECTION_HEADER_BYTES;
  const symtabIndex = shnum - 3; // .symtab, .strtab, .shstrtab come last
  const firstSymbol = field(elf, sectionBase(symtabIndex), SECTION_HEADER.offset) + SYMBOL_BYTES;

  const cases: [string, Uint8Array, string][] = [
    ['an empty file', new Uint8Array(), 'prog.elf: not an ELF file (bad magic)'],
    ['a bad magic', patched(elf, 0, { at: 1, size: 1 }, 0x58), 'prog.elf: not an ELF file (bad magic)'],
    ['a truncated header', elf.slice(0, 40), 'prog.elf: truncated ELF header'],
    ['64-bit class', patched(elf, 0, { at: 4, size: 1 }, 2), 'prog.elf: not a 32-bit ELF file (class 2)'],
    ['big-endian data', patched(elf, 0, { at: 5, size: 1 }, 2), 'prog.elf: not a little-endian ELF file'],
    ['a bad ident version', patched(elf, 0, { at: 6, size: 1 }, 2), 'prog.elf: unsupported ELF version 2'],
    ['a bad header version', patched(elf, 0, ELF_HEADER.version, 0), 'prog.elf: unsupported ELF version 0'],
    ['another machine', patched(elf, 0, ELF_HEADER.machine, 0x3e), 'prog.elf: not a tx86 executable (machine 0x3e)'],
    ['a relocatable file', patched(elf, 0, ELF_HEADER.type, 1), 'prog.elf: not an executable (ELF type 1)'],
    ['a bad program header size', patched(elf, 0, ELF_HEADER.phentsize, 40), 'prog.elf: bad program header size 40'],
    ['program headers past the end', patched(elf, 0, ELF_HEADER.phoff, elf.length - 8), 'prog.elf: truncated program header table'],
    ['a segment past the end', patched(elf, phoff, PROGRAM_HEADER.offset, elf.length - 4), 'prog.elf: segment 0 extends beyond the end of the file'],
    ['file size above memory size', patched(elf, phoff + PROGRAM_HEADER_BYTES, PROGRAM_HEADER.memsz, 0),
      'prog.elf: segment 1 has a file size larger than its memory size'],
    ['a segment wrapping around', patched(elf, phoff, PROGRAM_HEADER.vaddr, 0xfffff000), 'prog.elf: segment 0 wraps around the end of the address space'],
    ['overlapping segments', patched(elf, phoff + PROGRAM_HEADER_BYTES, PROGRAM_HEADER.vaddr, 0x100800), 'prog.elf: segments 0 and 1 overlap'],
    ['overlapping physical addresses', patched(elf, phoff + PROGRAM_HEADER_BYTES, PROGRAM_HEADER.paddr, 0x100000), 'prog.elf: segments 0 and 1 overlap'],
    ['a bad section header size', patched(elf, 0, ELF_HEADER.shentsize, 20), 'prog.elf: bad section header size 20'],
    ['section headers past the end', patched(elf, 0, ELF_HEADER.shnum, shnum + 1), 'prog.elf: truncated section header table'],
    ['a section past the end', patched(elf, sectionBase(1), SECTION_HEADER.size, elf.length), 'prog.elf: section 1 extends beyond the end of the file'],
    ['a bad name table index', patched(elf, 0, ELF_HEADER.shstrndx, 1), 'prog.elf: bad section name table index 1'],
    ['a bad section name', patched(elf, sectionBase(2), SECTION_HEADER.name, 0x10000), 'prog.elf: section 2 has a bad name offset'],
    ['a bad symbol entry size', patched(elf, sectionBase(symtabIndex), SECTION_HEADER.entsize, 12), 'prog.elf: symbol table .symtab has a bad entry size'],
    ['a bad string table link', patched(elf, sectionBase(symtabIndex), SECTION_HEADER.link, 1), 'prog.elf: symbol table .symtab has a bad string table link'],
    ['a bad symbol name', patched(elf, firstSymbol, SYMBOL.name, 0x10000), 'prog.elf: symbol 1 has a bad name offset'],
    ['a bad symbol section', patched(elf, firstSymbol, SYMBOL.shndx, 99), "prog.elf: symbol 'helper' has a bad section index 99"],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => expect(readError(bytes)).toBe(message));
  }

  it('segments outside RAM, when the RAM size is given', () => {
    // The data segment: .data at 0x102000, then .bss (100 bytes) on the next page.
    expect(readError(elf, 0x102000)).toBe('prog.elf: segment 1 (0x102000-0x103063) lies outside RAM');
    expect(() => readElf(elf, 'prog.elf', { ramBytes: 0x200000 })).not.toThrow();
  });
});

describe('readElf fuzzing', () => {
  /** A small deterministic generator (xorshift32), so failures reproduce. */
  function random(seed: number): () => number {
    let state = seed >>> 0 || 1;
    return () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 2 ** 32;
    };
  }

  function expectParseOrUserError(bytes: Uint8Array): void {
    try {
      readElf(bytes, 'fuzz.elf');
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      expect(error.message).toMatch(/^fuzz\.elf: [^\n]+$/);
    }
  }

  const elf = sampleElf();

  it('every truncation gives a valid parse or a UserError', () => {
    for (let length = 0; length <= elf.length; length++) expectParseOrUserError(elf.subarray(0, length));
  });

  it('random byte flips in the headers give a valid parse or a UserError', () => {
    const next = random(0x7886);
    const shoff = field(elf, 0, ELF_HEADER.shoff);
    for (let round = 0; round < 3000; round++) {
      const bytes = elf.slice();
      const flips = 1 + Math.floor(next() * 6);
      for (let i = 0; i < flips; i++) {
        // Mostly the ELF and program headers, the tables and the section headers, where parsing happens.
        const region = next();
        const position = region < 0.4 ? Math.floor(next() * 0x80)
          : region < 0.7 ? shoff + Math.floor(next() * (elf.length - shoff))
            : Math.floor(next() * elf.length);
        bytes[position] = Math.floor(next() * 256);
      }
      expectParseOrUserError(round % 3 === 0 ? bytes.subarray(0, Math.floor(next() * bytes.length)) : bytes);
    }
  });
});
