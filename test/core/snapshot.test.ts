// saveState()/loadState(): CPU state, counters, TLB and RAM round-trip, so a
// restored core continues exactly as the original would have.

import { describe, expect, it } from 'vitest';
import { StopReason, stateDifference } from '../../emu/cpu-state.ts';
import type { Core } from '../../emu/core-host.ts';
import { countersDifference } from '../isa/lockstep.ts';
import { BUSY_PROGRAM } from './programs.ts';
import { coreWithProgram } from './program.ts';

function expectSame(a: Core, b: Core): void {
  expect(stateDifference(a.getState(), b.getState())).toBeNull();
  expect(countersDifference(a.counters(), b.counters())).toBeNull();
  expect(Buffer.compare(a.ram, b.ram)).toBe(0);
}

describe('core snapshots', () => {
  it('a restored core continues exactly like the original', async () => {
    const original = (await coreWithProgram(BUSY_PROGRAM)).core;
    for (const at of [3_000n, 9_500n, 12_345n]) {
      expect(original.run(at)).toBe(StopReason.Budget);
      const snapshot = original.saveState();

      const other = (await coreWithProgram('.global _start\n_start: hlt\n')).core;
      other.run(100n); // some unrelated history, decoded code and TLB contents
      other.loadState(snapshot);
      expectSame(other, original);

      const reference = (await coreWithProgram(BUSY_PROGRAM)).core;
      reference.loadState(snapshot);
      expect(reference.run(1_000_000n)).toBe(StopReason.Dead);
      expect(other.run(1_000_000n)).toBe(StopReason.Dead);
      expectSame(other, reference);
    }
  });

  it('restoring rewinds the original too (RAM, TLB and counters included)', async () => {
    const { core } = await coreWithProgram(BUSY_PROGRAM);
    core.run(8_000n);
    const snapshot = core.saveState();
    core.run(1_000_000n);
    const finished = { state: core.getState(), counters: core.counters(), ram: core.ram.slice() };
    core.loadState(snapshot);
    expect(core.cycles()).toBeLessThan(finished.state.cycles);
    core.run(1_000_000n);
    expect(stateDifference(core.getState(), finished.state)).toBeNull();
    expect(countersDifference(core.counters(), finished.counters)).toBeNull();
    expect(Buffer.compare(core.ram, finished.ram)).toBe(0);
  });

  it('refuses snapshots of another RAM size or format', async () => {
    const small = (await coreWithProgram('.global _start\n_start: hlt\n', { ramBytes: 2 << 20 })).core;
    const big = (await coreWithProgram('.global _start\n_start: hlt\n', { ramBytes: 3 << 20 })).core;
    expect(() => big.loadState(small.saveState())).toThrow(/RAM/);
    expect(() => big.loadState(new Uint8Array(64))).toThrow(/snapshot/);
  });
});
