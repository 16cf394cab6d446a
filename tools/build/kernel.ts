// Build step: the kernel and its initial ramdisk (docs/kernel.md §14).
//
//   buildKernel() -> 'build/kernel.elf'
//     1. the system call files, generated from tools/kernel/syscalls.ts
//     2. every userland program (userland/*.ts, and userland/*.s assembled) -> build/kernel/user/NAME.elf
//        (all of them go to the fixed disk's /bin: tools/build/disk.ts)
//     3. the initial ramdisk of the RAMDISK_PROGRAMS among them
//     4. the kernel (kernel-as/main.ts + its assembly stubs) with the ramdisk
//   buildUserProgram(file, { emitAsm, extraAsm, output }?) -> ELF bytes, ready for the ramdisk or the disk

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { assemble } from '../asm/assemble.ts';
import path from 'node:path';
import { compileGuest } from '../kernel/compile.ts';
import { writeSyscallFiles } from '../kernel/gen-syscalls.ts';
import { kernelImage } from '../kernel/image.ts';
import { packInitrd, type InitrdFile } from '../kernel/initrd.ts';
import { param } from '../kernel/params.ts';
import { SYSCALL_NUMBERS } from '../kernel/syscalls.ts';
import { vectorsAsm } from '../kernel/vectors.ts';
import { KERNEL_ELF, KERNEL_WORK_DIR } from './artifacts.ts';


const WORK = KERNEL_WORK_DIR;
const KERNEL_MAIN = 'kernel-as/main.ts';
const KERNEL_STUBS = ['kernel-as/arch/entry.s', 'kernel-as/arch/trapasm.s'];
const USERLAND = 'userland';
/** The kernel's linear memory covers all RAM (up to 1 GiB), so bulk memory works on any page. */
const KERNEL_INITIAL_PAGES = 16384;

/** A userland program; `cc` passes its --emit-asm, --link and -o through `extra` (then the ELF is written too). */
export async function buildUserProgram(file: string,
  extra: { emitAsm?: string | boolean; extraAsm?: string[]; output?: string; ascArgs?: string[] } = {}): Promise<Uint8Array> {
  const { elf } = await compileGuest(file, {
    target: 'user',
    base: param('UTEXT'),
    memoryBase: 0,
    syscalls: SYSCALL_NUMBERS,
    ...extra,
    ascArgs: ['--memoryBase', String(param('UMEM_START')), ...(extra.ascArgs ?? [])],
  });
  return elf;
}

/** An assembly program (the fault tests): assembled and linked at UTEXT, no runtime. */
export function buildUserAsm(file: string): Uint8Array {
  return assemble([{ name: file, text: readFileSync(file, 'utf8') }], { base: param('UTEXT') }).elf;
}

/**
 * What the initial ramdisk holds: init, the shell, the core tools and the
 * kernel's own tests and benchmarks, enough to boot and test without a disk
 * (docs/kernel.md §9). Every other program lives on the disk only: the boot
 * disk is a diskette, and each program on it costs boot time.
 */
export const RAMDISK_PROGRAMS = new Set(['init', 'sh', 'echo', 'cat', 'ls', 'ps', 'kill', 'true', 'false', 'halt', 'spin',
  'usertests', 'sysfuzz', 'lat_syscall', 'lat_ctx', 'lat_proc', 'lat_pagefault', 'fault_cli', 'fault_div', 'fault_int']);

export function userPrograms(): string[] {
  return readdirSync(USERLAND).filter((f) => f.endsWith('.ts') || f.endsWith('.s')).sort().map((f) => path.join(USERLAND, f));
}

export async function buildKernel(options: { programs?: string[] } = {}): Promise<string> {
  writeSyscallFiles();
  mkdirSync(path.join(WORK, 'user'), { recursive: true });

  const files: InitrdFile[] = [];
  for (const file of options.programs ?? userPrograms()) {
    const name = path.basename(file).replace(/\.(ts|s)$/, '');
    const data = file.endsWith('.s') ? buildUserAsm(file) : await buildUserProgram(file);
    writeFileSync(path.join(WORK, 'user', `${name}.elf`), data);
    if (options.programs || RAMDISK_PROGRAMS.has(name)) files.push({ name, data });
  }

  const vectors = path.join(WORK, 'vectors.s');
  writeFileSync(vectors, vectorsAsm());
  const { elf, symbols } = await compileGuest(KERNEL_MAIN, {
    target: 'kernel',
    base: param('KERNLINK'),
    physOffset: param('KERNBASE'),
    memoryBase: param('KERNBASE'),
    ascArgs: ['--memoryBase', String(param('PHYS_KMEM')), '--initialMemory', String(KERNEL_INITIAL_PAGES)],
    extraAsm: [...KERNEL_STUBS, vectors],
  });
  const end = Math.max(...symbols.map((s) => s.value + s.size).filter((v) => v < 2 ** 32 && v >= param('KERNLINK')));
  if (end - param('KERNBASE') > param('PHYS_KMEM')) {
    throw new Error(`the kernel image ends at 0x${end.toString(16)}, past PHYS_KMEM (kernel-as/param.ts)`);
  }
  writeFileSync(KERNEL_ELF, kernelImage(elf, { initrd: files.length > 0 ? packInitrd(files) : undefined }));
  return KERNEL_ELF;
}
