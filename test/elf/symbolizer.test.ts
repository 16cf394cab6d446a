// Symbolizer: names for addresses, by the function or object that holds them.

import { describe, expect, it } from 'vitest';
import { assembleProgram } from '../../tools/asm/assemble.ts';
import { Symbolizer } from '../../tools/elf/symbolizer.ts';

const func = (name: string, value: number, size: number, binding = 'global') => ({ name, value, size, type: 'func', binding });

describe('Symbolizer', () => {
  const symbols = new Symbolizer([
    func('start', 0x1000, 0x20),
    func('loop', 0x1020, 0x10),
    { name: 'table', value: 0x2000, size: 8, type: 'object' },
    { name: 'label', value: 0x1024, size: 0, type: 'notype' },     // not a function or object: ignored
    func('empty', 0x3000, 0),                                      // holds only its own address
  ]);

  it('finds the symbol holding an address, with the offset into it', () => {
    expect(symbols.lookup(0x1000)).toEqual({ name: 'start', offset: 0 });
    expect(symbols.lookup(0x101f)).toEqual({ name: 'start', offset: 0x1f });
    expect(symbols.lookup(0x1024)).toEqual({ name: 'loop', offset: 4 });
    expect(symbols.lookup(0x2007)).toEqual({ name: 'table', offset: 7 });
    expect(symbols.lookup(0x3000)).toEqual({ name: 'empty', offset: 0 });
  });

  it('returns null outside every symbol', () => {
    for (const address of [0, 0xfff, 0x1030, 0x2008, 0x3001, 0xffffffff]) expect(symbols.lookup(address)).toBeNull();
  });

  it('formats name, name+0xoff, or hex', () => {
    expect(symbols.format(0x1020)).toBe('loop');
    expect(symbols.format(0x102c)).toBe('loop+0xc');
    expect(symbols.format(0x7000)).toBe('0x7000');
  });

  it('prefers the nearest start, then a function, then a global, then the first name', () => {
    const nested = new Symbolizer([func('outer', 0x100, 0x100), func('inner', 0x140, 0x10)]);
    expect(nested.format(0x145)).toBe('inner+0x5');
    expect(nested.format(0x150)).toBe('outer+0x50');   // past inner: the walk back finds outer
    const aliases = new Symbolizer([
      { name: 'data_alias', value: 0x10, size: 4, type: 'object', binding: 'global' },
      func('local_alias', 0x10, 4, 'local'),
      func('b_alias', 0x10, 4),
      func('a_alias', 0x10, 4),
    ]);
    expect(aliases.format(0x12)).toBe('a_alias+0x2');
  });

  it('an empty symbol list names nothing', () => {
    expect(new Symbolizer([]).lookup(0)).toBeNull();
  });

  it('works on an assembled program', () => {
    const { symbols: list } = assembleProgram('_start: nop\nnop\nf: ret\n.data\nx: .long 1, 2');
    const names = new Symbolizer(list);
    expect(names.format(0x100001)).toBe('_start+0x1');
    expect(names.format(0x100002)).toBe('f');
    expect(names.format(0x101004)).toBe('x+0x4');
  });

  it('agrees with a linear scan on many random symbols', () => {
    let seed = 12345;
    const next = (limit: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % limit;
    const list = Array.from({ length: 300 }, (_, i) => func(`s${i}`, next(5000), next(60)));
    const names = new Symbolizer(list);
    for (let address = 0; address < 5100; address++) {
      const holders = list.filter((s) => address >= s.value && address < s.value + Math.max(s.size, 1));
      const nearest = Math.max(...holders.map((s) => s.value));
      const expected = holders.filter((s) => s.value === nearest).map((s) => s.name).sort()[0];
      expect(names.lookup(address)?.name, `0x${address.toString(16)}`).toBe(expected);
    }
  });
});
