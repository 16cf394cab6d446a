// Benchmark suite of the kernel: the lmbench-named programs in the guest
// (userland/lat_*.ts), each reporting exact cycles and switches per
// operation, and the boot time. Every boot has the default fixed disk
// (build/disk.img, in memory: the file is not changed), as `switchless boot`
// does; lat_fs measures the file system on it. Beside each figure, the same
// operation measured on the host's own kernel by bench/anchors/lat_host.c
// (compiled with the host's `cc`), as an anchor: emulated microseconds are
// cycles at the machine's clock (700 MHz, a Pentium III-class part), host
// microseconds are a modern CPU's, so the ratio is a scale, not a verdict.
//
//   KERNEL_BENCHES       each boot's command line and the result lines it prints
//   runKernelSuite(progress) -> { rows, boot }

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemoryBlockBackend } from '../emu/backends/memory-disk.ts';
import { MemoryConsole } from '../emu/backends/memory-console.ts';
import { DEFAULT_CLOCK_MHZ, Machine } from '../emu/machine/machine.ts';
import { BOOTROM_IMAGE, DEFAULT_DISK_IMAGE, KERNEL_ELF } from '../tools/build/artifacts.ts';
import { bootDiskImage } from '../tools/build/bootdisk.ts';
import { withBootCommand } from '../tools/kernel/image.ts';


export const KERNEL_BENCHES: readonly { command: string; rows: readonly { line: string; what: string }[] }[] = [
  { command: 'lat_syscall 10000', rows: [{ line: 'lat_syscall', what: 'null system call' }] },
  { command: 'lat_ctx 2000', rows: [{ line: 'lat_ctx', what: 'pipe round trip: 2 context switches' }] },
  { command: 'lat_proc 200', rows: [{ line: 'lat_proc', what: 'fork + exit + wait' }] },
  { command: 'lat_pagefault 2000', rows: [{ line: 'lat_pagefault', what: 'demand-zero page fault' }] },
  {
    command: 'lat_fs 200',
    rows: [
      { line: 'lat_fs_lookup_cold', what: 'stat of /www/files/NAME, first time after boot' },
      { line: 'lat_fs_lookup_warm', what: 'stat of the same path again' },
      { line: 'lat_fs_atomic_hit', what: 'open O_ATOMICLOOKUP + close, cached' },
      { line: 'lat_fs_atomic_bounce', what: 'open O_ATOMICLOOKUP, not cached: EWOULDBLOCKIO' },
      { line: 'lat_fs_read_hit', what: 'lseek + read 4 KiB, cached' },
      { line: 'lat_fs_read_miss', what: 'lseek + read 4 KiB from the disk' },
      { line: 'lat_fs_create', what: 'open O_CREAT, O_EXCL + close of a new file in /tmp' },
    ],
  },
];

export interface KernelRow {
  program: string;
  what: string;
  cyclesPerOp: number;
  switchesPerOp: number;
  emulatedMicros: number;
  hostLinuxMicros: number | null;
}

export interface BootFigures { cycles: number; idleCycles: number; hostSeconds: number }

async function bootWith(command: string): Promise<{ output: string; machine: Machine; hostSeconds: number }> {
  const kernel = withBootCommand(new Uint8Array(readFileSync(KERNEL_ELF)), command);
  const console = new MemoryConsole();
  const machine = await Machine.create({
    console,
    rom: new Uint8Array(readFileSync(BOOTROM_IMAGE)),
    bootDisk: new MemoryBlockBackend(bootDiskImage(kernel)),
    disk: new MemoryBlockBackend(new Uint8Array(readFileSync(DEFAULT_DISK_IMAGE))),
  });
  machine.resetToRom();
  const started = performance.now();
  const exit = await machine.run({ maxCycles: 200_000_000_000n });
  const hostSeconds = (performance.now() - started) / 1000;
  if (exit.reason !== 'exit' || exit.status !== 0) {
    throw new Error(`kernel bench '${command}' ended by ${exit.reason} (status ${exit.status}):\n${console.text()}`);
  }
  return { output: console.text(), machine, hostSeconds };
}

/** The key=value pairs of a lat_* result line, by its name. */
function resultLine(output: string, name: string): Record<string, string> {
  const line = output.split('\n').find((l) => l.startsWith(name + ' '));
  if (!line) throw new Error(`no ${name} result line:\n${output}`);
  return Object.fromEntries(line.split(' ').slice(1).map((kv) => kv.split('=') as [string, string]));
}

function hostAnchors(progress: (line: string) => void): Record<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'switchless-bench-'));
  const binary = join(dir, 'lat_host');
  const compiled = spawnSync('cc', ['-O2', '-o', binary, 'bench/anchors/lat_host.c'], { encoding: 'utf8' });
  if (compiled.status !== 0) {
    progress('no C compiler: the host anchors are left out');
    return {};
  }
  const run = spawnSync(binary, [], { encoding: 'utf8' });
  return Object.fromEntries(run.stdout.trim().split('\n').map((l) => l.split('=')).map(([k, v]) => [k, Number(v)]));
}

export async function runKernelSuite(progress: (line: string) => void): Promise<{ rows: KernelRow[]; boot: BootFigures }> {
  progress('kernel: boot');
  const boot = await bootWith('true');
  const bootFigures = {
    cycles: Number(boot.machine.core.counters().cycles),
    idleCycles: Number(boot.machine.core.counters().idleCycles),
    hostSeconds: boot.hostSeconds,
  };
  progress('kernel: host anchors');
  const anchors = hostAnchors(progress);
  const rows: KernelRow[] = [];
  for (const bench of KERNEL_BENCHES) {
    progress(`kernel: ${bench.command}`);
    const { output } = await bootWith(bench.command);
    for (const row of bench.rows) {
      const result = resultLine(output, row.line);
      const cyclesPerOp = Number(result.cycles_per_op);
      rows.push({
        program: row.line,
        what: row.what,
        cyclesPerOp,
        switchesPerOp: Number(result.switches_per_op),
        emulatedMicros: cyclesPerOp / DEFAULT_CLOCK_MHZ,
        hostLinuxMicros: anchors[row.line] ?? null,
      });
    }
  }
  return { rows, boot: bootFigures };
}
