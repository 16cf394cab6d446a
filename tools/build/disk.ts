// Build step: the default fixed-disk image, build/disk.img (docs/fs.md §9):
// the sample document root at /www, every user program the kernel build made
// (build/kernel/user/NAME.elf) as /bin/NAME, and mkfs's /dev and /tmp.
// 16 MiB, byte-identical on every host for the same programs.
//
//   defaultDiskImage(programs) -> Uint8Array      the image, from programs given
//   buildDefaultDiskImage(options?) -> path        reads the programs, writes the file
//   npx tsx tools/build/disk.ts                    does the same from the command line

import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildImage, writeImageFile } from '../fs/mkfs.ts';
import { sampleDocumentRoot } from '../fs/sample-www.ts';
import { newDir } from '../fs/tree.ts';
import { DEFAULT_DISK_IMAGE, USERLAND_BUILD_DIR } from './artifacts.ts';


export const DEFAULT_DISK_MIB = 16;

export function defaultDiskImage(programs: Record<string, Uint8Array> = {}, sizeMiB = DEFAULT_DISK_MIB): Uint8Array {
  const root = newDir();
  root.entries.set('www', sampleDocumentRoot());
  return buildImage(root, { sizeMiB, programs, label: DEFAULT_DISK_IMAGE }).image;
}

/** NAME.elf files of a folder, by NAME (none when the folder does not exist). */
export function readPrograms(dir: string): Record<string, Uint8Array> {
  if (!existsSync(dir)) return {};
  const programs: Record<string, Uint8Array> = {};
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.elf')) programs[file.slice(0, -'.elf'.length)] = new Uint8Array(readFileSync(join(dir, file)));
  }
  return programs;
}

export interface DefaultDiskOptions {
  output?: string;
  userlandDir?: string;
  sizeMiB?: number;
}

export async function buildDefaultDiskImage(options: DefaultDiskOptions = {}): Promise<string> {
  const output = options.output ?? DEFAULT_DISK_IMAGE;
  const image = defaultDiskImage(readPrograms(options.userlandDir ?? USERLAND_BUILD_DIR), options.sizeMiB);
  mkdirSync(dirname(output), { recursive: true });
  writeImageFile(output, image);
  return output;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await buildDefaultDiskImage());
}
