// Branch relaxation and displacement sizing (docs/isa.md §12): rel8 exactly
// when the target fits, in both directions, to a fixed point; short/near
// force a size.

import { describe, expect, it } from 'vitest';
import { assembleProgram } from '../../tools/asm/assemble.ts';

const BASE = 0x100000;

/** Bytes of the listing line whose source text is `text`. */
function bytesOf(source: string, text: string): number[] {
  const line = assembleProgram(source, { base: BASE }).listing.find((entry) => entry.text === text);
  if (!line) throw new Error(`no listing line '${text}'`);
  return [...line.bytes];
}

describe('forward branches', () => {
  // The branch ends at BASE + 2 when short; the target is `gap` bytes later.
  const forward = (mnemonic: string, gap: number) => `${mnemonic} target\n.space ${gap}\ntarget: ret`;

  it('use rel8 up to +127', () => {
    expect(bytesOf(forward('jmp', 127), 'jmp target')).toEqual([0x78, 127]);
    expect(bytesOf(forward('jne', 127), 'jne target')).toEqual([0x85, 127]);
  });

  it('use rel32 from +128', () => {
    // Long form: 5 bytes, so the displacement is measured from BASE + 5.
    expect(bytesOf(forward('jmp', 128), 'jmp target')).toEqual([0x79, 128, 0, 0, 0]);
    expect(bytesOf(forward('jl', 128), 'jl target')).toEqual([0x9c, 128, 0, 0, 0]);
  });
});

describe('backward branches', () => {
  const backward = (mnemonic: string, gap: number) => `target: .space ${gap}\n${mnemonic} target`;

  it('use rel8 down to -128', () => {
    expect(bytesOf(backward('jmp', 126), 'jmp target')).toEqual([0x78, 0x80]);   // -(126 + 2)
    expect(bytesOf(backward('jae', 126), 'jae target')).toEqual([0x83, 0x80]);
  });

  it('use rel32 below -128', () => {
    // -(127 + 5) = -132
    expect(bytesOf(backward('jmp', 127), 'jmp target')).toEqual([0x79, 0x7c, 0xff, 0xff, 0xff]);
  });

  it('a branch to itself is rel8 -2', () => {
    expect(bytesOf('here: jmp here', 'here: jmp here')).toEqual([0x78, 0xfe]);
  });
});

describe('fixed point', () => {
  it('a branch that grows pushes another out of rel8 range', () => {
    // `first` reaches `end` in rel8 only while `second` is short; `second`
    // must be long (its target is 200 bytes away), which makes `first` long.
    const source = [
      'first: jmp end',
      '.space 120',
      'second: jmp far',
      '.space 3',
      'end: ret',
      '.space 200',
      'far: ret',
    ].join('\n');
    expect(bytesOf(source, 'second: jmp far')[0]).toBe(0x79);
    expect(bytesOf(source, 'first: jmp end')).toEqual([0x79, 128, 0, 0, 0]); // 120 + 5 + 3
  });

  it('the same distance without the growth stays short', () => {
    const source = 'first: jmp end\n.space 120\nsecond: jmp near_\n.space 3\nend: ret\nnear_: ret';
    expect(bytesOf(source, 'first: jmp end')).toEqual([0x78, 125]);
  });

  it('labels after relaxed branches have final addresses', () => {
    const source = 'jmp a\njmp a\njmp a\na: mov eax, a';
    expect(bytesOf(source, 'a: mov eax, a')).toEqual([0x40, 0x06, 0x00, 0x10, 0x00]);
  });
});

describe('forced sizes', () => {
  it('jmp near keeps rel32 for a close target', () => {
    expect(bytesOf('jmp near next\nnext: ret', 'jmp near next')).toEqual([0x79, 0, 0, 0, 0]);
    expect(bytesOf('je near next\nnext: ret', 'je near next')).toEqual([0x94, 0, 0, 0, 0]);
  });

  it('jmp short keeps rel8', () => {
    expect(bytesOf('jmp short next\nnext: ret', 'jmp short next')).toEqual([0x78, 0]);
  });

  it('jmp short to a target out of range is an error', () => {
    expect(() => assembleProgram('jmp short far\n.space 200\nfar: ret'))
      .toThrow('<input>:1: branch target is out of range for rel8 (displacement 200)');
  });
});

describe('displacements and immediates follow their values', () => {
  it('a forward constant that fits a signed byte gives disp8 and simm8', () => {
    const source = 'mov eax, [ebx+OFFSET]\nadd eax, OFFSET\n.equ OFFSET, 8';
    expect(bytesOf(source, 'mov eax, [ebx+OFFSET]')).toEqual([0x49, 0x43, 0x08]);
    expect(bytesOf(source, 'add eax, OFFSET')).toEqual([0x03, 0xc0, 0x08]);
  });

  it('a forward label address gives disp32 and imm32', () => {
    const source = 'mov eax, [ebx+table]\ncmp eax, table\n.data\ntable: .long 0';
    expect(bytesOf(source, 'mov eax, [ebx+table]')).toEqual([0x49, 0x83, 0x00, 0x10, 0x10, 0x00]);
    expect(bytesOf(source, 'cmp eax, table')).toEqual([0x1e, 0xc0, 0x00, 0x10, 0x10, 0x00]);
  });

  it('a displacement that is a difference of labels can be short', () => {
    const source = 'mov eax, [esi+(b-a)]\na: nop\nnop\nb: ret';
    expect(bytesOf(source, 'mov eax, [esi+(b-a)]')).toEqual([0x49, 0x46, 0x02]);
  });
});
