// The random program generator, run against the reference interpreter alone:
// every program must end in an architectural event without an interpreter
// error, and generation and execution must be deterministic.

import { describe, expect, it } from 'vitest';
import { StopReason } from '../../emu/cpu-state.ts';
import { runAlone, runLockstep } from './lockstep.ts';
import { randomProgram, createRng } from './random-program.ts';
import { makeReferenceCpu } from './reference-cpu-adapter.ts';
import { decodeInstruction } from '../../emu/reference/decode.ts';
import { GuestFault } from '../../emu/reference/faults.ts';

const VARIANTS = [
  { paging: false, userMode: false },
  { paging: true, userMode: false },
  { paging: false, userMode: true },
  { paging: true, userMode: true },
];
const SEEDS = 150;
const STOP_NAMES: Record<number, string> = {
  [StopReason.Dead]: 'Dead', [StopReason.Halted]: 'Halted', [StopReason.TripleFault]: 'TripleFault',
};

describe('random programs', () => {
  it('the PRNG is deterministic', () => {
    const a = createRng(42);
    const b = createRng(42);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(new Set(first).size).toBe(5);
  });

  it('generation is deterministic', () => {
    expect(randomProgram({ seed: 7, paging: true })).toEqual(randomProgram({ seed: 7, paging: true }));
    expect(randomProgram({ seed: 7 })).not.toEqual(randomProgram({ seed: 8 }));
  });

  it('instructions are laid out back to back (lengths agree with the decoder)', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const program = randomProgram({ seed, instructions: 200 });
      const code = program.memory.find((b) => b.address === program.instructionAddresses[0])!;
      const byteAt = (linear: number): number => code.bytes[linear - code.address] ?? 0;
      const starts = program.instructionAddresses;
      for (let i = 0; i + 1 < starts.length; i++) {
        try {
          expect(decodeInstruction(starts[i], byteAt).length).toBe(starts[i + 1] - starts[i]);
        } catch (e) {
          if (!(e instanceof GuestFault)) throw e; // random bytes: an undefined opcode or a broken shape
        }
      }
    }
  });

  for (const variant of VARIANTS) {
    it(`run to an architectural end (paging ${variant.paging}, user ${variant.userMode})`, () => {
      const stops = new Map<string, number>();
      let retired = 0n;
      let delivered = 0n;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const program = randomProgram({ seed, ...variant });
        const { stop, cpu } = runAlone(makeReferenceCpu, program);
        const key = stop === null ? 'steps exhausted' : typeof stop === 'string' ? stop : STOP_NAMES[stop] ?? String(stop);
        stops.set(key, (stops.get(key) ?? 0) + 1);
        const c = cpu.counters();
        retired += c.instructions;
        delivered += c.exceptions.reduce((x, y) => x + y, 0n) + c.softInts.reduce((x, y) => x + y, 0n);
        expect(c.cycles).toBe(c.userCycles + c.kernelCycles + c.idleCycles);
      }
      expect(retired).toBeGreaterThan(BigInt(SEEDS * 8));
      expect(delivered).toBeGreaterThan(0n);
      expect([...stops.keys()].every((k) => ['Dead', 'Halted', 'TripleFault', 'steps exhausted', 'runaway rep'].includes(k))).toBe(true);
    });
  }

  it('two reference CPUs agree in lockstep', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const program = randomProgram({ seed, paging: seed % 2 === 0, userMode: seed % 3 === 0 });
      expect(runLockstep(makeReferenceCpu, makeReferenceCpu, program).difference).toBeNull();
    }
  });
});
