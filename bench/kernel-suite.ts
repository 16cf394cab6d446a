// Benchmark suite of the kernel (issue: kernel core): the lmbench-named
// programs in the guest (userland/lat_*.ts), each reporting exact cycles and
// switches per operation, and the boot time. Beside each, the same operation
// measured on the host's own kernel by bench/anchors/lat_host.c (compiled
// with the host's `cc`), as an anchor: emulated microseconds are cycles at the
// machine's clock (700 MHz, a Pentium III-class part), host microseconds are a
// modern CPU's, so the ratio is a scale, not a verdict.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemoryBlockBackend } from '../emu/backends/memory-disk.ts';
import { MemoryConsole } from '../emu/backends/memory-console.ts';
import { DEFAULT_CLOCK_MHZ, Machine } from '../emu/machine/machine.ts';
import { BOOTROM_IMAGE, KERNEL_ELF } from '../tools/build/artifacts.ts';
import { bootDiskImage } from '../tools/build/bootdisk.ts';
import { withBootCommand } from '../tools/kernel/image.ts';


export const KERNEL_BENCHES = [
  { program: 'lat_syscall', n: 10000, what: 'null system call' },
  { program: 'lat_ctx', n: 2000, what: 'pipe round trip: 2 context switches' },
  { program: 'lat_proc', n: 200, what: 'fork + exit + wait' },
  { program: 'lat_pagefault', n: 2000, what: 'demand-zero page fault' },
] as const;

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

/** The key=value pairs of the line a lat_* program ends with. */
function resultLine(output: string, program: string): Record<string, string> {
  const line = output.split('\n').find((l) => l.startsWith(program + ' '));
  if (!line) throw new Error(`${program} printed no result line:\n${output}`);
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
    progress(`kernel: ${bench.program} ${bench.n}`);
    const { output } = await bootWith(`${bench.program} ${bench.n}`);
    const result = resultLine(output, bench.program);
    const cyclesPerOp = Number(result.cycles_per_op);
    rows.push({
      program: bench.program,
      what: bench.what,
      cyclesPerOp,
      switchesPerOp: Number(result.switches_per_op),
      emulatedMicros: cyclesPerOp / DEFAULT_CLOCK_MHZ,
      hostLinuxMicros: anchors[bench.program] ?? null,
    });
  }
  return { rows, boot: bootFigures };
}
