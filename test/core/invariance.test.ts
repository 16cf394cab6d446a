// docs/machine.md §1.4: stopping and resuming is invisible. run(a); run(b) ends in
// the same state as run(b), whatever a, for a program that pages, switches
// between CPL 0 and 3, copies memory and takes system calls and page faults.

import { describe, expect, it } from 'vitest';
import { StopReason, stateDifference } from '../../emu/cpu-state.ts';
import type { Core } from '../../emu/core-host.ts';
import { countersDifference } from '../isa/lockstep.ts';
import { createRng } from '../isa/random-program.ts';
import { BUSY_PROGRAM, LOOP_PROGRAM } from './programs.ts';
import { coreWithProgram } from './program.ts';

function fingerprint(core: Core): { state: ReturnType<Core['getState']>; counters: ReturnType<Core['counters']>; ram: Uint8Array } {
  return { state: core.getState(), counters: core.counters(), ram: core.ram.slice() };
}

describe('run(a); run(b) = run(b)', () => {
  const programs = [
    { name: 'BUSY_PROGRAM', source: BUSY_PROGRAM, ramBytes: 4 << 20 },
    { name: 'LOOP_PROGRAM', source: LOOP_PROGRAM, ramBytes: 8 << 20 },
  ];
  for (const { name, source, ramBytes } of programs) {
    it(`splitting a run anywhere changes nothing (${name})`, async () => {
      const options = { ramBytes };
      const whole = await coreWithProgram(source, options);
      expect(whole.core.run(10_000_000n)).toBe(StopReason.Dead);
      const end = whole.core.cycles();
      const expected = fingerprint(whole.core);

      const rng = createRng(99);
      for (let trial = 0; trial < 12; trial++) {
        const { core } = await coreWithProgram(source, options);
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

    it(`stepping gives the same result as running (${name})`, async () => {
      const options = { ramBytes };
      const whole = await coreWithProgram(source, options);
      whole.core.run(10_000_000n);
      const { core } = await coreWithProgram(source, options);
      while (core.step() === StopReason.Step) { /* one at a time */ }
      expect(stateDifference(core.getState(), whole.core.getState())).toBeNull();
      expect(countersDifference(core.counters(), whole.core.counters())).toBeNull();
    });
  }

  it('the programs do what they should', async () => {
    const busy = await coreWithProgram(BUSY_PROGRAM);
    expect(busy.core.run(10_000_000n)).toBe(StopReason.Dead);
    const c = busy.core.counters();
    expect(c.modeSwitches.syscall).toBe(41n);
    expect(c.exceptions[14]).toBe(1n);
    const loops = await coreWithProgram(LOOP_PROGRAM, { ramBytes: 8 << 20 });
    expect(loops.core.run(10_000_000n)).toBe(StopReason.Dead);
    const l = loops.core.counters();
    expect(l.tlb.misses).toBeGreaterThan(300n);
    expect(loops.core.getState().regs[3]).toBe(49); // the last patched immediate
  });
});
