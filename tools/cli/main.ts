// The switchless command line (commander). Each subcommand lives in its own
// file and registers itself on the program:
//
//   run PROGRAM.elf      bare machine, host-loaded ELF        (run.ts)
//   boot                 boot ROM + boot disk                  (run.ts)
//   asm FILE.s...        assemble and link to ELF32            (asm.ts)
//   objdump FILE.elf     disassemble with symbols              (objdump.ts)
//   cc FILE.ts           AssemblyScript -> tx86 ELF            (cc.ts)
//   native FILE.ts       the same program natively in V8       (cc.ts)
//   mkfs OUT.img DIR     build a file system image             (mkfs.ts)
//   fsck IMAGE           check (and repair) an image           (fsck.ts)
//   ls / cat / extract   look inside an image                  (image.ts)
//
// Errors: a UserError prints its message alone on stderr and exits 1; a
// commander usage error prints commander's one line and exits 2. Anything
// else is a bug in switchless and is reported as one.

import { Command, CommanderError } from 'commander';
import { UserError } from '../../emu/user-error.ts';
import { registerAsm } from './asm.ts';
import { registerCc } from './cc.ts';
import { registerFsck } from './fsck.ts';
import { registerImageCommands } from './image.ts';
import { registerMkfs } from './mkfs.ts';
import { registerObjdump } from './objdump.ts';
import { registerRun } from './run.ts';

const program = new Command();
program
  .name('switchless')
  .description('A deterministic emulator of a small x86-like computer, for measuring what a request costs.')
  .exitOverride();

registerRun(program);
registerAsm(program);
registerObjdump(program);
registerCc(program);
registerMkfs(program);
registerFsck(program);
registerImageCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander has already printed its one-line message (or the help text).
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  if (error instanceof UserError) {
    process.stderr.write(`switchless: ${error.message}\n`);
    process.exit(1);
  }
  const detail = error instanceof Error ? error.stack ?? error.message : String(error);
  process.stderr.write(`switchless: internal error (a bug in switchless, please report it):\n${detail}\n`);
  process.exit(70);
}
