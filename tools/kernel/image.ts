// Kernel and user ELF images after linking (docs/kernel.md §2, §9, §14).
//
//   kernelImage(elf, { initrd, bootCommand }) -> ELF   e_entry set to the physical
//        _start (the boot ROM jumps there with paging off), the initial ramdisk as a
//        PT_LOAD at PHYS_INITRD, and an optional boot-arguments page at PHYS_BOOTARGS
//   withBootCommand(elf, cmd) -> ELF                   the same kernel, booting `cmd` (--exec)
//   withInitrd(elf, initrd) -> ELF                     the same kernel with another ramdisk
//   withExtraPrograms(elf, { hello: helloElf }) -> ELF  the same kernel, its ramdisk holding
//        the built programs and these (each a tx86 ELF for the user target, else a
//        one-line UserError); `boot --exec hello` then runs it

import { UserError } from '../../emu/user-error.ts';
import { PF_R, type ElfSegment, type ElfProgram } from '../elf/format.ts';
import { readElf } from '../elf/read.ts';
import { writeElf, type ElfImage } from '../elf/write.ts';
import { packInitrd, readInitrd } from './initrd.ts';
import { param } from './params.ts';

const KERNBASE = param('KERNBASE');
const SHF_ALLOC = 2;

function imageOf(program: ElfProgram): ElfImage {
  return {
    entry: program.entry,
    segments: [...program.segments],
    sections: program.sections.filter((s) => s.addr !== 0).map((s) => ({
      name: s.name, kind: s.type === 8 ? 'nobits' as const : 'progbits' as const, flags: s.flags, addr: s.addr, size: s.size,
    })),
    symbols: program.symbols,
  };
}

function addSegment(image: ElfImage, name: string, phys: number, bytes: Uint8Array, memsz = bytes.length): void {
  const segment: ElfSegment = { vaddr: KERNBASE + phys, paddr: phys, memsz, flags: PF_R, fileBytes: bytes };
  image.segments.push(segment);
  image.sections.push({ name, kind: 'progbits', flags: SHF_ALLOC, addr: segment.vaddr, size: bytes.length });
}

export function bootArgsPage(command: string): Uint8Array {
  const text = new TextEncoder().encode(command);
  if (text.length > 4000) throw new Error('boot command longer than 4000 bytes');
  const page = new Uint8Array(8 + text.length + 1);
  const view = new DataView(page.buffer);
  view.setUint32(0, param('BOOTARGS_MAGIC'), true);
  view.setUint32(4, text.length, true);
  page.set(text, 8);
  return page;
}

export function kernelImage(elf: Uint8Array, options: { initrd?: Uint8Array; bootCommand?: string } = {}): Uint8Array {
  const program = readElf(elf, 'kernel.elf');
  const image = imageOf(program);
  const start = program.symbols.find((s) => s.name === '_start');
  if (!start) throw new Error('kernel: no _start');
  image.entry = start.value - KERNBASE;
  if (options.bootCommand !== undefined) addSegment(image, '.bootargs', param('PHYS_BOOTARGS'), bootArgsPage(options.bootCommand));
  if (options.initrd) addSegment(image, '.initrd', param('PHYS_INITRD'), options.initrd);
  return writeElf(image);
}

export function withBootCommand(elf: Uint8Array, command: string): Uint8Array {
  const program = readElf(elf, 'kernel.elf');
  const image = imageOf(program);
  image.segments = image.segments.filter((s) => s.paddr !== param('PHYS_BOOTARGS'));
  image.sections = image.sections.filter((s) => s.name !== '.bootargs');
  addSegment(image, '.bootargs', param('PHYS_BOOTARGS'), bootArgsPage(command));
  return writeElf(image);
}

/** The same kernel with another initial ramdisk (tests, custom ramdisks). */
export function withInitrd(elf: Uint8Array, initrd: Uint8Array): Uint8Array {
  const program = readElf(elf, 'kernel.elf');
  const image = imageOf(program);
  image.segments = image.segments.filter((s) => s.paddr !== param('PHYS_INITRD'));
  image.sections = image.sections.filter((s) => s.name !== '.initrd');
  addSegment(image, '.initrd', param('PHYS_INITRD'), initrd);
  return writeElf(image);
}

/**
 * What the kernel's exec accepts (kernel-as/exec.ts): a tx86 executable whose
 * segments lie in user space, from UMEM_START to the stack region, and whose
 * entry is in one of them. A kernel or a bare-metal program fails here.
 */
function checkUserProgram(name: string, bytes: Uint8Array): void {
  const program = readElf(bytes, name); // a UserError naming the file if it is not a tx86 executable
  const low = param('UMEM_START');
  const high = KERNBASE - param('USTACK_MAX');
  const outside = program.segments.find((s) => s.vaddr < low || s.vaddr + s.memsz > high);
  if (outside || program.segments.length === 0) {
    throw new UserError(`${name}: not a program for the user target (its segments must lie in ` +
      `0x${low.toString(16)}-0x${high.toString(16)}; compile it with the user target)`);
  }
  if (!program.segments.some((s) => program.entry >= s.vaddr && program.entry < s.vaddr + s.memsz)) {
    throw new UserError(`${name}: its entry point 0x${program.entry.toString(16)} is outside its segments`);
  }
}

/** The same kernel with `programs` added to its initial ramdisk, next to the built ones (docs/kernel.md §9). */
export function withExtraPrograms(elf: Uint8Array, programs: Record<string, Uint8Array>): Uint8Array {
  const kernel = readElf(elf, 'kernel.elf');
  const segment = kernel.segments.find((s) => s.paddr === param('PHYS_INITRD'));
  const files = segment ? readInitrd(segment.fileBytes) : [];
  const maxName = param('INITRD_NAME') - 1;
  for (const [name, bytes] of Object.entries(programs)) {
    if (!/^[A-Za-z0-9._-]+$/.test(name) || new TextEncoder().encode(name).length > maxName) {
      throw new UserError(`'${name}': a ramdisk program name is 1 to ${maxName} letters, digits, '.', '_' or '-'`);
    }
    if (files.some((f) => f.name === name)) throw new UserError(`'${name}': the ramdisk already has a program of that name`);
    checkUserProgram(name, bytes);
    files.push({ name, data: bytes });
  }
  return withInitrd(elf, packInitrd(files));
}
