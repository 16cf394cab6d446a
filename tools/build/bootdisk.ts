// Build step: the default boot disk, build/boot.img, that `switchless boot`
// (and so `npm start`) starts from: the kernel (build/kernel.elf, made by the
// kernel step). The boot ROM reads an ELF executable from sector 0
// (docs/devices.md §boot-rom), so the image is the ELF file padded to whole
// 512-byte sectors.
//
//   bootDiskImage(elf) -> Uint8Array   the padding rule, shared with the CLI
//   buildBootDisk()                     writes the kernel's boot disk

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_BOOT_DISK, KERNEL_ELF } from './artifacts.ts';

export const SECTOR_BYTES = 512;

export function bootDiskImage(elf: Uint8Array): Uint8Array {
  const sectors = Math.max(8, Math.ceil(elf.length / SECTOR_BYTES));
  const image = new Uint8Array(sectors * SECTOR_BYTES);
  image.set(elf);
  return image;
}

export async function buildBootDisk(): Promise<string> {
  const elf = new Uint8Array(readFileSync(KERNEL_ELF));
  mkdirSync('build', { recursive: true });
  writeFileSync(DEFAULT_BOOT_DISK, bootDiskImage(elf));
  return DEFAULT_BOOT_DISK;
}
