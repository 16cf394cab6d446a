// The bounds checks' bookkeeping (tools/cc/bounds.ts, docs/abi.md §8.2): which
// later accesses an earlier check covers, and when that knowledge is lost.

import { describe, expect, it } from 'vitest';
import { CheckedAddresses, MemoryBounds } from '../../tools/cc/bounds.ts';

describe('MemoryBounds', () => {
  it('keeps one word per offset + size, set for the initial memory, refreshed by __wasm_bounds_update', () => {
    const bounds = new MemoryBounds(2);
    expect(bounds.word(12)).toBe('__wasm_bound_12');
    bounds.word(4);
    const asm = bounds.assembly().join('\n');
    expect(asm).toContain(`__wasm_bound_4: .long ${2 * 65536 - 4}`);
    expect(asm).toContain(`__wasm_bound_12: .long ${2 * 65536 - 12}`);
    expect(asm).toMatch(/__wasm_bounds_update:\n {4}push eax\n {4}mov eax, \[__wasm_memory_pages\]\n {4}shl eax, 16/);
    expect(bounds.needsPages(2 * 65536)).toBe(0);
    expect(bounds.needsPages(2 * 65536 + 1)).toBe(3);
    expect(bounds.inInitialMemory(2 * 65536)).toBe(true);
    expect(bounds.inInitialMemory(2 * 65536 + 1)).toBe(false);
  });
});

describe('CheckedAddresses', () => {
  const fed = (lines: string[]): CheckedAddresses => {
    const known = new CheckedAddresses();
    lines.forEach((line) => known.instruction(line));
    return known;
  };

  it('a check covers accesses that end no further, until the register is written', () => {
    const known = new CheckedAddresses();
    known.record('esi', 12);
    expect(known.covers('esi', 12)).toBe(true);
    expect(known.covers('esi', 8)).toBe(true);
    expect(known.covers('esi', 16)).toBe(false);
    expect(known.covers('edi', 4)).toBe(false);
    for (const line of ['cmp esi, 4', 'test esi, esi', 'push esi', 'mov dword [esi+__wasm_memory], 1', 'mov eax, esi', 'jae .L3']) {
      known.instruction(line);
      expect(known.covers('esi', 12), line).toBe(true);
    }
    known.instruction('lea esi, [esi+1]');
    expect(known.covers('esi', 4)).toBe(false);
  });

  it('a write to part of a register, a call, or an instruction it does not know forgets', () => {
    const known = fed([]);
    known.record('ebx', 4);
    known.record('eax', 4);
    known.instruction('sete bl');
    expect(known.covers('ebx', 4)).toBe(false);
    known.record('ebx', 4);
    known.instruction('call lib.rt.stub.__new');
    expect(known.covers('eax', 4)).toBe(false); // caller-saved
    expect(known.covers('ebx', 4)).toBe(true); // callee-saved; memory only grows
    known.instruction('xchg ebx, ecx');
    expect(known.covers('ebx', 4)).toBe(false);
  });

  it('at a block end keeps only what holds on every way in', () => {
    const known = new CheckedAddresses();
    known.record('esi', 12);
    known.record('edi', 8);
    known.instruction('jb .L5'); // esi 12, edi 8
    known.instruction('mov edi, 0');
    known.instruction('jmp .L5'); // esi 12
    known.record('esi', 4); // after a jmp, until a label: no way in
    known.join('.L5');
    expect(known.covers('esi', 12)).toBe(true);
    expect(known.covers('edi', 4)).toBe(false);
  });

  it('a fall-through joins the jumps, and a label reached some other way forgets all', () => {
    const known = new CheckedAddresses();
    known.record('esi', 12);
    known.instruction('jne .L7'); // esi 12
    known.instruction('lea esi, [esi+4]');
    known.record('esi', 16);
    known.join('.L7'); // fall-through: esi 16; jump: esi 12 (another value, checked as far)
    expect(known.covers('esi', 12)).toBe(true);
    expect(known.covers('esi', 16)).toBe(false);
    known.record('esi', 8);
    known.clear(); // a loop head
    expect(known.covers('esi', 8)).toBe(false);
  });
});
