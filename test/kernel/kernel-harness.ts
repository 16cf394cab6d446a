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
//
// A boot has no fixed disk unless asked (the committed cycle counts of the
// older tests are for a kernel without one):
//   bootKernel({ command, disk: true })     a copy of the default image (defaultDiskBytes())
//   bootKernel({ command, disk: bytes })    a copy of these bytes
//   run.disk                                the disk's backend after the run (run.disk.data: the image)
//   bootKernel({ ..., traceDisk: true })    run.diskCommands: every command issued to the fixed
//                                           disk (cycle, read or write, lba, count), in order
//   await defaultDiskBytes()                the default disk image (docs/fs.md §9) of this build's
//                                           programs, made in memory once per test process
//
// One process's share of a run, from the THREAD events (the kernel sends one
// at every switch and at exec):
//   programPids(run.threads, 'cat')         the pids that exec'd cat, in order
//   processSpan(run.threads, pid)           { from: its exec, to: the switch after it last ran,
//                                             resumed: times it ran again after switching away }
//   commandsIn(run.diskCommands, span)      the disk commands issued within a span

import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { MemoryConsole } from '../../emu/backends/memory-console.ts';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { Machine } from '../../emu/machine/machine.ts';
import { DISK_READ } from '../../emu/devices/disk.ts';
import type { TraceCategory, TraceEvent, TraceSink } from '../../emu/trace/events.ts';
import { bootDiskImage } from '../../tools/build/bootdisk.ts';
import { BOOTROM_IMAGE, KERNEL_ELF, USERLAND_BUILD_DIR } from '../../tools/build/artifacts.ts';
import { defaultDiskImage, readPrograms } from '../../tools/build/disk.ts';
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
  /** A fixed disk: true for the default image, or an image's bytes (copied either way). */
  disk?: true | Uint8Array;
  /** Record the commands issued to the fixed disk (run.diskCommands). */
  traceDisk?: boolean;
}

export interface ThreadSwitch { cycle: bigint; pid: number; name: string }
export interface DiskCommand { cycle: bigint; command: 'read' | 'write'; lba: number; count: number }

let defaultImage: Promise<Uint8Array> | null = null;

/** The default fixed disk (tools/build/disk.ts) holding the programs of the kernel built for this run. */
export function defaultDiskBytes(): Promise<Uint8Array> {
  defaultImage ??= kernelElf().then(() => defaultDiskImage(readPrograms(USERLAND_BUILD_DIR)));
  return defaultImage;
}

export async function bootKernel(options: BootOptions = {}) {
  let elf = options.elf ?? await kernelElf();
  if (options.command !== undefined) elf = withBootCommand(elf, options.command);
  const console = new MemoryConsole();
  const threads: ThreadSwitch[] = [];
  const diskCommands: DiskCommand[] = [];
  const categories = new Set<TraceCategory>(options.traceDisk ? ['mark', 'dev'] : ['mark']);
  const sink: TraceSink = {
    needs: categories,
    event(e: TraceEvent) {
      if (e.kind === 'thread') threads.push({ cycle: e.cycle, pid: e.id, name: e.name });
      else if (e.kind === 'dev' && e.device === 'disk' && e.what === 'issue') {
        const d = e.detail as { command: number; lba: number; count: number };
        diskCommands.push({ cycle: e.cycle, command: d.command === DISK_READ ? 'read' : 'write', lba: d.lba, count: d.count });
      }
    },
    end() {},
  };
  const image = options.disk === true ? await defaultDiskBytes() : options.disk;
  const disk = image === undefined ? null : new MemoryBlockBackend(image.slice(), { label: 'disk' });
  const machine = await Machine.create({
    ramMiB: options.ramMiB ?? 64,
    rom: readFileSync(BOOTROM_IMAGE),
    console,
    bootDisk: new MemoryBlockBackend(bootDiskImage(elf), { label: 'boot disk' }),
    disk,
    trace: { categories, sinks: [sink] },
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
  return {
    machine, exit, output: console.text(), stats: machine.stats(0), reported: machine.traceControl.guest(), threads,
    disk, diskCommands,
  };
}

/** The pids that exec'd program `name` (a THREAD event with the pid of the one before it), in order. */
export function programPids(threads: ThreadSwitch[], name: string): number[] {
  const pids: number[] = [];
  threads.forEach((t, i) => {
    if (i > 0 && t.name === name && threads[i - 1].pid === t.pid && threads[i - 1].name !== name) pids.push(t.pid);
  });
  return pids;
}

export interface ProcessSpan { from: bigint; to: bigint; resumed: number }

/** From the exec of process `pid` to the switch after it last ran (or the run's end). */
export function processSpan(threads: ThreadSwitch[], pid: number): ProcessSpan {
  const exec = threads.findIndex((t, i) => i > 0 && t.pid === pid && threads[i - 1].pid === pid);
  if (exec < 0) throw new Error(`process ${pid} never exec'd`);
  let last = exec;
  let resumed = 0;
  for (let i = exec + 1; i < threads.length; i++) {
    if (threads[i].pid === pid) {
      last = i;
      resumed++;
    }
  }
  const to = last + 1 < threads.length ? threads[last + 1].cycle : BigInt(Number.MAX_SAFE_INTEGER);
  return { from: threads[exec].cycle, to, resumed };
}

export function commandsIn(commands: DiskCommand[], span: ProcessSpan): DiskCommand[] {
  return commands.filter((c) => c.cycle >= span.from && c.cycle < span.to);
}

/** The key=value pairs of the output line that starts with `name`. */
export function benchLine(output: string, name: string): Record<string, string> {
  const line = output.split('\n').find((l) => l.startsWith(name + ' '));
  if (!line) throw new Error(`no '${name}' line in:\n${output}`);
  return Object.fromEntries(line.split(' ').slice(1).map((kv) => kv.split('=') as [string, string]));
}
