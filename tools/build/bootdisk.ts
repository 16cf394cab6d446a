// Build step: the default boot disk, build/boot.img, that `switchless boot`
// (and so `npm start`) starts from. The boot ROM reads an ELF executable from
// sector 0 (docs/devices.md §boot-rom), so the image is the ELF file padded
// to whole 512-byte sectors.
//
//   bootDiskImage(elf) -> Uint8Array   the padding rule, shared with the CLI
//   buildBootDisk()                     assembles the default boot program

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { assemble } from '../asm/assemble.ts';

export const SECTOR_BYTES = 512;
export const DEFAULT_BOOT_PROGRAM = 'examples/echo.s';
export const DEFAULT_BOOT_DISK = 'build/boot.img';

export function bootDiskImage(elf: Uint8Array): Uint8Array {
  const sectors = Math.max(8, Math.ceil(elf.length / SECTOR_BYTES));
  const image = new Uint8Array(sectors * SECTOR_BYTES);
  image.set(elf);
  return image;
}

export async function buildBootDisk(): Promise<string> {
  const text = readFileSync(DEFAULT_BOOT_PROGRAM, 'utf8');
  const { elf } = assemble([{ name: DEFAULT_BOOT_PROGRAM, text }]);
  mkdirSync('build', { recursive: true });
  writeFileSync(DEFAULT_BOOT_DISK, bootDiskImage(elf));
  return DEFAULT_BOOT_DISK;
}
