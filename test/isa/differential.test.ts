// Differential testing: seeded random programs (random-program.ts) on the
// reference interpreter and on the wasm core.
//
//   step mode   step by step (lockstep.ts): every stop result, CpuState and
//               counter must agree after every step, and RAM at the end
//   run mode    the same programs through run(target) with random cycle targets,
//               which exercises the core's multi-instruction blocks and its
//               budget checks: results, state and counters agree after every run
//   programs    an assembled program that pages, switches rings and takes page
//               faults (test/core/programs.ts), in run mode

import { beforeAll, describe, expect, it } from 'vitest';
import { StopReason, stateDifference } from '../../emu/cpu-state.ts';
import type { WasmModule } from '../../emu/core-host.ts';
import { ReferenceCpu } from '../../emu/reference/reference-cpu.ts';
import { assembleProgram } from '../../tools/asm/assemble.ts';
import { readElf } from '../../tools/elf/read.ts';
import { BUSY_PROGRAM, LOOP_PROGRAM } from '../core/programs.ts';
import { coreModule } from '../core/core-module.ts';
import { adaptCore, coreCpuFactory, createTestCore } from './core-cpu-adapter.ts';
import { NO_DEVICE_BUS, countersDifference, runLockstep } from './lockstep.ts';
import { createRng, loadRandomProgram, randomProgram, type RandomProgram } from './random-program.ts';
import { makeReferenceCpu } from './reference-cpu-adapter.ts';
import type { CpuFactory, IsaTestCpu } from './run-case.ts';

const VARIANTS = [
  { paging: false, userMode: false },
  { paging: true, userMode: false },
  { paging: false, userMode: true },
  { paging: true, userMode: true },
];
const STEP_SEEDS = 50;
const RUN_SEEDS = 70;
const FIRST_SEED = 1000;
const ENDS = new Set<StopReason>([StopReason.Dead, StopReason.Halted, StopReason.TripleFault]);

let makeCore: CpuFactory;
let module: WasmModule;

beforeAll(async () => {
  makeCore = await coreCpuFactory();
  module = await coreModule();
}, 120_000);

function referenceAdapter(cpu: ReferenceCpu): IsaTestCpu {
  return {
    writeMemory: (physical, bytes) => cpu.writePhysical(physical, bytes),
    readMemory: (physical, length) => cpu.readPhysical(physical, length),
    setState: (state) => cpu.setState(state),
    getState: () => cpu.getState(),
    step: () => cpu.step(),
    addIdleCycles: (cycles) => cpu.addIdleCycles(cycles),
    counters: () => cpu.counters(),
  };
}

/** Runs program on both CPUs in run() chunks of random length; the first difference, or null. */
function runChunked(program: RandomProgram, seed: number): string | null {
  return runBothChunked(program.ramBytes, (cpu) => loadRandomProgram(cpu, program), seed, 400, 400);
}

/** Chunks of 1..maxChunk cycles (a third of them), else 1..maxChunk/10; at most `chunks` runs. */
function runBothChunked(ramBytes: number, load: (cpu: IsaTestCpu) => void, seed: number, chunks: number,
  maxChunk: number): string | null {
  const reference = new ReferenceCpu({ ramBytes });
  const core = createTestCore(module, ramBytes, NO_DEVICE_BUS);
  const a = referenceAdapter(reference);
  const b = adaptCore(core, NO_DEVICE_BUS);
  load(a);
  load(b);
  const rng = createRng(seed ^ 0x5eed);
  let target = 0n;
  for (let chunk = 0; chunk < chunks; chunk++) {
    target += BigInt(1 + (rng() % (chunk % 3 === 0 ? maxChunk : maxChunk / 10)));
    const stopA = reference.run(target);
    const stopB = core.run(target);
    const where = `run ${chunk} (target ${target})`;
    if (stopA !== stopB) return `${where}: stop ${StopReason[stopA]} != ${StopReason[stopB]}`;
    const d = stateDifference(a.getState(), b.getState()) ?? countersDifference(a.counters(), b.counters());
    if (d) return `${where}: ${d}`;
    if (ENDS.has(stopA)) break;
  }
  const ramA = a.readMemory(0, ramBytes);
  const ramB = b.readMemory(0, ramBytes);
  const at = ramA.findIndex((byte, i) => byte !== ramB[i]);
  return at >= 0 ? `memory at 0x${at.toString(16)}: ${ramA[at]} != ${ramB[at]}` : null;
}

describe('wasm core against the reference interpreter', () => {
  for (const variant of VARIANTS) {
    const name = `paging ${variant.paging}, user ${variant.userMode}`;
    it(`step mode: random programs agree (${name})`, () => {
      const failures: string[] = [];
      for (let i = 0; i < STEP_SEEDS && failures.length < 5; i++) {
        const seed = FIRST_SEED + i;
        const { difference } = runLockstep(makeReferenceCpu, makeCore, randomProgram({ seed, ...variant }));
        if (difference) failures.push(`seed ${seed}: ${difference}`);
      }
      expect(failures).toEqual([]);
    });
    it(`run mode: random programs agree (${name})`, () => {
      const failures: string[] = [];
      for (let i = 0; i < RUN_SEEDS && failures.length < 5; i++) {
        const seed = FIRST_SEED + 5000 + i;
        const difference = runChunked(randomProgram({ seed, ...variant }), seed);
        if (difference) failures.push(`seed ${seed}: ${difference}`);
      }
      expect(failures).toEqual([]);
    });
  }

  const programs = [
    { name: 'BUSY_PROGRAM', source: BUSY_PROGRAM, ramBytes: 4 << 20 },
    { name: 'LOOP_PROGRAM', source: LOOP_PROGRAM, ramBytes: 8 << 20 },
  ];
  for (const { name, source, ramBytes } of programs) {
    it(`programs: ${name} agrees in run mode`, () => {
      const image = readElf(assembleProgram(source).elf, name);
      const load = (cpu: IsaTestCpu): void => {
        for (const segment of image.segments) cpu.writeMemory(segment.paddr, segment.fileBytes);
        cpu.setState({ regs: [0, 0, 0, 0, ramBytes, 0, 0, 0], eip: image.entry, eflags: 2, cpl: 0, cycles: 0n, instructions: 0n });
      };
      const reference = new ReferenceCpu({ ramBytes });
      load(referenceAdapter(reference));
      expect(reference.run(100_000_000n)).toBe(StopReason.Dead);
      for (const seed of [1, 2]) expect(runBothChunked(ramBytes, load, seed, 100_000, 4000)).toBeNull();
    });
  }
});
