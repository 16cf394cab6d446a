// The disk driver is interrupt-driven (docs/kernel.md §16.2): a process that
// waits for the disk sleeps, and another one runs meanwhile. `cat` reads a
// 1 MiB file from a cold cache (one disk command per 4 KiB block) while `spin`
// computes in the same pipeline: the idle thread never runs while both are
// alive, although cat waits for the disk a hundred times and more meanwhile.
// spin was run once before, so its exec finds the program in memory and does
// not wait for the file-system lock that cat holds across its disk waits
// (docs/kernel.md §16.4). Likewise a read of cached data takes no lock, so it
// never waits behind another process's disk wait.

import { describe, expect, it } from 'vitest';
import { bootKernel, programPids, processSpan } from './kernel-harness.ts';

describe('the disk driver', () => {
  it('lets a CPU-bound process run while another waits for the disk', async () => {
    const run = await bootKernel({ command: 'spin 1 1 > /dev/null; cat /www/files/1m.bin > /dev/null | spin 60 1', disk: true, traceDisk: true });
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
    const [cat] = programPids(run.threads, 'cat');
    const span = processSpan(run.threads, cat);
    const reads = run.diskCommands.filter((c) => c.command === 'read' && c.cycle >= span.from && c.cycle < span.to);
    expect(reads.length).toBeGreaterThanOrEqual(256);   // 1 MiB in 4 KiB blocks, and the map's indirect block
    // cat slept on the disk: it ran again after most of its reads
    expect(span.resumed).toBeGreaterThanOrEqual(200);
    // while both were alive, the CPU always had the spinner to run: no idle before spin's last run,
    // though cat waited for the disk many times in that time
    const during = run.threads.filter((t) => t.cycle > span.from && t.cycle < span.to);
    const spinEnd = during.filter((t) => t.name === 'spin').map((t) => t.cycle).reduce((a, b) => (a > b ? a : b), 0n);
    expect(reads.filter((c) => c.cycle < spinEnd).length).toBeGreaterThanOrEqual(100);
    expect(during.filter((t) => t.pid === 0 && t.cycle < spinEnd)).toEqual([]);
  }, 120_000);

  it('serves cached reads without waiting while another process waits for the disk', async () => {
    const run = await bootKernel({ command: 'lat_fs overlap 1000', disk: true });
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
    const m = /lat_fs_overlap n=1000 voluntary=(\d+) involuntary=(\d+) child_state=(\d+)/.exec(run.output);
    expect(m, run.output).not.toBeNull();
    const [voluntary, , childState] = m!.slice(1).map(Number);
    expect([2, 3]).toContain(childState);  // the cold reader was still at it (sleeping or just woken)
    expect(voluntary).toBe(0);              // with the lock taken for every read: one wait per child block
  }, 120_000);
});
