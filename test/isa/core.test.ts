// Runs every ISA case (cases.ts) on the wasm core.

import { beforeAll, describe, expect, it } from 'vitest';
import { ISA_CASES } from './cases.ts';
import { coreCpuFactory } from './core-cpu-adapter.ts';
import { runCase, type CpuFactory } from './run-case.ts';

let makeCore: CpuFactory;

beforeAll(async () => {
  makeCore = await coreCpuFactory();
}, 120_000);

describe('wasm core: ISA cases', () => {
  for (const testCase of ISA_CASES) {
    it(`§${testCase.section} ${testCase.name}`, () => {
      expect(runCase(makeCore, testCase)).toEqual([]);
    });
  }
});
