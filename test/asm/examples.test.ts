// The example programs assemble, start at _start, and keep their functions
// and data where a newcomer reading them would expect.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../tools/asm/assemble.ts';
import { readElf } from '../../tools/elf/read.ts';

function assembleExample(name: string) {
  const file = `examples/${name}`;
  const result = assemble([{ name: file, text: readFileSync(file, 'utf8') }]);
  return { ...result, program: readElf(result.elf, file) };
}

describe('examples', () => {
  it('hello.s prints through the UART and exits through the debug-exit port', () => {
    const { entry, symbols, program, listing } = assembleExample('hello.s');
    const start = symbols.find((s) => s.name === '_start');
    expect(start).toMatchObject({ type: 'func', binding: 'global', value: entry });
    expect(symbols.find((s) => s.name === 'print_string')).toMatchObject({ type: 'func' });
    const rodata = program.sections.find((s) => s.name === '.rodata')!;
    const segment = program.segments.find((s) => s.vaddr <= rodata.addr && rodata.addr < s.vaddr + s.memsz)!;
    const text = new TextDecoder().decode(segment.fileBytes.subarray(rodata.addr - segment.vaddr, rodata.addr - segment.vaddr + rodata.size));
    expect(text).toBe('Hello, world!\n\0');
    expect(listing.some((line) => /out dx, al/.test(line.text))).toBe(true);
  });

  it('primes.s has its functions and a .bss buffer', () => {
    const { entry, symbols, program } = assembleExample('primes.s');
    expect(symbols.find((s) => s.name === '_start')?.value).toBe(entry);
    for (const name of ['is_prime', 'print_number', 'print_char']) {
      expect(symbols.find((s) => s.name === name), name).toMatchObject({ type: 'func', section: '.text' });
    }
    expect(symbols.find((s) => s.name === 'digits')).toMatchObject({ type: 'object', section: '.bss', size: 10 });
    expect(program.segments).toHaveLength(2);
  });
});
