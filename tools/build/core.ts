// Build step: compile the AssemblyScript core (emu/core) to build/core.wasm.
//
//   buildCore()      regenerates emu/core/generated from the opcode table, then
//                    compiles emu/core/index.ts with asc; writes the module
//                    atomically (a temporary file, then a rename), so concurrent
//                    builds never leave a half-written file
//   CORE_WASM_PATH   where the module goes
//   CORE_SOURCES     the core's source folder (tests rebuild when it is newer)
//   npx tsx tools/build/core.ts   does the same from the command line
//
// Flags: the stub runtime (the core never allocates), -O3, assertions off
// (--noAssert), and array accesses unchecked everywhere they are written with
// unchecked(); the hot path uses raw load/store, which have no bounds checks
// beyond the engine's own.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { writeCoreTables } from '../isa/gen-core-tables.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORE_SOURCES = join(REPO, 'emu', 'core');
export const CORE_WASM_PATH = join(REPO, 'build', 'core.wasm');

export const ASC_FLAGS = [
  '--runtime', 'stub',
  '--optimizeLevel', '3',
  '--shrinkLevel', '0',
  '--noAssert',
  '--uncheckedBehavior', 'default',
];

export async function buildCore(): Promise<void> {
  await writeCoreTables();
  const entry = join(CORE_SOURCES, 'index.ts');
  const outputs = new Map<string, Uint8Array | string>();
  let log = '';
  const sink = { write(chunk: string | Uint8Array): boolean { log += String(chunk); return true; } };
  const { error } = await asc.main([entry, '--outFile', 'core.wasm', ...ASC_FLAGS], {
    stdout: sink,
    stderr: sink,
    readFile: async (name: string, baseDir: string) => {
      try {
        return await readFile(join(baseDir, name), 'utf8');
      } catch {
        return null;
      }
    },
    writeFile: async (name: string, contents: Uint8Array | string) => {
      outputs.set(name, contents);
    },
    listFiles: async () => [],
  });
  if (error) throw new Error(`core: asc failed: ${error.message}\n${log}`);
  const wasm = outputs.get('core.wasm');
  if (!(wasm instanceof Uint8Array)) throw new Error(`core: asc produced no module\n${log}`);
  await mkdir(dirname(CORE_WASM_PATH), { recursive: true });
  const temporary = `${CORE_WASM_PATH}.${process.pid}.tmp`;
  await writeFile(temporary, wasm);
  await rename(temporary, CORE_WASM_PATH);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCore();
}
