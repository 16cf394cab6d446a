// `switchless fsck IMAGE [--repair]`: check a file system image (docs/fs.md §8).
// Prints one line per problem and a summary; exits 0 when the image is clean
// (or was repaired completely) and 1 otherwise.

import type { Command } from 'commander';
import { openDiskImage } from '../../emu/backends/file-disk.ts';
import { UserError } from '../../emu/user-error.ts';
import { formatReport, fsck } from '../fs/fsck.ts';

export function registerFsck(program: Command): void {
  program
    .command('fsck')
    .description('check a file system image; --repair fixes what it finds')
    .argument('<image>', 'the image file')
    .option('--repair', 'fix the problems found (in place, after replaying the log)')
    .action((image: string, flags: { repair?: boolean }) => {
      const backend = openDiskImage(image, { readOnly: !flags.repair });
      try {
        const report = fsck(backend, { label: image, repair: flags.repair });
        process.stdout.write(formatReport(report));
        const left = report.remaining ?? report.errors;
        if (left.length > 0) {
          throw new UserError(`${image}: ${left.length} problem${left.length === 1 ? '' : 's'}${flags.repair ? ' remain' : ' (--repair fixes them)'}`);
        }
      } finally {
        backend.close();
      }
    });
}
