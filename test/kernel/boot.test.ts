// Booting the kernel through the boot ROM: the prompt, commands, the panic path.
import { beforeAll, describe, expect, it } from 'vitest';
import { readElf } from '../../tools/elf/read.ts';
import { packInitrd } from '../../tools/kernel/initrd.ts';
import { withInitrd } from '../../tools/kernel/image.ts';
import { MemoryConsole } from '../../emu/backends/memory-console.ts';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { Machine } from '../../emu/machine/machine.ts';
import { bootDiskImage } from '../../tools/build/bootdisk.ts';
import { BOOTROM_IMAGE } from '../../tools/build/artifacts.ts';
import { readFileSync } from 'node:fs';
import { bootKernel, kernelElf } from './kernel-harness.ts';

// Building the kernel and its programs takes a while on a busy machine.
beforeAll(() => kernelElf(), 300_000);

/** Boot-to-prompt budget in cycles: mostly the boot ROM reading the kernel and ramdisk from the diskette. */
const BOOT_BUDGET = 1_800_000_000n; // measured 1 675 403 468 with the file system (1 401 418 280 before it)

async function bootElf(elf: Uint8Array, maxCycles: bigint) {
  let machine: Machine | undefined;
  let promptAt: bigint | null = null;
  class PromptConsole extends MemoryConsole {
    write(byte: number): void {
      super.write(byte);
      if (promptAt === null && this.text().endsWith('$ ')) promptAt = machine!.core.cycles();
    }
  }
  const console = new PromptConsole();
  machine = await Machine.create({
    rom: readFileSync(BOOTROM_IMAGE), console,
    bootDisk: new MemoryBlockBackend(bootDiskImage(elf), { label: 'boot disk' }),
  });
  machine.resetToRom();
  const exit = await machine.run({ maxCycles });
  return { exit, output: console.text(), promptAt: () => promptAt };
}

describe('kernel boot', () => {
  it('reaches the shell prompt within the committed cycle budget', async () => {
    const run = await bootElf(await kernelElf(), 4_000_000_000n);
    expect(run.output).toContain('switchless kernel: 64 MiB\n$ ');
    expect(run.promptAt()).not.toBeNull();
    expect(run.promptAt()! <= BOOT_BUDGET, `prompt at ${run.promptAt()}`).toBe(true);
  });

  it('runs a boot command and powers off with its status', async () => {
    const ok = await bootKernel({ command: 'echo hello world' });
    expect(ok.exit).toMatchObject({ reason: 'exit', status: 0 });
    expect(ok.output).toContain('hello world\n');
    expect(ok.output).not.toContain('switchless kernel');
    const failed = await bootKernel({ command: 'false' });
    expect(failed.exit).toMatchObject({ reason: 'exit', status: 1 });
  });

  it('panics with a message when /init cannot run, and powers off with 0xEE', async () => {
    const elf = withInitrd(await kernelElf(), packInitrd([{ name: 'init', data: new TextEncoder().encode('not an ELF') }]));
    const run = await bootElf(elf, 4_000_000_000n);
    expect(run.output).toContain('panic: userinit: cannot exec /init\n');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0xee });
  });

  it('panics on a page fault in kernel code, naming the faulting function (the kernel.panictest hook)', async () => {
    const run = await bootKernel({ command: 'kernel.panictest echo never' });
    expect(run.output).toMatch(
      /panic: page fault in the kernel at eip 0x[0-9a-f]{8} <main\/panictest\+0x[0-9a-f]+>, address 0x[0-9a-f]{8}, error 0x[0-9a-f]{8}\n/);
    expect(run.output).not.toContain('never');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0xee });
    expect(run.reported['kernel.ticks']).toBeDefined(); // the counters were reported before power-off
  });

  it('has a symbol for every kernel entry point the stubs call', async () => {
    const names = new Set(readElf(await kernelElf(), 'kernel.elf').symbols.map((s) => s.name));
    for (const n of ['_start', 'kmain', 'trap', 'kthread_main', 'alltraps', 'trapret', 'forkret', 'vectors']) {
      expect(names.has(n), n).toBe(true);
    }
  });
});
