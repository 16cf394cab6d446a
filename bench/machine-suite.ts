// Benchmark suite of the machine (issue: the machine): emulated MIPS of the
// wasm core on four programs, each beside the same computation run natively
// in wasm, and the slowdown between them.
//
//   int-loop       register ALU work             bench/programs/int-loop.s
//   memcpy         a load and a store per dword  bench/programs/memcpy.s
//   pointer-chase  paging on, a TLB miss a load  bench/programs/pointer-chase.s
//   syscall-loop   int 0x80 / iret round trips   bench/programs/syscall-loop.s
//
// Each program's size parameter is the first `.equ` named ITERATIONS, PASSES,
// STEPS or ROUNDS in its source; the native version (bench/native/NAME.ts) is
// called with the same value, and its result's low byte must equal the
// emulated exit status (syscall-loop returns 0 both ways).

import { readFileSync } from 'node:fs';
import asc from 'assemblyscript/asc';
import { MemoryConsole } from '../emu/backends/memory-console.ts';
import { Machine } from '../emu/machine/machine.ts';
import { assemble } from '../tools/asm/assemble.ts';
import { medianOf } from './measure.ts';

export const MACHINE_PROGRAMS = ['int-loop', 'memcpy', 'pointer-chase', 'syscall-loop'] as const;

export interface MachineRow {
  program: string;
  instructions: number;
  cycles: number;
  tlbMisses: number;
  emulatedSeconds: number;   // host seconds, median
  mips: number;              // instructions / median host seconds / 1e6
  nativeSeconds: number;     // host seconds, median
  slowdown: number;          // emulated / native host time
}

function sizeParameter(source: string, name: string): number {
  const match = /^\s*\.equ\s+(ITERATIONS|PASSES|STEPS|ROUNDS)\s*,\s*(\d+)/m.exec(source);
  if (!match) throw new Error(`bench/programs/${name}.s: no ITERATIONS/PASSES/STEPS/ROUNDS .equ`);
  return Number(match[2]);
}

async function compileNative(name: string): Promise<WebAssembly.Module> {
  const path = `bench/native/${name}.ts`;
  let binary: Uint8Array | undefined;
  let errors = '';
  const { error } = await asc.main([path, '--outFile', 'out.wasm', '-O3', '--runtime', 'stub', '--noAssert'], {
    writeFile: (file: string, contents: string | Uint8Array) => { if (file.endsWith('.wasm') && typeof contents !== 'string') binary = contents; },
    stderr: { write: (chunk: string) => { errors += chunk; return true; } } as never,
    stdout: { write: () => true } as never,
  });
  if (error || !binary) throw new Error(`${path}: asc failed\n${errors}`);
  return new WebAssembly.Module(binary as Uint8Array<ArrayBuffer>);
}

async function runEmulated(elf: Uint8Array, name: string) {
  const machine = await Machine.create({ console: new MemoryConsole(), ramMiB: 64 });
  machine.loadProgram(elf, name);
  const exit = await machine.run({ maxCycles: 50_000_000_000n });
  if (exit.reason !== 'exit') throw new Error(`${name}: stopped by ${exit.reason} at 0x${exit.eip.toString(16)}`);
  return { machine, status: exit.status };
}

export async function runMachineSuite(runs: number, progress: (line: string) => void): Promise<MachineRow[]> {
  const rows: MachineRow[] = [];
  for (const name of MACHINE_PROGRAMS) {
    const source = readFileSync(`bench/programs/${name}.s`, 'utf8');
    const size = sizeParameter(source, name);
    const { elf } = assemble([{ name: `${name}.s`, text: source }]);

    let last: Awaited<ReturnType<typeof runEmulated>> | undefined;
    progress(`${name}: emulated, ${runs} runs`);
    const emulated = await medianOf(runs, async () => { last = await runEmulated(elf, name); });
    const counters = last!.machine.core.counters();

    progress(`${name}: native, ${runs} runs`);
    const module = await compileNative(name);
    let nativeResult = 0;
    const native = await medianOf(runs, () => {
      const instance = new WebAssembly.Instance(module, { env: { nullCall: () => {}, abort: () => { throw new Error('abort'); } } });
      nativeResult = (instance.exports.run as (n: number) => number)(size) >>> 0;
    });
    if ((nativeResult & 0xff) !== last!.status) {
      throw new Error(`${name}: native result 0x${nativeResult.toString(16)} disagrees with emulated exit status ${last!.status}`);
    }
    const instructions = Number(counters.instructions);
    rows.push({
      program: name,
      instructions,
      cycles: Number(counters.cycles),
      tlbMisses: Number(counters.tlb.misses),
      emulatedSeconds: emulated.median,
      mips: instructions / emulated.median / 1e6,
      nativeSeconds: native.median,
      slowdown: emulated.median / native.median,
    });
  }
  return rows;
}
