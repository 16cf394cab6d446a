// `switchless cc FILE.ts` and `switchless native FILE.ts` (docs/abi.md):
// compile AssemblyScript to a tx86 ELF, or run the same source natively in
// V8 with the same console, trap and exit-status semantics, so that any
// program can be compared emulated against native:
//
//   switchless cc hello.ts -o hello.elf && switchless run hello.elf
//   switchless native hello.ts
//
// The compiler (asc, binaryen) is loaded only when one of these runs, so the
// other commands start quickly.

import type { Command } from 'commander';
import { UserError } from '../../emu/user-error.ts';

const TARGETS = ['bare', 'kernel', 'user'] as const;

const MAX_MEMORY_HELP = 'heap limit: memory.grow fails beyond this many 64 KiB pages (asc --maximumMemory)';

/** asc's arguments for --max-memory: the same limit natively and on tx86 (docs/abi.md §2). */
function heapLimitArgs(maxMemory: string | undefined): string[] {
  if (maxMemory === undefined) return [];
  const pages = Number(maxMemory);
  if (!/^\d+$/.test(maxMemory) || pages < 1 || pages > 65535) {
    throw new UserError(`--max-memory: '${maxMemory}' is not a page count from 1 to 65535`);
  }
  return ['--maximumMemory', String(pages)];
}

export function registerCc(program: Command): void {
  program
    .command('cc')
    .description('compile AssemblyScript to a tx86 ELF executable')
    .argument('<file>', 'AssemblyScript source')
    .option('-o, --output <file>', 'output ELF (default: FILE with .elf)')
    .option('--target <target>', 'bare (for switchless run), kernel or user', 'bare')
    .option('--emit-asm [file]', 'also write an annotated listing (default: OUTPUT with .asm)')
    .option('--link <asm...>', 'assembly files linked alongside (entry, trap, switch stubs)')
    .option('--max-memory <pages>', MAX_MEMORY_HELP)
    .action(async (file: string, flags: { output?: string; target: string; emitAsm?: string | boolean; link?: string[]; maxMemory?: string }) => {
      const ascArgs = heapLimitArgs(flags.maxMemory);
      if (!(TARGETS as readonly string[]).includes(flags.target)) {
        throw new UserError(`--target: unknown target '${flags.target}' (choose ${TARGETS.join(', ')})`);
      }
      const output = flags.output ?? file.replace(/\.ts$/, '') + '.elf';
      if (flags.target === 'user') {
        // A program for this project's kernel: its text base, memory layout and
        // system call numbers (docs/kernel.md, docs/syscalls.md).
        const { readInputFile } = await import('./input-files.ts');
        readInputFile(file);
        const { buildUserProgram } = await import('../build/kernel.ts');
        await buildUserProgram(file, { emitAsm: flags.emitAsm, extraAsm: flags.link, output, ascArgs });
        return;
      }
      const { compileFile } = await import('../cc/compile.ts');
      await compileFile(file, {
        target: flags.target as (typeof TARGETS)[number],
        output,
        emitAsm: flags.emitAsm,
        extraAsm: flags.link,
        ascArgs,
      });
    });

  program
    .command('native')
    .description('run an AssemblyScript program natively in V8, as the bare target would run it')
    .argument('<file>', 'AssemblyScript source')
    .option('--max-memory <pages>', MAX_MEMORY_HELP)
    .action(async (file: string, flags: { maxMemory?: string }) => {
      const ascArgs = heapLimitArgs(flags.maxMemory);
      const { runNative } = await import('../native/run-native.ts');
      const run = await runNative(file, { ascArgs });
      process.stdout.write(run.stdout);
      process.exitCode = run.exitStatus;
    });
}
