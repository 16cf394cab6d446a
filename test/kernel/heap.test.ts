// The kernel heap (kernel-as/kmalloc.ts, docs/kernel.md §2.1): the boot
// self-test, and no leaks across many pipe and process lifetimes.
import { beforeAll, describe, expect, it } from 'vitest';
import { bootKernel, kernelElf } from './kernel-harness.ts';

beforeAll(() => kernelElf(), 300_000);

/** The figures of /proc/stat's `kmalloc` and `pages` lines in `output`, in order of appearance. */
function heapLines(output: string) {
  const heap = [...output.matchAll(/^kmalloc objects (\d+) bytes (\d+) slabs (\d+) pages (\d+)$/gm)]
    .map((m) => ({ objects: Number(m[1]), bytes: Number(m[2]), slabs: Number(m[3]), pages: Number(m[4]) }));
  const free = [...output.matchAll(/^pages free (\d+) total \d+$/gm)].map((m) => Number(m[1]));
  return { heap, free };
}

describe('kmalloc', () => {
  it('passes its self-test at boot (the kernel.heaptest flag), and the flag is not part of the command', async () => {
    const run = await bootKernel({ command: 'kernel.heaptest echo after the test' });
    expect(run.output).toContain('kmalloc self-test: ok\nafter the test\n');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
  });

  it('leaks no object or page across 1000 pipe open/close and 1000 fork/exit cycles', async () => {
    const run = await bootKernel({ command: 'usertests pipeCycles forkCycles' });
    expect(run.output).toContain('test pipeCycles: OK\ntest forkCycles: OK\nALL TESTS PASSED\n');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
  });

  it('counts pipes and process arguments in /proc/stat, and gives their memory back', async () => {
    // the same shell: /proc/stat before, while a pipeline runs, and after
    const run = await bootKernel({ command: 'cat /proc/stat; cat /proc/stat | cat; cat /proc/stat' });
    const { heap, free } = heapLines(run.output);
    expect(heap).toHaveLength(3);
    expect(run.output).toMatch(/^pipes 1$/m);
    // alone, `cat` runs beside init and sh (three argument buffers); in the pipeline there is
    // one process more (its arguments kmalloc'd) and a pipe (its header and its ring)
    expect(heap[1].objects).toBe(heap[0].objects + 3);
    expect(heap[2]).toEqual(heap[0]);
    expect(free[2]).toBe(free[0]);
  });
});
