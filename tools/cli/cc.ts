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

export function registerCc(program: Command): void {
  program
    .command('cc')
    .description('compile AssemblyScript to a tx86 ELF executable')
    .argument('<file>', 'AssemblyScript source')
    .option('-o, --output <file>', 'output ELF (default: FILE with .elf)')
    .option('--target <target>', 'bare (for switchless run), kernel or user', 'bare')
    .option('--emit-asm [file]', 'also write an annotated listing (default: OUTPUT with .asm)')
    .option('--link <asm...>', 'assembly files linked alongside (entry, trap, switch stubs)')
    .action(async (file: string, flags: { output?: string; target: string; emitAsm?: string | boolean; link?: string[] }) => {
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
        await buildUserProgram(file, { emitAsm: flags.emitAsm, extraAsm: flags.link, output });
        return;
      }
      const { compileFile } = await import('../cc/compile.ts');
      await compileFile(file, {
        target: flags.target as (typeof TARGETS)[number],
        output,
        emitAsm: flags.emitAsm,
        extraAsm: flags.link,
      });
    });

  program
    .command('native')
    .description('run an AssemblyScript program natively in V8, as the bare target would run it')
    .argument('<file>', 'AssemblyScript source')
    .action(async (file: string) => {
      const { runNative } = await import('../native/run-native.ts');
      const run = await runNative(file);
      process.stdout.write(run.stdout);
      process.exitCode = run.exitStatus;
    });
}
