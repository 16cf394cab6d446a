// docs/isa.md §14 is generated from the opcode table: it must be current.
// Regenerate with `npx tsx tools/isa/gen-docs.ts`.

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ISA_DOC, withOpcodeMap } from '../../tools/isa/gen-docs.ts';
import { OPCODES } from '../../tools/isa/opcodes.ts';

it('docs/isa.md holds the current opcode map', () => {
  const text = readFileSync(ISA_DOC, 'utf8');
  expect(withOpcodeMap(text) === text, 'docs/isa.md is out of date: run npx tsx tools/isa/gen-docs.ts').toBe(true);
});

it('the map has a row per table entry, each with a document section', () => {
  const text = readFileSync(ISA_DOC, 'utf8');
  const map = text.slice(text.indexOf('<!-- BEGIN GENERATED OPCODE MAP -->'), text.indexOf('<!-- END GENERATED OPCODE MAP -->'));
  const rows = map.split('\n').filter((line) => line.startsWith('| `0x'));
  expect(rows).toHaveLength(OPCODES.length);
  expect(rows.every((row) => /§\d+\.\d+ \w+ \|$/.test(row))).toBe(true);
});
