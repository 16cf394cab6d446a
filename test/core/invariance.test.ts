// docs/machine.md §1.4: stopping and resuming is invisible. run(a); run(b) ends in
// the same state as run(b), whatever a, for a program that pages, switches
// between CPL 0 and 3, copies memory and takes system calls and page faults.

import { describe, expect, it } from 'vitest';
import { StopReason, stateDifference } from '../../emu/cpu-state.ts';
import type { Core } from '../../emu/core-host.ts';
import { countersDifference } from '../isa/lockstep.ts';
import { createRng } from '../isa/random-program.ts';
import { BUSY_PROGRAM } from './busy-program.ts';
import { coreWithProgram } from './program.ts';

function fingerprint(core: Core): { state: ReturnType<Core['getState']>; counters: ReturnType<Core['counters']>; ram: Uint8Array } {
  return { state: core.getState(), counters: core.counters(), ram: core.ram.slice() };
}

describe('run(a); run(b) = run(b)', () => {
  it('splitting a run anywhere changes nothing', async () => {
    const whole = await coreWithProgram(BUSY_PROGRAM);
    expect(whole.core.run(1_000_000n)).toBe(StopReason.Dead);
    const end = whole.core.cycles();
    const expected = fingerprint(whole.core);
    expect(expected.counters.modeSwitches.syscall).toBe(41n);
    expect(expected.counters.exceptions[14]).toBe(1n);

    const rng = createRng(99);
    for (let trial = 0; trial < 12; trial++) {
      const { core } = await coreWithProgram(BUSY_PROGRAM);
      let target = 0n;
      let reason = StopReason.Budget;
      while (reason === StopReason.Budget) {
        target += BigInt(1 + (rng() % (trial < 4 ? 7 : trial < 8 ? 300 : 5000)));
        reason = core.run(target);
      }
      expect(reason).toBe(StopReason.Dead);
      expect(core.cycles()).toBe(end);
      const got = fingerprint(core);
      expect(stateDifference(got.state, expected.state)).toBeNull();
      expect(countersDifference(got.counters, expected.counters)).toBeNull();
      expect(Buffer.compare(got.ram, expected.ram)).toBe(0);
    }
  });

  it('stepping gives the same result as running', async () => {
    const whole = await coreWithProgram(BUSY_PROGRAM);
    whole.core.run(1_000_000n);
    const { core } = await coreWithProgram(BUSY_PROGRAM);
    while (core.step() === StopReason.Step) { /* one at a time */ }
    expect(stateDifference(core.getState(), whole.core.getState())).toBeNull();
    expect(countersDifference(core.counters(), whole.core.counters())).toBeNull();
  });
});
