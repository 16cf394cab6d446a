// Build step: assemble the boot ROM firmware (emu/firmware/bootrom.s) into the
// flat 64 KiB image mapped at 0xFFFF0000 (docs/isa.md §9). Bytes the firmware
// does not use are 0xFF, like an erased flash part.
//
//   romImageFromSource(text) -> Uint8Array (64 KiB)   used by tests too
//   buildBootRom()            writes build/bootrom.bin, returns its path

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { assemble } from '../asm/assemble.ts';
import { readElf } from '../elf/read.ts';
import { UserError } from '../../emu/user-error.ts';
import { BOOTROM_IMAGE } from './artifacts.ts';

export const ROM_BASE = 0xffff0000;
export const ROM_BYTES = 0x10000;
export const BOOTROM_SOURCE = 'emu/firmware/bootrom.s';

export function romImageFromSource(text: string, name = BOOTROM_SOURCE): Uint8Array {
  const { elf } = assemble([{ name, text }], { base: ROM_BASE, entry: '_start' });
  const program = readElf(elf, name);
  const image = new Uint8Array(ROM_BYTES).fill(0xff);
  for (const segment of program.segments) {
    const offset = segment.paddr - ROM_BASE;
    if (offset < 0 || offset + segment.memsz > ROM_BYTES) {
      throw new UserError(`${name}: segment at 0x${segment.paddr.toString(16)} does not fit the 64 KiB ROM`);
    }
    if (segment.memsz > segment.fileBytes.length) {
      throw new UserError(`${name}: the ROM cannot hold .bss (segment at 0x${segment.paddr.toString(16)})`);
    }
    image.set(segment.fileBytes, offset);
  }
  if (program.entry !== ROM_BASE) {
    throw new UserError(`${name}: _start must be the first byte of the ROM (the reset vector)`);
  }
  return image;
}

export async function buildBootRom(): Promise<string> {
  const image = romImageFromSource(readFileSync(BOOTROM_SOURCE, 'utf8'));
  mkdirSync('build', { recursive: true });
  writeFileSync(BOOTROM_IMAGE, image);
  return BOOTROM_IMAGE;
}
