// Differential testing: seeded random programs (random-program.ts) run step by
// step on the reference interpreter and on the wasm core, which must agree on
// every stop result, CpuState and counter after every step, and on RAM at the end.

import { beforeAll, describe, expect, it } from 'vitest';
import { coreCpuFactory } from './core-cpu-adapter.ts';
import { runLockstep } from './lockstep.ts';
import { randomProgram } from './random-program.ts';
import { makeReferenceCpu } from './reference-cpu-adapter.ts';
import type { CpuFactory } from './run-case.ts';

const VARIANTS = [
  { paging: false, userMode: false },
  { paging: true, userMode: false },
  { paging: false, userMode: true },
  { paging: true, userMode: true },
];
const SEEDS_PER_VARIANT = 300;
const FIRST_SEED = 1000;

let makeCore: CpuFactory;

beforeAll(async () => {
  makeCore = await coreCpuFactory();
}, 120_000);

describe('wasm core against the reference interpreter', () => {
  for (const variant of VARIANTS) {
    it(`random programs agree (paging ${variant.paging}, user ${variant.userMode})`, () => {
      const failures: string[] = [];
      for (let i = 0; i < SEEDS_PER_VARIANT && failures.length < 5; i++) {
        const seed = FIRST_SEED + i;
        const program = randomProgram({ seed, ...variant });
        const { difference } = runLockstep(makeReferenceCpu, makeCore, program);
        if (difference) failures.push(`seed ${seed}: ${difference}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
