// The reference interpreter's host-facing API (emu/reference/reference-cpu.ts):
// reset (docs/isa.md §11), the boot ROM and memory map (§9), run/step/idle
// semantics, stop requests, state loading, and TLB contents (§7).

import { describe, expect, it } from 'vitest';
import { StopReason, stateDifference } from '../../emu/cpu-state.ts';
import type { ReferenceBus } from '../../emu/reference/bus.ts';
import { ReferenceCpu } from '../../emu/reference/reference-cpu.ts';
import { assemble } from '../isa/encode.ts';
import { loadRandomProgram, randomProgram } from '../isa/random-program.ts';
import { makeReferenceCpu } from '../isa/reference-cpu-adapter.ts';
import { NO_DEVICE_BUS } from '../isa/lockstep.ts';

const RAM = 0x20000;
const CODE = 0x2000;

function cpuWith(code: string[], bus?: ReferenceBus): ReferenceCpu {
  const cpu = new ReferenceCpu({ ramBytes: RAM, bus });
  cpu.writePhysical(CODE, assemble(code));
  cpu.setState({ eip: CODE, regs: [0, 0, 0, 0, 0x8000, 0, 0, 0] });
  return cpu;
}

function busWith(overrides: Partial<ReferenceBus>): ReferenceBus {
  return {
    portRead: () => 0xffffffff, portWrite: () => {}, interruptPending: () => false,
    acknowledgeInterrupt: () => { throw new Error('no interrupt'); }, ...overrides,
  };
}

describe('reset (§11) and the boot ROM (§9)', () => {
  it('resets to the documented state', () => {
    const cpu = cpuWith(['mov eax, 1']);
    cpu.step();
    cpu.reset();
    expect(cpu.getState()).toEqual({
      regs: [0, 0, 0, 0, 0, 0, 0, 0], eip: 0xffff0000, eflags: 0x2, cpl: 0, cr0: 0, cr2: 0, cr3: 0, ksp: 0,
      idtBase: 0, idtLimit: 0, halted: false, cycles: 0n, instructions: 0n,
    });
    expect(cpu.counters().tlb).toEqual({ hits: 0n, misses: 0n, flushes: 0n, invlpg: 0n });
    expect(cpu.tlbEntries()).toEqual([]);
  });

  it('runs the ROM from reset; the ROM ignores writes; the rest of the ROM reads 0xFF', () => {
    const rom = Uint8Array.from(assemble(['mov eax, 0x12345678', 'mov [0xffff0100], eax', 'mov ebx, [0xffff0100]', 'hlt']));
    const cpu = new ReferenceCpu({ ramBytes: RAM, rom });
    expect(cpu.run(1000n)).toBe(StopReason.Dead);
    const state = cpu.getState();
    expect(state.regs[0]).toBe(0x12345678);
    expect(state.regs[3]).toBe(0xffffffff);
    expect(state.instructions).toBe(4n);
  });

  it('a dword at the top of the address space wraps to address 0', () => {
    const cpu = cpuWith(['mov eax, [0xfffffffe]']);
    cpu.writePhysical(0, [0x11, 0x22]);
    cpu.step();
    expect(cpu.getState().regs[0]).toBe(0x2211ffff);
  });

  it('rejects RAM that would overlap the ROM and oversized ROM images', () => {
    expect(() => new ReferenceCpu({ ramBytes: 0xffff0001 })).toThrow();
    expect(() => new ReferenceCpu({ ramBytes: RAM, rom: new Uint8Array(0x10001) })).toThrow();
  });
});

