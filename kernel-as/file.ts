// Open files and descriptors (docs/kernel.md §8).
//
//   fileinit()
//   filealloc(type, readable, writable) -> open-file number, or -1 (table full)
//   filedup(f), fileclose(f)               reference counting; the last close releases
//   fileread(f, userVa, n), filewrite(f, userVa, n)
//   fdalloc(f) -> the current process's lowest free descriptor for f, or -EMFILE
//   fdfile(fd) -> the open-file number behind fd, or -1
//   filesetdata(f, data, size) / filesetpipe(f, pi)
//   filestat(f, userVa)                    {type, size}
//
// Kinds: the console; a pipe end; a ramdisk file (read-only, in place); a text
// snapshot (a kalloc'd page made at open, /proc).

import { NFILE, NOFILE } from "./param";
import { consoleread, consolewrite } from "./console";
import { pipeclose, piperead, pipewrite } from "./pipe";
import { curproc } from "./proc";
import { copyout } from "./vm";
import { kpagefree } from "./kalloc";
import { EBADF, EMFILE, EFAULT } from "./errno.gen";

export const F_NONE: u32 = 0;
export const F_CONSOLE: u32 = 1;
export const F_PIPE: u32 = 2;
export const F_RAMDISK: u32 = 3;
export const F_TEXT: u32 = 4;

@final class OFile {
  type: u32 = F_NONE;
  ref: u32 = 0;
  readable: bool = false;
  writable: bool = false;
  pipe: i32 = 0;
  data: u32 = 0;
  size: u32 = 0;
  off: u32 = 0;
}

const files: OFile[] = [];

export function fileinit(): void {
  for (let i: u32 = 0; i < NFILE; i++) files.push(new OFile());
}

export function filealloc(type: u32, readable: bool, writable: bool): i32 {
  for (let i: i32 = 0; i < <i32>NFILE; i++) {
    const f = files[i];
    if (f.ref != 0) continue;
    f.ref = 1;
    f.type = type;
    f.readable = readable;
    f.writable = writable;
    f.off = 0;
    f.data = 0;
    f.size = 0;
    return i;
  }
  return -1;
}

export function filesetdata(fi: i32, data: u32, size: u32): void {
  files[fi].data = data;
  files[fi].size = size;
}

export function filesetpipe(fi: i32, pi: i32): void {
  files[fi].pipe = pi;
}

export function filedup(fi: u32): void {
  files[fi].ref++;
}

export function fileclose(fi: u32): void {
  const f = files[fi];
  if (--f.ref > 0) return;
  if (f.type == F_PIPE) pipeclose(f.pipe, f.writable);
  else if (f.type == F_TEXT) kpagefree(f.data);
  f.type = F_NONE;
}

export function fdalloc(fi: i32): i32 {
  const p = curproc();
  for (let fd: u32 = 0; fd < NOFILE; fd++) {
    if (load<u32>(p.ofile + fd * 4) == 0) {
      store<u32>(p.ofile + fd * 4, <u32>fi + 1);
      return <i32>fd;
    }
  }
  return -EMFILE;
}

export function fdfile(fd: i32): i32 {
  if (fd < 0 || fd >= <i32>NOFILE) return -1;
  return <i32>load<u32>(curproc().ofile + <u32>fd * 4) - 1;
}

export function fileread(fi: i32, va: u32, n: u32): i32 {
  const f = files[fi];
  if (!f.readable) return -EBADF;
  if (f.type == F_CONSOLE) return consoleread(va, n);
  if (f.type == F_PIPE) return piperead(f.pipe, va, n);
  // a ramdisk file or a text snapshot: bytes in kernel memory
  const m = min(n, f.size - f.off);
  if (m > 0 && copyout(va, f.data + f.off, m) < 0) return -EFAULT;
  f.off += m;
  return <i32>m;
}

export function filewrite(fi: i32, va: u32, n: u32): i32 {
  const f = files[fi];
  if (!f.writable) return -EBADF;
  if (f.type == F_CONSOLE) return consolewrite(va, n);
  if (f.type == F_PIPE) return pipewrite(f.pipe, va, n);
  return -EBADF;
}

const statbuf = <u32>memory.data(8);

export function filestat(fi: i32, va: u32): i32 {
  const f = files[fi];
  store<u32>(statbuf, f.type == F_CONSOLE ? 3 : f.type == F_PIPE ? 4 : 1);
  store<u32>(statbuf, f.size, 4);
  return copyout(va, statbuf, 8);
}
