// Property: random integer programs (test/toolchain/random-programs.ts) behave
// the same compiled for tx86 as in V8. Seeds are fixed, so a failure repeats;
// CC_PROPERTY_SEEDS=1,2,3... explores others.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBothWays } from './differential.ts';
import { randomProgram } from './random-programs.ts';

const SEEDS = (process.env.CC_PROPERTY_SEEDS ?? '101,202,303').split(',').map(Number);
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'switchless-random-'));

describe('random integer programs', () => {
  it.each(SEEDS)('seed %i: the same on tx86 as in V8', async (seed) => {
    const file = path.join(DIR, `random${seed}.ts`);
    fs.writeFileSync(file, randomProgram(seed));
    const { native, tx86 } = await runBothWays(file);
    expect(native.exitStatus).not.toBe(134); // the generator avoids traps
    expect(tx86.stop).toBeNull();
    expect(tx86.stdout).toBe(native.stdout);
    expect(tx86.exitStatus).toBe(native.exitStatus);
  });
});
