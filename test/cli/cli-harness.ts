// Running the real `switchless` command in tests, as a user would: a child
// process, its exit status, its stdout and stderr.
//
//   runCli(['run', 'x.elf'], { cwd, input }) -> { status, stdout, stderr }
//   scratchDir() -> a fresh temporary folder
//   writeProgram(dir, name, asm) -> path of the assembled ELF

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assemble } from '../../tools/asm/assemble.ts';

const BIN = resolve('bin/switchless.js');

export interface CliResult { status: number | null; stdout: string; stderr: string }

export function runCli(args: string[], options: { cwd?: string; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'switchless-test-'));
}

export function writeProgram(dir: string, name: string, asm: string): string {
  const path = join(dir, name);
  writeFileSync(path, assemble([{ name: name.replace(/\.elf$/, '.s'), text: asm }]).elf);
  return path;
}
