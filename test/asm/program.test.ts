// Whole programs: data directives, expressions, sections and their layout,
// symbols and their scopes, includes, options and the listing.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, assembleProgram } from '../../tools/asm/assemble.ts';
import { readElf } from '../../tools/elf/read.ts';
import { PF_R, PF_W, PF_X } from '../../tools/elf/format.ts';

/** The bytes a program puts in `section`. */
function sectionBytes(source: string, section = '.data'): number[] {
  const program = readElf(assembleProgram(source).elf, 'test.elf');
  const header = program.sections.find((s) => s.name === section);
  if (!header) return [];
  const segment = program.segments.find((s) => header.addr >= s.vaddr && header.addr < s.vaddr + s.memsz)!;
  return [...segment.fileBytes.subarray(header.addr - segment.vaddr, header.addr - segment.vaddr + header.size)];
}

function symbol(source: string, name: string) {
  return assembleProgram(source).symbols.find((s) => s.name === name);
}

describe('data directives', () => {
  it('.byte .word .long .dword .quad are little-endian; negatives are two\'s complement', () => {
    expect(sectionBytes('.data\n.byte 1, -1, 0xff\n.word 0x1234, -2\n.long 0x12345678\n.dword -1')).toEqual([
      1, 0xff, 0xff, 0x34, 0x12, 0xfe, 0xff, 0x78, 0x56, 0x34, 0x12, 0xff, 0xff, 0xff, 0xff]);
    expect(sectionBytes('.data\n.quad 0x0102030405060708, -1')).toEqual([
      8, 7, 6, 5, 4, 3, 2, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  });

  it('.ascii, .asciz and .string with escapes', () => {
    expect(sectionBytes('.data\n.ascii "a\\n", "b"\n.asciz "c"\n.string "\\x41\\t\\0\\\\\\""')).toEqual([
      0x61, 10, 0x62, 0x63, 0, 0x41, 9, 0, 0x5c, 0x22, 0]);
  });

  it('strings may hold comment characters and UTF-8', () => {
    expect(sectionBytes('.data\n.ascii "; #" ; a comment\n.ascii "é" # another')).toEqual([0x3b, 0x20, 0x23, 0xc3, 0xa9]);
  });

  it('.space, .zero, .align and .balign', () => {
    expect(sectionBytes('.data\n.byte 1\n.space 2, 0xee\n.zero 1\n.align 8\n.byte 2\n.balign 4, 0x55\n.byte 3')).toEqual([
      1, 0xee, 0xee, 0, 0, 0, 0, 0, 2, 0x55, 0x55, 0x55, 3]);
  });

  it('.align pads .text with nop', () => {
    expect(sectionBytes('ret\n.align 4\nret', '.text')).toEqual([0x7d, 0x28, 0x28, 0x28, 0x7d]);
  });

  it('character constants', () => {
    expect(sectionBytes(".data\n.byte 'A', '\\n', '\\'', '\"'")).toEqual([65, 10, 39, 34]);
  });
});

describe('expressions', () => {
  const value = (expr: string) => sectionBytes(`.data\n.long ${expr}`).reduceRight((v, b) => v * 256 + b, 0);

  it('follow C precedence', () => {
    expect(value('1 + 2 * 3')).toBe(7);
    expect(value('(1 + 2) * 3')).toBe(9);
    expect(value('1 << 4 | 1')).toBe(17);
    expect(value('0xf0 & 0x3c ^ 0x0f')).toBe(0x3f);      // & binds tighter than ^
    expect(value('6 | 1 ^ 3')).toBe(6);                   // ^ binds tighter than |
    expect(value('~0 & 0xff')).toBe(0xff);
    expect(value('-(2 + 3) + 10')).toBe(5);
    expect(value('0b101 + 0x10 + 010')).toBe(5 + 16 + 10);
  });

  it('divide and take remainders toward zero', () => {
    expect(value('7 / 2')).toBe(3);
    expect(value('-7 / 2 + 10')).toBe(7);
    expect(value('-7 % 2 + 10')).toBe(9);
    expect(value('0x80000000 >> 4')).toBe(0x08000000);
  });

  it('. is the address of the statement', () => {
    expect(value('.')).toBe(0x100000);    // .data is the first non-empty section
    // The statement's address, for every value in it.
    expect(sectionBytes('.data\nstart: .byte 0\n.byte . - start, . - start')).toEqual([0, 1, 1]);
  });

  it('constants by .equ and =, used before their definition', () => {
    expect(sectionBytes('.data\n.byte A, B\n.equ A, B * 2\nB = 3')).toEqual([6, 3]);
  });

  it('mnemonics, registers and keywords are case-insensitive; symbols are not', () => {
    const { listing } = assembleProgram('MOV EAX, Dword PTR [EBX]\nLabel: jmp Label');
    expect([...listing[0].bytes]).toEqual([0x49, 0x03]);
    expect(() => assembleProgram('Label: jmp label')).toThrow("<input>:1: undefined symbol 'label'");
  });
});

describe('sections and segments', () => {
  const source = 'nop\n.rodata\n.byte 1\n.data\n.byte 2\n.bss\n.space 3';

  it('are page-aligned from the base, in the order .text .rodata .data .bss', () => {
    const program = readElf(assembleProgram(source).elf, 'test.elf');
    expect(program.sections.map((s) => [s.name, s.addr, s.size])).toEqual([
      ['.text', 0x100000, 1], ['.rodata', 0x101000, 1], ['.data', 0x102000, 1], ['.bss', 0x103000, 3],
      ['.symtab', 0, 16], ['.strtab', 0, 1], ['.shstrtab', 0, 52],
    ]);
    expect(program.segments.map((s) => [s.vaddr, s.fileBytes.length, s.memsz, s.flags])).toEqual([
      [0x100000, 0x1001, 0x1001, PF_R | PF_X],
      [0x102000, 1, 0x1003, PF_R | PF_W],
    ]);
  });

  it('.section NAME switches like the short forms; sections continue where they stopped', () => {
    const bytes = sectionBytes('.section .data\n.byte 1\n.text\nnop\n.section .DATA\n.byte 2');
    expect(bytes).toEqual([1, 2]);
  });

  it('empty sections are omitted; a program of only .bss has one segment with no file bytes', () => {
    const program = readElf(assembleProgram('.bss\nbuffer: .space 64').elf, 'test.elf');
    expect(program.sections.map((s) => s.name)).toEqual(['.bss', '.symtab', '.strtab', '.shstrtab']);
    expect(program.segments).toHaveLength(1);
    expect(program.segments[0]).toMatchObject({ vaddr: 0x100000, memsz: 64 });
    expect(program.segments[0].fileBytes.length).toBe(0);
  });

  it('--base and --phys-offset', () => {
    const { elf, entry } = assembleProgram('_start: nop\n.data\n.long 0', { base: 0xc0100000, physOffset: 0xc0000000 });
    const program = readElf(elf, 'test.elf');
    expect(entry).toBe(0xc0100000);
    expect(program.segments.map((s) => [s.vaddr, s.paddr])).toEqual([[0xc0100000, 0x100000], [0xc0101000, 0x101000]]);
  });
});

describe('entry point', () => {
  it('is _start', () => expect(assembleProgram('nop\n_start: nop').entry).toBe(0x100001));
  it('or the named symbol', () => expect(assembleProgram('nop\nmain: nop', { entry: 'main' }).entry).toBe(0x100001));
  it('or the text base without _start', () => expect(assembleProgram('nop', { base: 0x2000 }).entry).toBe(0x2000));
});

describe('symbols', () => {
  it('labels in .text are functions, elsewhere objects, unless .type says otherwise', () => {
    const source = 'f: nop\ng: nop\n.type g, @object\n.data\nd: .long 0\n.type e, @function\ne: .long 0';
    expect(symbol(source, 'f')).toMatchObject({ type: 'func', section: '.text' });
    expect(symbol(source, 'g')).toMatchObject({ type: 'object' });
    expect(symbol(source, 'd')).toMatchObject({ type: 'object', section: '.data' });
    expect(symbol(source, 'e')).toMatchObject({ type: 'func' });
  });

  it('sizes run to the next symbol, or the section end, unless .size says otherwise', () => {
    const source = 'a: nop\nnop\n.Linner: nop\nb: ret\nc: nop\nnop\n.size c, 1\n.data\nx: .long 1, 2';
    expect(symbol(source, 'a')?.size).toBe(3);       // .Linner is not a symbol
    expect(symbol(source, 'b')?.size).toBe(1);
    expect(symbol(source, 'c')?.size).toBe(1);
    expect(symbol(source, 'x')?.size).toBe(8);
  });

  it('.L labels are not in the symbol table; .global makes a symbol global', () => {
    const { symbols } = assembleProgram('.global main\nmain: nop\n.Lloop: jmp .Lloop\nhelper: ret');
    expect(symbols.map((s) => [s.name, s.binding])).toEqual([['main', 'global'], ['helper', 'local']]);
  });

  it('a label on an empty section is absolute', () => {
    expect(symbol('nop\n.data\nend:', 'end')).toMatchObject({ value: 0x101000, size: 0, section: '' });
  });

  it('files share one namespace except for .L and .local names', () => {
    const a = { name: 'a.s', text: '_start: call shared\ncall helper\n.Lx: jmp .Lx\n.local helper\nhelper: ret' };
    const b = { name: 'b.s', text: 'shared: call helper\n.Lx: jmp .Lx\n.local helper\nhelper: mov eax, shared\nret' };
    const { listing, symbols } = assemble([a, b]);
    const addressOf = (file: string, line: number) => listing.find((l) => l.file === file && l.line === line)!.address;
    expect(symbols.filter((s) => s.name === 'helper').map((s) => s.value))
      .toEqual([addressOf('a.s', 5), addressOf('b.s', 4)]);
    // b.s's call reaches b.s's helper; a.s's calls reach shared (in b.s) and a.s's helper.
    const callTarget = (file: string, line: number) => {
      const entry = listing.find((l) => l.file === file && l.line === line)!;
      return (entry.address + 5 + new DataView(entry.bytes.buffer, entry.bytes.byteOffset).getInt32(1, true)) >>> 0;
    };
    expect(callTarget('a.s', 1)).toBe(addressOf('b.s', 1));
    expect(callTarget('a.s', 2)).toBe(addressOf('a.s', 5));
    expect(callTarget('b.s', 1)).toBe(addressOf('b.s', 4));
  });

  it('a name defined in two files is a duplicate', () => {
    expect(() => assemble([{ name: 'a.s', text: 'f: ret' }, { name: 'b.s', text: 'nop\nf: ret' }]))
      .toThrow("b.s:2: duplicate symbol 'f' (first defined at a.s:1)");
  });
});

describe('.include', () => {
  it('is textual: included lines share the file scope and are named after the included file', () => {
    const files: Record<string, string> = { 'lib/io.s': '.Lhelper: ret\nputs: call .Lhelper\n.include "more.s"', 'lib/more.s': 'more: ret' };
    const seen: [string, string][] = [];
    const readInclude = (name: string, from: string) => {
      seen.push([name, from]);
      const path = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) + name : name;
      return files[path];
    };
    const { listing, symbols } = assemble([{ name: 'main.s', text: '_start: call .Lhelper\n.include "lib/io.s"' }], { readInclude });
    expect(seen).toEqual([['lib/io.s', 'main.s'], ['more.s', 'lib/io.s']]);
    expect(listing.map((l) => `${l.file}:${l.line}`)).toEqual(['main.s:1', 'lib/io.s:1', 'lib/io.s:2', 'lib/more.s:1']);
    expect(symbols.map((s) => s.name)).toEqual(['_start', 'puts', 'more']);
  });
});

describe('.include from disk', () => {
  it('reads the file relative to the including file', () => {
    const directory = mkdtempSync(join(tmpdir(), 'switchless-asm-'));
    try {
      mkdirSync(join(directory, 'lib'));
      writeFileSync(join(directory, 'lib', 'io.s'), '.include "consts.s"\nputs: mov eax, VALUE\nret');
      writeFileSync(join(directory, 'lib', 'consts.s'), 'VALUE = 42');
      const main = join(directory, 'main.s');
      writeFileSync(main, '_start: call puts\n.include "lib/io.s"');
      const { listing } = assemble([{ name: main, text: readFileSync(main, 'utf8') }]);
      expect(listing.map((l) => l.file)).toEqual([main, join(directory, 'lib', 'io.s'), join(directory, 'lib', 'io.s')]);
      expect([...listing[1].bytes]).toEqual([0x40, 42, 0, 0, 0]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('listing', () => {
  it('records address, bytes, source position and text of everything that takes space', () => {
    const { listing } = assembleProgram('start:  mov eax, 1   ; one\n\n.data\nvalue: .word 7\n.bss\nbuf: .space 8');
    expect(listing).toEqual([
      { section: '.text', address: 0x100000, bytes: Uint8Array.from([0x40, 1, 0, 0, 0]), size: 5, file: '<input>', line: 1, text: 'start:  mov eax, 1   ; one' },
      { section: '.data', address: 0x101000, bytes: Uint8Array.from([7, 0]), size: 2, file: '<input>', line: 4, text: 'value: .word 7' },
      { section: '.bss', address: 0x102000, bytes: new Uint8Array(), size: 8, file: '<input>', line: 6, text: 'buf: .space 8' },
    ]);
  });
});
