// Runs every ISA case (cases.ts) on the reference interpreter.

import { describe, expect, it } from 'vitest';
import { ISA_CASES } from './cases.ts';
import { makeReferenceCpu } from './reference-cpu-adapter.ts';
import { runCase } from './run-case.ts';

describe('reference interpreter: ISA cases', () => {
  it('has unique case names', () => {
    const names = ISA_CASES.map((c) => c.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
  for (const testCase of ISA_CASES) {
    it(`§${testCase.section} ${testCase.name}`, () => {
      expect(runCase(makeReferenceCpu, testCase)).toEqual([]);
    });
  }
});
