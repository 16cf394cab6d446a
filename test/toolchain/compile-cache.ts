// Compiles AssemblyScript for the toolchain tests once: asc's wasm (run natively)
// and the bare-target ELF (run on the machine) from the same bytes, cached in
// a temporary directory under a key made of the source, the files next to it
// (./lib) and the compiler's own sources, so a changed compiler recompiles.
//
//   const { wasm, elf } = await compileCached('test/toolchain/corpus/sort.ts');
//
// A program whose first lines say `// asc-runtime: incremental` is compiled
// with that runtime (a garbage collector) instead of the stub.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileAssemblyScript, type AscRuntime } from '../../tools/cc/asc-driver.ts';
import { compileWasm } from '../../tools/cc/compile.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CACHE = path.join(os.tmpdir(), 'switchless-cc-cache');
const COMPILER_DIRS = ['tools/cc', 'tools/asm', 'tools/elf', 'tools/isa'];

let compilerKey: string | undefined;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)]).sort();
}

/** Drops entries nobody has written for a week (older compilers' outputs). */
function pruneCache(): void {
  const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
  for (const name of fs.existsSync(CACHE) ? fs.readdirSync(CACHE) : []) {
    const file = path.join(CACHE, name);
    try {
      if (fs.statSync(file).mtimeMs < weekAgo) fs.rmSync(file, { force: true });
    } catch {
      // another test process pruned it first
    }
  }
}

function compilerFingerprint(): string {
  if (compilerKey) return compilerKey;
  pruneCache();
  const hash = createHash('sha256');
  for (const dir of COMPILER_DIRS) {
    for (const file of filesUnder(path.join(ROOT, dir))) hash.update(file).update(fs.readFileSync(file));
  }
  for (const pkg of ['assemblyscript', 'binaryen']) {
    hash.update(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json')));
  }
  compilerKey = hash.digest('hex');
  return compilerKey;
}

export interface CompiledProgram {
  wasm: Uint8Array;
  elf: Uint8Array;
}

export async function compileCached(file: string): Promise<CompiledProgram> {
  const hash = createHash('sha256').update(compilerFingerprint()).update(fs.readFileSync(file));
  for (const dep of filesUnder(path.join(path.dirname(file), 'lib'))) hash.update(fs.readFileSync(dep));
  const key = path.join(CACHE, hash.digest('hex').slice(0, 32));
  if (fs.existsSync(`${key}.elf`) && fs.existsSync(`${key}.wasm`)) {
    return { wasm: fs.readFileSync(`${key}.wasm`), elf: fs.readFileSync(`${key}.elf`) };
  }
  const runtime = /^\/\/ asc-runtime: (\w+)$/m.exec(fs.readFileSync(file, 'utf8').split('\n').slice(0, 5).join('\n'))?.[1];
  const { wasm } = await compileAssemblyScript(file, { runtime: runtime as AscRuntime | undefined });
  const { elf } = compileWasm(wasm, path.basename(file));
  fs.mkdirSync(CACHE, { recursive: true });
  // Write under a temporary name and rename, so a concurrent reader never sees half a file.
  for (const [ext, bytes] of [['wasm', wasm], ['elf', elf]] as const) {
    const temp = `${key}.${process.pid}.${ext}`;
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, `${key}.${ext}`);
  }
  return { wasm, elf };
}
