// `switchless ls IMAGE [PATH]`, `switchless cat IMAGE PATH` and
// `switchless extract IMAGE DIR [PATH]`: look inside a file system image, and
// copy files out of it (round trips: what the guest wrote, read on the host).
// The image is opened read-only; a committed transaction in its log is
// replayed in memory, so the image shows what the kernel would mount.
//
//   registerImageCommands(program)   adds the three subcommands

import type { Command } from 'commander';
import { openDiskImage } from '../../emu/backends/file-disk.ts';
import { extractTree, listTree } from '../fs/extract.ts';
import { FileSystem } from '../fs/filesystem.ts';

function withImage<T>(image: string, use: (fs: FileSystem) => T): T {
  const backend = openDiskImage(image, { readOnly: true });
  try {
    return use(FileSystem.mount(backend, { label: image, writable: false }));
  } finally {
    backend.close();
  }
}

export function registerImageCommands(program: Command): void {
  program
    .command('ls')
    .description('list a file system image, recursively')
    .argument('<image>', 'the image file')
    .argument('[path]', 'where to start', '/')
    .action((image: string, path: string) => {
      process.stdout.write(withImage(image, (fs) => listTree(fs, path)));
    });
  program
    .command('cat')
    .description('write a file of an image to stdout')
    .argument('<image>', 'the image file')
    .argument('<path>', 'the file, an absolute path')
    .action((image: string, path: string) => {
      process.stdout.write(withImage(image, (fs) => fs.readFile(path)));
    });
  program
    .command('extract')
    .description('copy the files of an image into a host directory')
    .argument('<image>', 'the image file')
    .argument('<dir>', 'host directory to write')
    .argument('[path]', 'the image directory to copy', '/')
    .action((image: string, dir: string, path: string) => {
      const files = withImage(image, (fs) => extractTree(fs, path, dir));
      console.log(`${dir}: ${files} files`);
    });
}
