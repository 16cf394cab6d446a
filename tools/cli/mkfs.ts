// `switchless mkfs OUT.img DIR`: make a file system image from a host
// directory (docs/fs.md §9), plus user programs (--bin) and single files (--add).

import { basename } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../emu/user-error.ts';
import { mkfs } from '../fs/mkfs.ts';
import { parseNumberOption, readInputFile } from './input-files.ts';

interface MkfsFlags { size?: string; inodes?: string; bin: string[]; add: string[] }

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerMkfs(program: Command): void {
  program
    .command('mkfs')
    .description('make a file system image from a host directory, plus /dev, /tmp and user programs')
    .argument('<image>', 'the image file to write')
    .argument('<dir>', 'host directory copied to the root of the image')
    .option('--size <MiB>', 'image size in MiB (default: twice what the files need, at least 4)')
    .option('--inodes <n>', 'number of inodes (default: one per 16 KiB)')
    .option('--bin <elf>', 'a user program, installed as /bin/NAME (NAME.elf → NAME); repeatable', collect, [])
    .option('--add <path=file>', 'put a host file at an absolute path of the image; repeatable', collect, [])
    .action((image: string, dir: string, flags: MkfsFlags) => {
      const programs: Record<string, Uint8Array> = {};
      for (const file of flags.bin) programs[basename(file).replace(/\.elf$/, '')] = readInputFile(file);
      const extraFiles: Record<string, Uint8Array> = {};
      for (const spec of flags.add) {
        const at = spec.indexOf('=');
        if (at <= 0) throw new UserError(`--add: expected IMAGE-PATH=HOST-FILE, got '${spec}'`);
        extraFiles[spec.slice(0, at)] = readInputFile(spec.slice(at + 1));
      }
      const summary = mkfs(image, dir, {
        sizeMiB: flags.size === undefined ? undefined : parseNumberOption('--size', flags.size, 1),
        inodes: flags.inodes === undefined ? undefined : parseNumberOption('--inodes', flags.inodes, 1),
        programs,
        extraFiles,
      });
      console.log(
        `${image}: ${summary.blocks * 4096 / (1024 * 1024)} MiB, ${summary.files} files (${summary.dataBytes} bytes), ` +
        `${summary.directories} directories, ${summary.freeBlocks} free blocks, ${summary.inodes} inodes`,
      );
    });
}
