// Every StopReason of run() and step() (emu/cpu-state.ts, docs/machine.md §1.2).

import { describe, expect, it } from 'vitest';
import { StopReason } from '../../emu/cpu-state.ts';
import { coreWithProgram } from './program.ts';

const LOOP = `
  .global _start
  _start:
    mov ecx, 100000
  again:
    add eax, ecx
    dec ecx
    jnz again
    hlt
`;

describe('core stop reasons', () => {
  it('Budget: stops at the first boundary at or after the target', async () => {
    const { core } = await coreWithProgram(LOOP);
    for (const target of [1n, 2n, 5n, 17n, 1000n, 1001n, 1002n, 123457n]) {
      expect(core.run(target)).toBe(StopReason.Budget);
      const cycles = core.cycles();
      expect(cycles >= target).toBe(true);
      expect(cycles - target < 3n).toBe(true); // no instruction here costs more than 3
    }
    expect(core.run(core.cycles())).toBe(StopReason.Budget); // nothing to do
  });

  it('Dead: hlt with IF = 0, and again on every later run', async () => {
    const { core } = await coreWithProgram('.global _start\n_start: hlt\n');
    expect(core.run(100n)).toBe(StopReason.Dead);
    expect(core.run(200n)).toBe(StopReason.Dead);
    expect(core.step()).toBe(StopReason.Dead);
    expect(core.getState().halted).toBe(true);
    expect(core.cycles()).toBe(2n);
  });

  it('Halted: hlt with IF = 1 and no interrupt pending', async () => {
    const { core, entry } = await coreWithProgram('.global _start\n_start: sti\nhlt\n');
    expect(core.run(100n)).toBe(StopReason.Halted);
    expect(core.getState().eip).toBe(entry + 2);
    expect(core.run(100n)).toBe(StopReason.Halted); // still waiting: no cycles pass
    expect(core.cycles()).toBe(4n);
    expect(core.run(3n)).toBe(StopReason.Budget); // the target is behind
  });

  it('StopRequested: a device asks during a port access; the instruction completes', async () => {
    const { core, entry } = await coreWithProgram(`
      .global _start
      _start:
        mov edx, 0x500
        out dx, al
        mov ebx, 1
        hlt
    `, { onPortWrite: (_p, _s, _v, c) => c.requestStop() });
    expect(core.run(1000n)).toBe(StopReason.StopRequested);
    expect(core.getState().eip).toBe(entry + 6);
    expect(core.getState().regs[3]).toBe(0);
    expect(core.run(1000n)).toBe(StopReason.Dead);
    expect(core.getState().regs[3]).toBe(1);
  });

  it('StopRequested: a request made between runs stops the next run at once', async () => {
    const { core } = await coreWithProgram(LOOP);
    core.requestStop();
    expect(core.run(1000n)).toBe(StopReason.StopRequested);
    expect(core.cycles()).toBe(0n);
    expect(core.run(10n)).toBe(StopReason.Budget);
  });

  it('TripleFault: an exception with no IDT, reported with the faulting eip', async () => {
    const { core, entry } = await coreWithProgram('.global _start\n_start: nop\nud2\n');
    expect(core.run(1000n)).toBe(StopReason.TripleFault);
    expect(core.getState().eip).toBe(entry + 1);
    expect(core.run(2000n)).toBe(StopReason.TripleFault);
    expect(core.step()).toBe(StopReason.TripleFault);
    expect(core.counters().instructions).toBe(1n);
    core.setState({ eip: entry }); // a new state clears the shutdown
    expect(core.step()).toBe(StopReason.Step);
  });

  it('EventsFull: the trace buffer is drained at instruction boundaries', async () => {
    const { core } = await coreWithProgram(LOOP);
    core.traceMask = 1;
    let events = 0;
    let fulls = 0;
    for (;;) {
      const reason = core.run(10_000_000n);
      events += core.drainEvents(() => {});
      if (reason === StopReason.EventsFull) { fulls++; continue; }
      expect(reason).toBe(StopReason.Dead);
      break;
    }
    expect(fulls).toBeGreaterThan(10);
    expect(BigInt(events)).toBe(core.counters().instructions);
    expect(core.eventsDropped).toBe(0);
  });

  it('Step: one instruction or one delivery per step', async () => {
    const { core, entry } = await coreWithProgram(LOOP);
    expect(core.step()).toBe(StopReason.Step);
    expect(core.getState().eip).toBe(entry + 5);
    expect(core.counters().instructions).toBe(1n);
    expect(core.step()).toBe(StopReason.Step);
    expect(core.counters().instructions).toBe(2n);
  });
});
