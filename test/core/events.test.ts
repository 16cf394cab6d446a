// Trace events (docs/machine.md §1, record format in emu/core/layout.ts): recorded
// only for the enabled categories, decoded into TraceEvents, and never changing
// a cycle count.

import { describe, expect, it } from 'vitest';
import { StopReason, stateDifference } from '../../emu/cpu-state.ts';
import { CORE_TRACE_BITS, type CoreEvent } from '../../emu/core-host.ts';
import { countersDifference } from '../isa/lockstep.ts';
import { BUSY_PROGRAM } from './programs.ts';
import { coreWithProgram } from './program.ts';

async function traced(mask: number): Promise<{ events: CoreEvent[]; core: Awaited<ReturnType<typeof coreWithProgram>>['core'] }> {
  const { core } = await coreWithProgram(BUSY_PROGRAM);
  core.traceMask = mask;
  const events: CoreEvent[] = [];
  for (;;) {
    const reason = core.run(1_000_000n);
    core.drainEvents((e) => events.push(e));
    if (reason !== StopReason.EventsFull) {
      expect(reason).toBe(StopReason.Dead);
      break;
    }
  }
  return { events, core };
}

function kinds(events: CoreEvent[]): Set<string> {
  return new Set(events.map((e) => e.kind));
}

describe('core trace events', () => {
  it('records nothing when no category is enabled', async () => {
    const { events } = await traced(0);
    expect(events).toEqual([]);
  });

  it('records each category alone, and never changes timing', async () => {
    const plain = await traced(0);
    const all = await traced(0xf);
    expect(stateDifference(all.core.getState(), plain.core.getState())).toBeNull();
    expect(countersDifference(all.core.counters(), plain.core.counters())).toBeNull();

    const insn = await traced(CORE_TRACE_BITS.insn);
    expect(kinds(insn.events)).toEqual(new Set(['insn']));
    const counters = plain.core.counters();
    // Every retired instruction, plus the faulting attempt that #PF restarts.
    expect(BigInt(insn.events.length)).toBe(counters.instructions + 1n);

    const mode = await traced(CORE_TRACE_BITS.mode);
    expect(kinds(mode.events)).toEqual(new Set(['mode', 'halt']));
    const switches = mode.events.filter((e) => e.kind === 'mode');
    expect(switches.filter((e) => e.kind === 'mode' && e.to === 0).length)
      .toBe(Number(counters.modeSwitches.syscall + counters.modeSwitches.exception));
    expect(switches.filter((e) => e.kind === 'mode' && e.cause === 'iret').length).toBe(Number(counters.returnsToUser));

    const intr = await traced(CORE_TRACE_BITS.intr);
    expect(kinds(intr.events)).toEqual(new Set(['softint', 'exception', 'iret']));
    const fault = intr.events.find((e) => e.kind === 'exception');
    expect(fault).toMatchObject({ vector: 14, cr2: 0x300800, error: 0b110 }); // not present, write, user

    const mmu = await traced(CORE_TRACE_BITS.mmu);
    expect(kinds(mmu.events)).toEqual(new Set(['tlb-miss', 'tlb-flush', 'cr3', 'invlpg']));
    expect(mmu.events.filter((e) => e.kind === 'tlb-miss').length).toBe(Number(counters.tlb.misses));
    expect(mmu.events.find((e) => e.kind === 'invlpg')).toMatchObject({ vaddr: 0x300000 });
    expect(mmu.events.find((e) => e.kind === 'cr3')).toMatchObject({ value: 0x200000 });
  });

  it('stamps events with the cycle counter, in order', async () => {
    const { events, core } = await traced(0xf);
    for (let i = 1; i < events.length; i++) expect(events[i].cycle >= events[i - 1].cycle).toBe(true);
    const last = events[events.length - 1];
    expect(last.kind).toBe('halt');
    expect(last.cycle).toBe(core.cycles() - 2n); // hlt costs 2
    const insns = events.filter((e) => e.kind === 'insn');
    expect(insns[0]).toMatchObject({ cycle: 0n, cpl: 0 });
    expect(insns.some((e) => e.kind === 'insn' && e.cpl === 3)).toBe(true);
  });
});
