// Runs one program on two CPUs in lockstep and reports the first divergence:
// the differential check between the reference interpreter and the wasm core.
//
//   runLockstep(makeA, makeB, program) -> { steps, stop, difference }
//     both CPUs get the program's memory and state and a bus with no devices;
//     after every step the stop results, CpuState (emu/cpu-state.ts
//     stateDifference) and counters must agree; at the end, so must every byte
//     of RAM. Stops at Dead, Halted, TripleFault, a difference, or maxSteps.
//   runAlone(make, program) -> { steps, stop, cpu }   the same, on one CPU
//   NO_DEVICE_BUS                 ports read all ones, no interrupts
//   runawayRep(cpu)               true when the next instruction is a rep with more
//                                 than MAX_REP_COUNT elements: the run stops there
//                                 (stop 'runaway rep'), as interpreting billions of
//                                 elements proves nothing. Random code can reach one
//                                 only after a wild write corrupts code or the IDT.

import { StopReason, stateDifference, type CpuCounters } from '../../emu/cpu-state.ts';
import { opcodeAt } from '../../tools/isa/opcodes.ts';
import { loadRandomProgram, type RandomProgram } from './random-program.ts';
import type { CpuFactory, IsaTestCpu, TestBus } from './run-case.ts';

export const NO_DEVICE_BUS: TestBus = {
  portRead: (_port, size) => (size === 4 ? 0xffff_ffff : size === 2 ? 0xffff : 0xff),
  portWrite: () => {},
  interruptPending: () => false,
  acknowledgeInterrupt: () => { throw new Error('no interrupt is pending'); },
};

const ENDS = new Set<StopReason | null>([StopReason.Dead, StopReason.Halted, StopReason.TripleFault]);
export const MAX_REP_COUNT = 0x10000;

/** Random programs identity-map every page they use, so eip is also a physical address. */
export function runawayRep(cpu: IsaTestCpu): boolean {
  const state = cpu.getState();
  if (state.halted) return false;
  const op = opcodeAt(cpu.readMemory(state.eip, 1)[0]);
  return !!op && op.mnemonic.startsWith('rep ') && state.regs[1] > MAX_REP_COUNT;
}

export function countersDifference(a: CpuCounters, b: CpuCounters): string | null {
  const ja = JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  const jb = JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return ja === jb ? null : `counters: ${ja} != ${jb}`;
}

export type RunEnd = StopReason | null | 'runaway rep';

export function runAlone(make: CpuFactory, program: RandomProgram): { steps: number; stop: RunEnd; cpu: IsaTestCpu } {
  const cpu = make({ ramBytes: program.ramBytes, bus: NO_DEVICE_BUS });
  loadRandomProgram(cpu, program);
  let stop: RunEnd = null;
  let steps = 0;
  while (steps < program.maxSteps && !ENDS.has(stop as StopReason)) {
    if (runawayRep(cpu)) return { steps, stop: 'runaway rep', cpu };
    stop = cpu.step();
    steps++;
  }
  return { steps, stop, cpu };
}

export function runLockstep(makeA: CpuFactory, makeB: CpuFactory, program: RandomProgram):
  { steps: number; stop: RunEnd; difference: string | null } {
  const a = makeA({ ramBytes: program.ramBytes, bus: NO_DEVICE_BUS });
  const b = makeB({ ramBytes: program.ramBytes, bus: NO_DEVICE_BUS });
  loadRandomProgram(a, program);
  loadRandomProgram(b, program);
  let stop: RunEnd = null;
  let steps = 0;
  while (steps < program.maxSteps && !ENDS.has(stop as StopReason)) {
    if (runawayRep(a)) {
      stop = 'runaway rep';
      break;
    }
    const before = a.getState().eip;
    stop = a.step();
    const other = b.step();
    steps++;
    const where = `step ${steps} (eip 0x${before.toString(16)})`;
    if (stop !== other) return { steps, stop, difference: `${where}: stop ${stop} != ${other}` };
    const d = stateDifference(a.getState(), b.getState()) ?? countersDifference(a.counters(), b.counters());
    if (d) return { steps, stop, difference: `${where}: ${d}` };
  }
  const ramA = a.readMemory(0, program.ramBytes);
  const ramB = b.readMemory(0, program.ramBytes);
  const at = ramA.findIndex((byte, i) => byte !== ramB[i]);
  return { steps, stop, difference: at >= 0 ? `memory at 0x${at.toString(16)}: ${ramA[at]} != ${ramB[at]}` : null };
}
