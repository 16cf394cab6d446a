// System-call safety and isolation (docs/kernel.md §12): random system calls
// never panic the kernel or leak pages, with or without a file system (and
// leave the file system consistent); init cannot be killed.
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { fsck } from '../../tools/fs/fsck.ts';
import { bootKernel, kernelElf } from './kernel-harness.ts';

beforeAll(() => kernelElf(), 300_000);

describe('system-call safety', () => {
  it('survives random system calls with bad pointers and sizes, without leaking pages', async () => {
    const run = await bootKernel({ command: 'sysfuzz 30 300' });
    expect(run.output).toContain('sysfuzz: 30 rounds, 300 calls each: the kernel survived, 0 pages leaked\n');
    expect(run.output).not.toContain('panic');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
  });

  it('survives them on the file system too, which stays consistent', async () => {
    const run = await bootKernel({ command: 'sysfuzz 30 300', disk: true });
    expect(run.output).toContain('sysfuzz: 30 rounds, 300 calls each: the kernel survived, 0 pages leaked\n');
    expect(run.output).not.toContain('panic');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
    // power-off synced: the image is clean as it is, with nothing left in the log
    const report = fsck(new MemoryBlockBackend(Uint8Array.from(run.disk!.data), { label: 'disk' }));
    expect(report.errors).toEqual([]);
    expect(report.logBlocks).toBe(0);
  }, 120_000);

  it('refuses to kill init', async () => {
    const run = await bootKernel({ command: 'kill 1; echo still here' });
    expect(run.output).toContain('kill: 1: operation not permitted\nstill here\n');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
  });
});
