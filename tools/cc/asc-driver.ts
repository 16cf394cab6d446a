// The AssemblyScript front end: FILE.ts -> wasm bytes, through asc's API.
//
//   const { wasm } = await compileAssemblyScript('prog/hello.ts', { runtime: 'stub' });
//
// Both the tx86 compiler and the native reference run (tools/native) start
// from these bytes, so the two see the same module. The file is compiled from
// its own directory, so wasm function names are `hello/main`, whatever the
// caller's working directory. The name section is always emitted (--debug only
// adds names; the code is the same). Errors are one UserError with one line per
// diagnostic: `hello.ts:3:10: Cannot find name 'x'.`

import asc from 'assemblyscript/asc';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../emu/user-error.ts';

export type AscRuntime = 'stub' | 'incremental' | 'minimal';

export interface AscOptions {
  runtime?: AscRuntime;
  /** asc optimisation level 0-3 (default 2: as fast code as 3 for tx86, and several times quicker to compile). */
  optimizeLevel?: number;
  /** Extra asc command-line arguments, e.g. ['--maximumMemory', '16']. */
  ascArgs?: string[];
}

export interface AscOutput {
  wasm: Uint8Array;
  /** The module name asc gives the file: its base name without `.ts`. */
  moduleName: string;
}

const ERROR_CATEGORY = 3;

export async function compileAssemblyScript(file: string, options: AscOptions = {}): Promise<AscOutput> {
  if (!fs.existsSync(file)) throw new UserError(`${file}: no such file`);
  const dir = path.dirname(path.resolve(file));
  const base = path.basename(file);
  const outputs = new Map<string, Uint8Array | string>();
  const diagnostics: string[] = [];
  const texts = new Map<string, string>(); // the files asc read, for line:column of diagnostics
  let stderr = '';
  const args = [
    base, '--outFile', 'out.wasm', '--debug',
    '--runtime', options.runtime ?? 'stub',
    '--optimizeLevel', String(options.optimizeLevel ?? 2), '--shrinkLevel', '0',
    ...(options.ascArgs ?? []),
  ];
  const result = await asc.main(args, {
    readFile: (name: string, baseDir: string) => {
      try {
        const text = fs.readFileSync(path.resolve(dir, baseDir, name), 'utf8');
        texts.set(path.normalize(path.join(baseDir, name)), text);
        return text;
      } catch {
        return null;
      }
    },
    writeFile: (name: string, contents: Uint8Array | string) => { outputs.set(name, contents); },
    listFiles: (dirname: string, baseDir: string) => {
      try {
        return fs.readdirSync(path.resolve(dir, baseDir, dirname)).filter((f) => f.endsWith('.ts'));
      } catch {
        return null;
      }
    },
    stdout: { write: () => true } as never,
    stderr: { write: (s: string | Uint8Array) => { stderr += String(s); return true; } } as never,
    reportDiagnostic: (d) => {
      if (d.category !== ERROR_CATEGORY) return;
      let where = base;
      if (d.range) {
        const { normalizedPath } = d.range.source;
        const text = texts.get(path.normalize(normalizedPath));
        const before = (text ?? '').slice(0, d.range.start).split('\n');
        where = text === undefined ? normalizedPath : `${normalizedPath}:${before.length}:${before[before.length - 1].length + 1}`;
      }
      diagnostics.push(`${where}: ${d.message}`);
    },
  });
  const wasm = outputs.get('out.wasm');
  if (result.error || diagnostics.length > 0 || !(wasm instanceof Uint8Array)) {
    const lines = diagnostics.length > 0 ? diagnostics : [`${base}: ${result.error?.message ?? firstLine(stderr) ?? 'asc failed'}`];
    throw new UserError(lines.join('\n'));
  }
  return { wasm, moduleName: base.replace(/\.ts$/, '') };
}

function firstLine(text: string): string | undefined {
  return text.split('\n').map((l) => l.trim()).find((l) => l.length > 0);
}
