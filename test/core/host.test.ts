// The TypeScript wrapper (emu/core-host.ts): layout from the module's globals,
// state access, RAM and ROM views, translation without side effects.

import { describe, expect, it } from 'vitest';
import { StopReason } from '../../emu/cpu-state.ts';
import { Core } from '../../emu/core-host.ts';
import { coreModule } from './core-module.ts';
import { coreWithProgram } from './program.ts';

const NO_IO = { portRead: () => 0xffffffff, portWrite: () => {}, intAck: () => 32 };

describe('core host wrapper', () => {
  it('reads the layout from the module and keeps RAM below ROM, 64 KiB aligned', async () => {
    const core = await Core.create({ ramBytes: 1 << 20, io: NO_IO, module: await coreModule() });
    const L = core.layout;
    expect(L.RAM_BASE % 0x10000).toBe(0);
    expect(L.ROM_BASE + L.ROM_SIZE).toBeLessThanOrEqual(L.RAM_BASE);
    expect(L.SAVED).toBeLessThan(L.EVENTS);
    expect(core.ram.length).toBe(1 << 20);
    expect(core.getState()).toMatchObject({ eip: 0xffff0000, eflags: 2, cpl: 0, halted: false, cycles: 0n });
  });

  it('refuses RAM sizes the core cannot have', async () => {
    const module = await coreModule();
    expect(() => Core.createSync({ ramBytes: 1000, io: NO_IO, module })).toThrow(/init/);
    expect(() => Core.createSync({ ramBytes: 2048 << 20, io: NO_IO, module })).toThrow(/init/);
  });

  it('sets and gets every state field', async () => {
    const core = await Core.create({ ramBytes: 1 << 20, io: NO_IO, module: await coreModule() });
    const state = {
      regs: [1, 2, 3, 4, 5, 6, 7, 0xffffffff], eip: 0x1234, eflags: 0xfff, cpl: 3 as const, cr0: 0x80010000,
      cr2: 0xdead, cr3: 0x5000, ksp: 0x9000, idtBase: 0x100, idtLimit: 0x7ff, halted: true,
      cycles: 123456789012n, instructions: 42n,
    };
    core.setState(state);
    // eflags keeps only its defined bits and bit 1 (isa.md §1); cr3 keeps bits 12-31.
    expect(core.getState()).toEqual({ ...state, eflags: 0xec3 });
    core.setState({ cr3: 0x5abc });
    expect(core.getState().cr3).toBe(0x5000);
    const c = core.counters();
    expect(c.cycles).toBe(123456789012n);
    expect(c.userCycles + c.kernelCycles + c.idleCycles).toBe(0n); // setting the clock is not time spent
  });

  it('translates linear addresses without touching the TLB or A/D bits', async () => {
    const { core } = await coreWithProgram(`
      .global _start
      _start:
        mov dword [0x200000], 0x201000 | 7   ; PDE 0
        mov dword [0x201000 + 4 * 0x123], 0x345000 | 7
        mov eax, 0x200000
        mov cr3, eax
        hlt
    `);
    expect(core.run(1000n)).toBe(StopReason.Dead);
    core.setState({ cr0: 0x80000000 });
    const before = core.counters().tlb;
    expect(core.translatePeek(0x123456)).toBe(0x345456);
    expect(core.translatePeek(0x124000)).toBeNull();
    core.ram.set([1, 2, 3], 0x345ffd);
    expect(core.peekLinear(0x123ffd, 3)).toEqual(new Uint8Array([1, 2, 3]));
    expect(core.peekLinear(0x123ffd, 4)).toBeNull();
    expect(core.counters().tlb).toEqual(before);
    expect(core.ram[0x201000 + 4 * 0x123] & 0x20).toBe(0); // A not set
  });

  it('reads ROM and unmapped physical addresses as the CPU does', async () => {
    const core = await Core.create({ ramBytes: 1 << 20, io: NO_IO, rom: new Uint8Array([0xaa, 0xbb]), module: await coreModule() });
    expect(core.readPhysical8(0xffff0000)).toBe(0xaa);
    expect(core.readPhysical8(0xffff0001)).toBe(0xbb);
    expect(core.readPhysical8(0xffff0002)).toBe(0xff);
    expect(core.readPhysical8(0x800000)).toBe(0xff);
  });

  it('returns the reset state of isa.md §11 after reset()', async () => {
    const { core } = await coreWithProgram('.global _start\n_start: mov eax, 5\nhlt\n');
    core.run(100n);
    core.reset();
    expect(core.getState()).toEqual({
      regs: [0, 0, 0, 0, 0, 0, 0, 0], eip: 0xffff0000, eflags: 2, cpl: 0, cr0: 0, cr2: 0, cr3: 0, ksp: 0,
      idtBase: 0, idtLimit: 0, halted: false, cycles: 0n, instructions: 0n,
    });
  });
});
