// Benchmark suite of the toolchain (issue: toolchain): the quality and speed
// of compiled code, on five AssemblyScript programs (bench/toolchain/*.ts),
// each compiled once by asc and run both ways from the same wasm:
//
//   ratio      tx86 instructions executed / wasm instructions executed natively
//              (counted by tools/native/count-instructions.ts; target <= 2.5)
//   slowdown   emulated host time / native host time (medians; target <= 20x)
//   size       tx86 code bytes (the compiled functions, without the runtime) /
//              wasm code bytes (the module's code section)
// and the time to compile a generated 5,000-line AssemblyScript file (target < 5 s).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryConsole } from '../emu/backends/memory-console.ts';
import { Machine } from '../emu/machine/machine.ts';
import { compileAssemblyScript } from '../tools/cc/asc-driver.ts';
import { compileFile, compileWasm } from '../tools/cc/compile.ts';
import { readWasmFunctions } from '../tools/cc/wasm-sections.ts';
import { readElf } from '../tools/elf/read.ts';
import { runNativeCounted } from '../tools/native/count-instructions.ts';
import { runNativeWasm } from '../tools/native/run-native.ts';
import { medianOf } from './measure.ts';

export const TOOLCHAIN_PROGRAMS = ['sieve', 'crc32', 'sort', 'nqueens', 'strings'] as const;

export interface ToolchainRow {
  program: string;
  tx86Instructions: number;
  wasmInstructions: number;
  ratio: number;
  emulatedSeconds: number;
  nativeSeconds: number;
  slowdown: number;
  codeBytes: number;
  wasmBytes: number;
  sizeRatio: number;
}

export interface CompileFigure { lines: number; seconds: number }

async function runEmulated(elf: Uint8Array, name: string) {
  const console = new MemoryConsole();
  const machine = await Machine.create({ console });
  machine.loadProgram(elf, name);
  const exit = await machine.run({ maxCycles: 20_000_000_000n });
  return { machine, exit, output: console.text() };
}

/** A long but ordinary AssemblyScript file: many small functions and a main that calls them. */
function generatedSource(functions: number): string {
  const lines = ['@external("bare", "putc") declare function putc(c: u32): void;'];
  for (let i = 0; i < functions; i++) {
    lines.push(
      `function f${i}(a: i32, b: i32): i32 {`,
      `  let x = a * ${i + 3} + b;`,
      `  for (let k = 0; k < ${(i % 7) + 2}; k++) {`,
      `    x = (x << 1) ^ (x >>> 3) ^ k;`,
      `    if (x & ${i % 5 + 1}) x += b; else x -= a;`,
      '  }',
      `  return x ^ ${i};`,
      '}',
    );
  }
  lines.push('export function main(): i32 {', '  let acc = 0;');
  for (let i = 0; i < functions; i++) lines.push(`  acc += f${i}(acc, ${i});`);
  lines.push('  putc(<u32>(acc & 63) + 48);', '  return 0;', '}');
  return lines.join('\n') + '\n';
}

/** Bytes of the compiled functions: .text from its start to __wasm_code_end (the runtime follows). */
function compiledCodeBytes(elf: Uint8Array, name: string): number {
  const { sections, symbols } = readElf(elf, name);
  const text = sections.find((s) => s.name === '.text');
  const end = symbols.find((s) => s.name === '__wasm_code_end');
  if (!text || !end) throw new Error(`${name}: no .text or __wasm_code_end in the ELF`);
  return end.value - text.addr;
}

export async function runToolchainSuite(runs: number, progress: (line: string) => void) {
  const rows: ToolchainRow[] = [];
  for (const name of TOOLCHAIN_PROGRAMS) {
    const file = `bench/toolchain/${name}.ts`;
    progress(`toolchain: ${name}`);
    const { wasm } = await compileAssemblyScript(file, {});
    const { elf } = compileWasm(wasm, `${name}.ts`, { target: 'bare' });
    const counted = runNativeCounted(wasm);
    let emulated = await runEmulated(elf, name);
    if (emulated.output !== counted.run.stdout || emulated.exit.status !== counted.run.exitStatus) {
      throw new Error(`${name}: emulated and native runs disagree (${JSON.stringify(emulated.output)} vs ${JSON.stringify(counted.run.stdout)})`);
    }
    const emulatedTime = await medianOf(runs, async () => { emulated = await runEmulated(elf, name); });
    const nativeTime = await medianOf(runs, () => { runNativeWasm(wasm); });
    const tx86Instructions = Number(emulated.machine.core.counters().instructions);
    const codeBytes = compiledCodeBytes(elf, name);
    const wasmBytes = readWasmFunctions(wasm).codeBytes;
    rows.push({
      program: name,
      tx86Instructions,
      wasmInstructions: Number(counted.wasmInstructions),
      ratio: tx86Instructions / Number(counted.wasmInstructions),
      emulatedSeconds: emulatedTime.median,
      nativeSeconds: nativeTime.median,
      slowdown: emulatedTime.median / nativeTime.median,
      codeBytes,
      wasmBytes,
      sizeRatio: codeBytes / wasmBytes,
    });
  }
  progress('toolchain: compiling a 5,000-line file');
  const dir = mkdtempSync(join(tmpdir(), 'switchless-bench-'));
  const source = generatedSource(620);
  const path = join(dir, 'large.ts');
  writeFileSync(path, source);
  const compile = await medianOf(Math.min(runs, 3), async () => { await compileFile(path, { target: 'bare' }); });
  const figure: CompileFigure = { lines: source.split('\n').length - 1, seconds: compile.median };
  return { rows, compile: figure };
}
