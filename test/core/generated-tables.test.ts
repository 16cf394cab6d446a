// The committed decode tables (emu/core/generated/opcodes.ts) are exactly what
// tools/isa/gen-core-tables.ts makes from the opcode table today.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORE_TABLES_PATH, generateCoreTables, opcodeConstantName } from '../../tools/isa/gen-core-tables.ts';
import { OPCODES } from '../../tools/isa/opcodes.ts';

describe('generated core tables', () => {
  it('are up to date with the opcode table', () => {
    expect(readFileSync(CORE_TABLES_PATH, 'utf8')).toBe(generateCoreTables());
  });

  it('name every opcode once', () => {
    const names = OPCODES.map(opcodeConstantName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('OP_ADD_RM32_R32');
    expect(names).toContain('OP_MOV_CR_R32');
  });
});
