// The compiled core for tests: builds build/core.wasm when it is missing or older
// than its sources (emu/core, the opcode table, the generator, the build step),
// then compiles it once per process.
//
//   coreModule(): Promise<WasmModule>
//
// Test files run in parallel processes; a lock directory next to the module
// makes one of them build while the others wait.

import { mkdir, readdir, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCoreModule, type WasmModule } from '../../emu/core-host.ts';
import { CORE_SOURCES, CORE_WASM_PATH, buildCore } from '../../tools/build/core.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXTRA_SOURCES = ['tools/isa/opcodes.ts', 'tools/isa/gen-core-tables.ts', 'tools/build/core.ts'];
const LOCK = `${CORE_WASM_PATH}.lock`;
const STALE_LOCK_MS = 180_000;

async function newestSource(): Promise<number> {
  let newest = 0;
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'generated') await visit(path);
      } else {
        newest = Math.max(newest, (await stat(path)).mtimeMs);
      }
    }
  };
  await visit(CORE_SOURCES);
  for (const file of EXTRA_SOURCES) newest = Math.max(newest, (await stat(join(REPO, file))).mtimeMs);
  return newest;
}

async function isFresh(): Promise<boolean> {
  try {
    return (await stat(CORE_WASM_PATH)).mtimeMs >= await newestSource();
  } catch {
    return false;
  }
}

async function ensureBuilt(): Promise<void> {
  for (;;) {
    if (await isFresh()) return;
    await mkdir(dirname(LOCK), { recursive: true });
    try {
      await mkdir(LOCK);
    } catch {
      const age = Date.now() - (await stat(LOCK).then((s) => s.mtimeMs, () => Date.now()));
      if (age > STALE_LOCK_MS) await rmdir(LOCK).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      if (!(await isFresh())) await buildCore();
    } finally {
      await rmdir(LOCK).catch(() => {});
    }
  }
}

let prepared: Promise<WasmModule> | null = null;

export function coreModule(): Promise<WasmModule> {
  prepared ??= ensureBuilt().then(() => loadCoreModule());
  return prepared;
}
