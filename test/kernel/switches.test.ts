// Exact counts: context switches (voluntary, involuntary), kernel entries,
// the preemption quantum, the null system call, and the power-off report
// (docs/kernel.md §5, §11).
import { beforeAll, describe, expect, it } from 'vitest';
import { param } from '../../tools/kernel/params.ts';
import { kernelSection } from '../../emu/stats/kernel-section.ts';
import { benchLine, bootKernel, kernelElf } from './kernel-harness.ts';

// Building the kernel and its programs takes a while on a busy machine.
beforeAll(() => kernelElf(), 300_000);

const QUANTUM = param('QUANTUM_TICKS') * param('TICK_CYCLES');

/**
 * The committed cost of a null system call (getppid) in the cheapest batch of
 * 100, in cycles. It changes with the trap path: rerun `lat_syscall 1000`
 * (npx vitest run test/kernel) and commit the new figure with the change.
 */
const NULL_SYSCALL_CYCLES_PER_100 = 30685;

describe('context switches', () => {
  it('lat_ctx: exactly 2 voluntary switches per round trip, none involuntary', async () => {
    const run = await bootKernel({ command: 'lat_ctx 100' });
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
    const r = benchLine(run.output, 'lat_ctx');
    expect(r).toMatchObject({ n: '100', voluntary: '200', involuntary: '0', switches_per_op: '2' });
  });

  it('preempts two CPU-bound processes at every quantum', async () => {
    const run = await bootKernel({ command: 'spin 5 2' });
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
    const lines = run.output.split('\n').filter((l) => l.startsWith('spin pid='));
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/voluntary=0 involuntary=1[0-9]$/);
    // Between the two spinners' first and last switch, every switch comes one quantum after the last.
    const spinners = run.threads.filter((t) => t.name === 'spin' && t.pid > 3);
    const steady = spinners.slice(2, -2);
    expect(steady.length).toBeGreaterThan(20);
    for (let i = 1; i < steady.length; i++) {
      expect(steady[i].pid).not.toBe(steady[i - 1].pid);
      const gap = Number(steady[i].cycle - steady[i - 1].cycle);
      expect(Math.round(gap / param('TICK_CYCLES'))).toBe(param('QUANTUM_TICKS'));
      expect(Math.abs(gap - QUANTUM)).toBeLessThan(5000);
    }
  });

  it('sends every switch (and exec) through the trace-control port, and reports the counters at power-off', async () => {
    const run = await bootKernel({ command: 'lat_ctx 10; lat_proc 5' });
    const g = run.reported;
    // THREAD comes at every switch, and at exec (same pid, the program's name): count the pid changes
    const switches = run.threads.filter((t, i) => t.pid !== (i === 0 ? 0 : run.threads[i - 1].pid)).length;
    expect(g['kernel.contextSwitches.voluntary'] + g['kernel.contextSwitches.involuntary']).toBe(switches);
    expect(run.threads.some((t, i) => i > 0 && t.pid === run.threads[i - 1].pid && t.name === 'lat_proc')).toBe(true);
    expect(g['kernel.syscalls']).toBe(g['kernel.entries.syscall']);
    expect(g['kernel.entries.syscall']).toBe(run.stats.modeSwitches.syscall);
    const irqs = run.stats.interrupts.byVector;
    expect(g['kernel.entries.irq']).toBe((irqs['32'] ?? 0) + (irqs['36'] ?? 0)); // the boot ROM's disk IRQs are not the kernel's
    expect(g['kernel.entries.exception']).toBe(run.stats.exceptions.total);
    expect(g['kernel.forks']).toBeGreaterThanOrEqual(7);
    expect(Object.keys(g).some((k) => /^kernel\.proc\.\d+\.lat_ctx\.voluntary$/.test(k))).toBe(true);
    // the shape proposed for --stats-json's `kernel` section
    const kernel = kernelSection(g)!;
    expect(kernel.contextSwitches.voluntary).toBe(g['kernel.contextSwitches.voluntary']);
    expect(kernel.processes.find((p) => p.pid === 1)).toMatchObject({ name: 'init', involuntary: 0 });
    expect(kernel.processes.filter((p) => p.name === 'lat_ctx').map((p) => p.voluntary)).toContain(10);
  });
});

describe('system calls', () => {
  it('a null system call is one kernel entry and a committed number of cycles', async () => {
    const run = await bootKernel({ command: 'lat_syscall 1000' });
    const r = benchLine(run.output, 'lat_syscall');
    expect(r).toMatchObject({ n: '1000', switches: '0', batch: '100', batch_entries: '100' });
    expect(Number(r.entries)).toBeGreaterThanOrEqual(1000); // and the timer ticks that landed
    expect(Number(r.batch_cycles)).toBe(NULL_SYSCALL_CYCLES_PER_100);
  });

  it('every lat_* benchmark runs the N it is given', async () => {
    const run = await bootKernel({ command: 'lat_syscall 250; lat_syscall 7; lat_ctx 7; lat_proc 3; lat_pagefault 5' });
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
    const lines = run.output.split('\n').filter((l) => l.startsWith('lat_'));
    expect(lines.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(
      ['lat_syscall n=250', 'lat_syscall n=7', 'lat_ctx n=7', 'lat_proc n=3', 'lat_pagefault n=5']);
    expect(benchLine(run.output, 'lat_syscall')).toMatchObject({ batch: '100' });
    expect(lines[1]).toContain(' batch=7 batch_cycles=');
  });

  it('demand-zero page faults: one kernel entry each', async () => {
    const run = await bootKernel({ command: 'lat_pagefault 50' });
    expect(run.output).toContain('pagefaults=50\n');
    expect(benchLine(run.output, 'lat_pagefault')).toMatchObject({ entries: '50', switches: '0' });
  });

  it('lat_proc: fork, exit and wait are two voluntary switches', async () => {
    const run = await bootKernel({ command: 'lat_proc 20' });
    expect(benchLine(run.output, 'lat_proc')).toMatchObject({ n: '20', switches: '40', switches_per_op: '2' });
  });
});

describe('usertests', () => {
  it('passes inside the guest', async () => {
    const run = await bootKernel({ command: 'usertests' });
    expect(run.output).toContain('ALL TESTS PASSED\n');
    expect(run.output).not.toContain('panic');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
  });
});