describe('run, step and idle time', () => {
  it('run() stops at the first instruction boundary at or after the target', () => {
    const cpu = cpuWith(['nop', 'nop', 'mov eax, [0x4000]', 'jmp -11']);
    expect(cpu.run(3n)).toBe(StopReason.Budget);
    expect(cpu.getState().cycles).toBe(4n); // nop, nop, mov (2 cycles)
    expect(cpu.run(4n)).toBe(StopReason.Budget);
    expect(cpu.getState().cycles).toBe(4n);
  });

  it('chunking run() is invisible', () => {
    for (const seed of [3, 4, 5, 6]) {
      const program = randomProgram({ seed, paging: seed % 2 === 0, userMode: seed === 5 });
      const whole = makeReferenceCpu({ ramBytes: program.ramBytes, bus: NO_DEVICE_BUS });
      const chunked = new ReferenceCpu({ ramBytes: program.ramBytes });
      loadRandomProgram(whole, program);
      for (const b of program.memory) chunked.writePhysical(b.address, b.bytes);
      chunked.setState(program.state);
      let wholeStop: StopReason | null = null;
      for (let i = 0; i < program.maxSteps && wholeStop === null; i++) wholeStop = whole.step();
      const target = whole.getState().cycles;
      let chunkedStop = StopReason.Budget;
      for (let t = 7n; chunkedStop === StopReason.Budget && t < target; t += 7n) chunkedStop = chunked.run(t);
      if (chunkedStop === StopReason.Budget) chunkedStop = chunked.run(target);
      expect(stateDifference(chunked.getState(), whole.getState())).toBeNull();
    }
  });

  it('a halted CPU spends no cycles until the run loop adds idle time', () => {
    const cpu = cpuWith(['hlt']);
    cpu.setState({ eflags: 0x202 });
    expect(cpu.step()).toBe(StopReason.Halted);
    expect(cpu.step()).toBe(StopReason.Halted);
    expect(cpu.run(1000n)).toBe(StopReason.Halted);
    expect(cpu.getState().cycles).toBe(2n);
    cpu.addIdleCycles(98);
    const c = cpu.counters();
    expect([c.cycles, c.idleCycles, c.kernelCycles]).toEqual([100n, 98n, 2n]);
  });

  it('hlt with IF = 0 is Dead for good', () => {
    const cpu = cpuWith(['hlt']);
    expect(cpu.step()).toBe(StopReason.Dead);
    expect(cpu.step()).toBe(StopReason.Dead);
    expect(cpu.run(100n)).toBe(StopReason.Dead);
  });

  it('a triple fault is sticky until the state is loaded again', () => {
    const cpu = cpuWith(['ud2']);
    expect(cpu.step()).toBe(StopReason.TripleFault);
    expect(cpu.step()).toBe(StopReason.TripleFault);
    expect(cpu.getState().eip).toBe(CODE);
    cpu.setState({ eip: CODE + 2 });
    expect(cpu.step()).toBe(null);
  });

  it('the interrupt controller is acknowledged once per delivered interrupt, never with IF = 0', () => {
    let pending = 1;
    let acks = 0;
    const bus = busWith({ interruptPending: () => pending > 0, acknowledgeInterrupt: () => { acks++; pending--; return 0x20; } });
    const cpu = cpuWith(['nop', 'sti', 'nop', 'nop'], bus);
    cpu.setState({ idtBase: 0, idtLimit: 0x7ff });
    cpu.writePhysical(0x20 * 8, [0, 0x30, 0, 0, 1, 0, 0, 0]);
    cpu.step(); // nop, IF = 0
    cpu.step(); // sti
    expect(acks).toBe(0);
    cpu.step(); // the nop in the shadow
    expect(acks).toBe(0);
    expect(cpu.interruptShadow).toBe(false);
    cpu.step(); // delivery
    expect(acks).toBe(1);
    expect(cpu.getState().eip).toBe(0x3000);
  });

  it('returns StopRequested after a port access when the bus asks', () => {
    let writes = 0;
    const bus = busWith({ portWrite: () => { writes++; }, stopRequested: () => writes === 2 });
    const cpu = cpuWith(['out 0x80, al', 'nop', 'out 0x80, al', 'nop'], bus);
    expect(cpu.run(1000n)).toBe(StopReason.StopRequested);
    expect(cpu.getState().eip).toBe(CODE + 5);
  });
});

describe('state and TLB inspection', () => {
  it('getState and counters return copies', () => {
    const cpu = cpuWith(['nop']);
    const state = cpu.getState();
    state.regs[0] = 99;
    cpu.counters().tlb.hits = 5n;
    expect(cpu.getState().regs[0]).toBe(0);
    expect(cpu.counters().tlb.hits).toBe(0n);
  });

  it('setState normalises eflags, cr0 and cr3', () => {
    const cpu = cpuWith(['nop']);
    cpu.setState({ eflags: 0xffffffff, cr0: 0x7fffffff, cr3: 0x12345fff });
    const s = cpu.getState();
    expect([s.eflags, s.cr0, s.cr3]).toEqual([0xec3, 0x10000, 0x12345000]);
  });

  it('fills ways in FIFO order, refills D in place, and setState empties the TLB', () => {
    // Pages 0x10000.. in set 0 all map to frame 0x4000; code at 0x2000 (set 2).
    const cpu = new ReferenceCpu({ ramBytes: RAM });
    const pd = 0x1c000;
    const pt = 0x1d000;
    const dword = (v: number): number[] => [0, 8, 16, 24].map((shift) => (v >>> shift) & 0xff);
    cpu.writePhysical(pd, dword(pt | 7));
    const pte = (linear: number, frame: number): void => cpu.writePhysical(pt + (linear >>> 12) * 4, dword(frame | 3));
    pte(CODE, CODE);
    const pages = [0x10000, 0x20000, 0x30000, 0x40000, 0x50000];
    for (const p of pages) pte(p, 0x4000);
    cpu.writePhysical(CODE, assemble([...pages.slice(0, 4).map((p) => `mov eax, [${p}]`), `mov [${pages[1]}], eax`,
      `mov eax, [${pages[4]}]`]));
    cpu.setState({ eip: CODE, cr0: 0x80000000, cr3: pd, regs: [0, 0, 0, 0, 0x8000, 0, 0, 0] });
    for (let i = 0; i < 5; i++) expect(cpu.step()).toBe(null);
    const setZero = () => cpu.tlbEntries().filter((s) => s.set === 0).map((s) => [s.way, s.entry.vpn, s.entry.dirty]);
    expect(setZero()).toEqual([[0, 0x10, false], [1, 0x20, true], [2, 0x30, false], [3, 0x40, false]]);
    expect(cpu.step()).toBe(null);
    expect(setZero()).toEqual([[0, 0x50, false], [1, 0x20, true], [2, 0x30, false], [3, 0x40, false]]);
    cpu.setState({});
    expect(cpu.tlbEntries()).toEqual([]);
  });
});
