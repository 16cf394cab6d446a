// switchless cc: AssemblyScript -> tx86 ELF (docs/abi.md).
//
//   const { elf, asm, listing } = await compileFile('hello.ts', { target: 'bare', output: 'hello.elf' });
//   compileWasm(wasmBytes, 'hello.ts', options)     the same, from asc's output
//
// Options:
//   target      'bare' (default), 'kernel' or 'user'
//   output      write the ELF to this path
//   emitAsm     write the annotated listing (addresses, bytes, generated assembly
//               with function banners and wasm statements) to this path; true
//               means the output path with .asm instead of .elf
//   extraAsm    assembly files linked after the program and runtime (stubs)
//   base, physOffset, memoryBase, syscalls: docs/abi.md §2-§3, §10
//   runtime     asc's --runtime (stub by default); ascArgs: more asc arguments
//
// Errors in the input are UserErrors with one line per problem.

import binaryen from 'binaryen';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../emu/user-error.ts';
import { assemble, type AsmSource, type ListingLine } from '../asm/assemble.ts';
import { compileAssemblyScript, type AscRuntime } from './asc-driver.ts';
import type { Stmt } from './ir.ts';
import { lowerWasm } from './lower.ts';
import { generateModule } from './module-gen.ts';
import { readModule } from './read-module.ts';
import { makeTarget, type TargetName } from './target.ts';
import { readWasmFunctions } from './wasm-sections.ts';

export interface CompileOptions {
  target?: TargetName;
  output?: string;
  emitAsm?: string | boolean;
  extraAsm?: string[];
  base?: number;
  physOffset?: number;
  memoryBase?: number;
  syscalls?: Record<string, number>;
  runtime?: AscRuntime;
  /** More asc command-line arguments (e.g. --memoryBase, --initialMemory). */
  ascArgs?: string[];
}

export interface CompileResult {
  elf: Uint8Array;
  entry: number;
  /** The generated program assembly (without the runtime). */
  asm: string;
  /** The annotated listing of everything linked. */
  listing: string;
  /** asc's output, as run natively. */
  wasm: Uint8Array;
}

const RUNTIME_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'runtime');

export async function compileFile(file: string, options: CompileOptions = {}): Promise<CompileResult> {
  const { wasm } = await compileAssemblyScript(file, { runtime: options.runtime, ascArgs: options.ascArgs });
  return compileWasm(wasm, path.basename(file), options);
}

export function compileWasm(wasm: Uint8Array, fileName: string, options: CompileOptions = {}): CompileResult {
  const target = makeTarget(options.target ?? 'bare', { memoryBase: options.memoryBase, syscalls: options.syscalls });
  const functions = readWasmFunctions(wasm);
  const offsetByName = new Map<string, number>();
  functions.names.forEach((name, index) => {
    const offset = functions.codeOffsets[index - functions.importedFunctions];
    if (offset !== undefined) offsetByName.set(name, offset);
  });

  const { module, signatures } = lowerWasm(wasm, fileName);
  let generated;
  try {
    const ir = readModule(module, signatures);
    const annotate = options.emitAsm !== undefined && options.emitAsm !== false;
    generated = generateModule(ir, {
      target,
      fileName,
      describe: annotate ? describeStatement : null,
      codeOffset: (fn) => offsetByName.get(fn.name),
    });
  } finally {
    module.dispose();
  }

  const sources: AsmSource[] = [{ name: fileName.replace(/\.ts$/, '.s'), text: generated.program }];
  for (const r of target.runtime) sources.push({ name: `runtime/${r}`, text: fs.readFileSync(path.join(RUNTIME_DIR, r), 'utf8') });
  for (const extra of options.extraAsm ?? []) {
    if (!fs.existsSync(extra)) throw new UserError(`${extra}: no such file`);
    sources.push({ name: extra, text: fs.readFileSync(extra, 'utf8') });
  }
  sources.push({ name: 'linear-memory.s', text: generated.tail });

  const base = options.base ?? target.textBase;
  const linked = assemble(sources, { base, physOffset: options.physOffset });
  const listing = renderListing(sources, linked.listing);

  if (options.output) fs.writeFileSync(options.output, linked.elf);
  if (options.emitAsm) {
    const asmPath = typeof options.emitAsm === 'string' ? options.emitAsm
      : (options.output ?? fileName).replace(/(\.elf|\.ts)?$/, '.asm');
    fs.writeFileSync(asmPath, listing);
  }
  return { elf: linked.elf, entry: linked.entry, asm: generated.program, listing, wasm };
}

/** One line of wasm text for a statement (compound statements: just their head). */
function describeStatement(s: Stmt): string {
  switch (s.k) {
    case 'block': return s.label ? `block $${s.label}` : '';
    case 'loop': return `loop${s.label ? ` $${s.label}` : ''}`;
    case 'if': return 'if';
    default: {
      const text = binaryen.emitText(s.ref).replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
      return text.length > 110 ? text.slice(0, 107) + '...' : text;
    }
  }
}

/** Every source line, prefixed by the address and bytes it assembled to (objdump -S style). */
function renderListing(sources: AsmSource[], lines: ListingLine[]): string {
  const byLine = new Map<string, ListingLine>();
  for (const l of lines) if (!byLine.has(`${l.file}:${l.line}`)) byLine.set(`${l.file}:${l.line}`, l);
  const out: string[] = [];
  for (const source of sources) {
    out.push(`;;;; ${source.name}`);
    source.text.split('\n').forEach((text, i) => {
      const at = byLine.get(`${source.name}:${i + 1}`);
      if (!at) {
        out.push(`${' '.repeat(29)}${text}`);
        return;
      }
      const bytes = Array.from(at.bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
      out.push(`${at.address.toString(16).padStart(8, '0')}  ${(bytes + (at.bytes.length > 8 ? '+' : '')).padEnd(19)}${text}`);
    });
  }
  return out.join('\n') + '\n';
}
