// The differential corpus: every program in corpus/ runs natively in V8 and
// compiled for tx86 on the machine, with identical output and exit status
// (docs/abi.md). Traps and aborts are part of the output.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBothWays } from './differential.ts';

const CORPUS = path.join(import.meta.dirname, 'corpus');
const PROGRAMS = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.ts')).sort();

describe('differential corpus', () => {
  it('has the programs the toolchain promises to cover', () => {
    expect(PROGRAMS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(PROGRAMS)('%s: the same on tx86 as in V8', async (name) => {
    const { native, tx86 } = await runBothWays(path.join(CORPUS, name));
    expect(tx86.stop).toBeNull();
    expect(tx86.stdout).toBe(native.stdout);
    expect(tx86.exitStatus).toBe(native.exitStatus);
  });

  it('traps and aborts stop with status 134 and say why', async () => {
    const expectations: Record<string, RegExp> = {
      // (asc inlines the small helpers these traps start in, so main is where they happen)
      'trap-divide-by-zero.ts': /^trap: integer divide by zero in trap-divide-by-zero\/main\n$/m,
      'trap-overflow.ts': /trap: integer overflow in trap-overflow\/main\n$/m,
      'trap-unreachable.ts': /^trap: unreachable in trap-unreachable\/main\n$/m,
      'trap-table-index.ts': /^trap: undefined table element in trap-table-index\/main\n$/m,
      'trap-signature.ts': /^trap: indirect call signature mismatch in trap-signature\/main\n$/m,
      'trap-signature-i64.ts': /^4\ni32 result through an i64 slot\ntrap: indirect call signature mismatch in trap-signature-i64\/main\n$/m,
      'trap-stack-overflow.ts': /^trap: call stack exhausted in trap-stack-overflow\/forever\n$/m,
      'trap-memory-copy.ts': /^trap: out of bounds memory access in trap-memory-copy\/main\n$/m,
      'trap-load-bounds.ts': /^straddling the end\ntrap: out of bounds memory access in trap-load-bounds\/main\n$/m,
      'trap-store-bounds.ts': /^7\nvalue computed\ntrap: out of bounds memory access in trap-store-bounds\/main\n$/m,
      'trap-offset-wrap.ts': /^offset past 2\^32\ntrap: out of bounds memory access in trap-offset-wrap\/main\n$/m,
      'abort-assert.ts': /^abort: sum is not 7 — ünïcode at abort-assert\.ts:11:3\n$/m,
    };
    for (const [name, pattern] of Object.entries(expectations)) {
      const { tx86 } = await runBothWays(path.join(CORPUS, name));
      expect(tx86.stdout, name).toMatch(pattern);
      expect(tx86.exitStatus, name).toBe(134);
    }
  });
});
