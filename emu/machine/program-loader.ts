// The host-side program loader behind `switchless run` (docs/isa.md §11):
// place an ELF's PT_LOAD segments in RAM at their physical addresses and
// describe the bare-machine start state. The boot ROM does the same job in
// guest code for `switchless boot`.
//
//   loadProgramImage(ram, elf, fileName) -> { entry, imageEnd }
//   writeBootInfo(ram, info)   the boot-info block at 0x500, shared with the ROM's layout

import { readElf } from '../../tools/elf/read.ts';
import { UserError } from '../user-error.ts';

export const BOOT_MAGIC = 0x2bad7886;
export const BOOT_INFO_ADDRESS = 0x500;

export interface BootInfo {
  ramBytes: number;
  bootDiskSectors: number;
  diskSectors: number;
  clockKHz: number;
  imageEnd: number;
}

export function loadProgramImage(ram: Uint8Array, elf: Uint8Array, fileName: string): { entry: number; imageEnd: number } {
  const program = readElf(elf, fileName);
  let imageEnd = 0;
  for (const segment of program.segments) {
    const end = segment.paddr + segment.memsz;
    if (end > ram.length) {
      throw new UserError(
        `${fileName}: segment at 0x${segment.paddr.toString(16)} (${segment.memsz} bytes) does not fit in ${ram.length >> 20} MiB of RAM`);
    }
    ram.set(segment.fileBytes, segment.paddr);
    ram.fill(0, segment.paddr + segment.fileBytes.length, end);
    imageEnd = Math.max(imageEnd, end);
  }
  return { entry: program.entry, imageEnd };
}

export function writeBootInfo(ram: Uint8Array, info: BootInfo): void {
  const view = new DataView(ram.buffer, ram.byteOffset + BOOT_INFO_ADDRESS, 24);
  view.setUint32(0, BOOT_MAGIC, true);
  view.setUint32(4, info.ramBytes, true);
  view.setUint32(8, info.bootDiskSectors, true);
  view.setUint32(12, info.diskSectors, true);
  view.setUint32(16, info.clockKHz, true);
  view.setUint32(20, info.imageEnd, true);
}
