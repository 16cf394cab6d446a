// Booting the kernel in-process for tests (docs/kernel.md §14).
//
//   const kernel = await kernelElf();              builds build/kernel.elf once per test run
//                                                  (again only when a source is newer)
//   const run = await bootKernel({ command: 'usertests' });
//   run.output  run.exit  run.stats  run.threads (THREAD events: cycle, pid, name)
//   run.reported  every figure the guest REPORTed, `kernel.*` keys included
//                 (run.stats moves those into its `kernel` section)
//
// `command` boots with that command line (what `switchless boot --exec` does):
// init runs `sh -c COMMAND` and powers off with its status. Without one, the
// shell is interactive: `input` is fed as soon as the first prompt appears.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { MemoryConsole } from '../../emu/backends/memory-console.ts';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { Machine } from '../../emu/machine/machine.ts';
import type { TraceEvent, TraceSink } from '../../emu/trace/events.ts';
import { bootDiskImage } from '../../tools/build/bootdisk.ts';
import { BOOTROM_IMAGE, KERNEL_ELF } from '../../tools/build/artifacts.ts';
import { buildBootRom } from '../../tools/build/bootrom.ts';
import { buildKernel } from '../../tools/build/kernel.ts';
import { withBootCommand } from '../../tools/kernel/image.ts';

// what build/kernel.elf is made from: the compiler too, since its code sets the committed cycle counts
const SOURCES = ['kernel-as', 'kernel-as/arch', 'userland', 'userland/lib', 'tools/kernel', 'tools/build/kernel.ts',
  'tools/cc', 'tools/cc/runtime'];

function newestSource(): number {
  let newest = 0;
  for (const entry of SOURCES) {
    const files = statSync(entry).isDirectory() ? readdirSync(entry).map((f) => path.join(entry, f)) : [entry];
    for (const f of files) if (statSync(f).isFile()) newest = Math.max(newest, statSync(f).mtimeMs);
  }
  return newest;
}

let built: Promise<Uint8Array> | null = null;
const LOCK = 'build/kernel.lock';

function stale(): boolean {
  return !existsSync(BOOTROM_IMAGE) || !existsSync(KERNEL_ELF) || statSync(KERNEL_ELF).mtimeMs < newestSource();
}

/** vitest runs test files in parallel processes: one builds while the others wait for its lock. */
export function kernelElf(): Promise<Uint8Array> {
  built ??= (async () => {
    mkdirSync('build', { recursive: true });
    while (stale()) {
      try {
        mkdirSync(LOCK);
      } catch {
        // a lock left by a killed run is removed after ten minutes
        if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 600_000) rmdirSync(LOCK);
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      try {
        if (!existsSync(BOOTROM_IMAGE)) await buildBootRom();
        if (stale()) await buildKernel();
      } finally {
        rmdirSync(LOCK);
      }
    }
    return readFileSync(KERNEL_ELF);
  })();
  return built;
}

export interface BootOptions {
  command?: string;
  /** Another kernel image (default: the built one). */
  elf?: Uint8Array;
  /** Typed when the first prompt appears. */
  input?: string;
  /** Then each step: the machine runs `cycles` more, then `send` is typed. */
  steps?: { send: string; cycles: bigint }[];
  maxCycles?: bigint;
  ramMiB?: number;
}

export interface ThreadSwitch { cycle: bigint; pid: number; name: string }

export async function bootKernel(options: BootOptions = {}) {
  let elf = options.elf ?? await kernelElf();
  if (options.command !== undefined) elf = withBootCommand(elf, options.command);
  const console = new MemoryConsole();
  const threads: ThreadSwitch[] = [];
  const sink: TraceSink = {
    needs: new Set(['mark']),
    event(e: TraceEvent) { if (e.kind === 'thread') threads.push({ cycle: e.cycle, pid: e.id, name: e.name }); },
    end() {},
  };
  const machine = await Machine.create({
    ramMiB: options.ramMiB ?? 64,
    rom: readFileSync(BOOTROM_IMAGE),
    console,
    bootDisk: new MemoryBlockBackend(bootDiskImage(elf), { label: 'boot disk' }),
    trace: { categories: new Set(['mark']), sinks: [sink] },
  });
  machine.resetToRom();
  const maxCycles = options.maxCycles ?? 20_000_000_000n;
  let exit;
  if (options.input !== undefined) {
    // run to the first prompt, type, run on
    const step = 50_000_000n;
    let limit = step;
    while (!console.text().includes('$ ') && limit < maxCycles) {
      exit = await machine.run({ maxCycles: limit });
      if (exit.reason !== 'cycle-limit') break;
      limit += step;
    }
    console.feed(options.input);
    for (const step of options.steps ?? []) {
      exit = await machine.run({ maxCycles: machine.core.cycles() + step.cycles });
      if (exit.reason !== 'cycle-limit') break;
      console.feed(step.send);
    }
  }
  exit = await machine.run({ maxCycles });
  return { machine, exit, output: console.text(), stats: machine.stats(0), reported: machine.traceControl.guest(), threads };
}

/** The key=value pairs of the output line that starts with `name`. */
export function benchLine(output: string, name: string): Record<string, string> {
  const line = output.split('\n').find((l) => l.startsWith(name + ' '));
  if (!line) throw new Error(`no '${name}' line in:\n${output}`);
  return Object.fromEntries(line.split(' ').slice(1).map((kv) => kv.split('=') as [string, string]));
}
