// Open files and descriptors (docs/kernel.md §8, §16).
//
//   fileinit()
//   filealloc(type, readable, writable) -> open-file number, or -1 (table full)
//   fileAt(f) -> OFile                     the open file behind a number
//   filedup(f), fileclose(f)               reference counting; the last close releases
//   fileread(f, userVa, n), filewrite(f, userVa, n)
//   fdalloc(f) -> the current process's lowest free descriptor for f, or -EMFILE
//   fdfile(fd) -> the open-file number behind fd, or -1
//   filesetdata(f, data, size) / filesetpipe(f, pi) / filesetinode(f, ip, append)
//
// Kinds: the console; a pipe end; a ramdisk file (read-only, in place); a text
// snapshot (a kalloc'd page made at open, /proc); an inode of the file system
// (file or directory); /dev/null; /dev/disk (the fixed disk by block, read-only);
// a made-up directory listing (/proc, and /bin without a file system).

import { NFILE, NOFILE } from "./param";
import { BLOCK_SIZE, MAX_WRITE_BLOCKS, INODE_TYPE_DIRECTORY } from "./fs/layout.generated";
import { consoleread, consolewrite } from "./console";
import { pipeclose, piperead, pipewrite } from "./pipe";
import { curproc } from "./proc";
import { copyout } from "./vm";
import { kpagefree } from "./kalloc";
import { Inode, fslock, fsunlock, readi, readiCached, writei, irelease, inodeSize, inodeType, fsReadonly } from "./fs";
import { begin_op, end_op } from "./log";
import { bread, brelse } from "./bio";
import { EBADF, EMFILE, EFAULT, EISDIR, EROFS, EIO, EWOULDBLOCKIO } from "./errno.gen";

export const F_NONE: u32 = 0;
export const F_CONSOLE: u32 = 1;
export const F_PIPE: u32 = 2;
export const F_RAMDISK: u32 = 3;
export const F_TEXT: u32 = 4;
export const F_INODE: u32 = 5;
export const F_NULL: u32 = 6;
export const F_DISK: u32 = 7;
export const F_DIRLIST: u32 = 8;

@final export class OFile {
  type: u32 = F_NONE;
  ref: u32 = 0;
  readable: bool = false;
  writable: bool = false;
  append: bool = false;
  pipe: i32 = 0;
  data: u32 = 0;       // F_RAMDISK, F_TEXT: the bytes; F_DIRLIST: which listing
  size: u32 = 0;
  off: u32 = 0;        // bytes; for F_DIRLIST the next entry's index
  ip: Inode | null = null;
}

const files: OFile[] = [];

export function fileinit(): void {
  for (let i: u32 = 0; i < NFILE; i++) files.push(new OFile());
}

export function fileAt(fi: i32): OFile { return unchecked(files[fi]); }

export function filealloc(type: u32, readable: bool, writable: bool): i32 {
  for (let i: i32 = 0; i < <i32>NFILE; i++) {
    const f = files[i];
    if (f.ref != 0) continue;
    f.ref = 1;
    f.type = type;
    f.readable = readable;
    f.writable = writable;
    f.append = false;
    f.off = 0;
    f.data = 0;
    f.size = 0;
    f.ip = null;
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

export function filesetinode(fi: i32, ip: Inode, append: bool): void {
  files[fi].ip = ip;
  files[fi].append = append;
}

export function filedup(fi: u32): void {
  files[fi].ref++;
}

export function fileclose(fi: u32): void {
  const f = files[fi];
  if (--f.ref > 0) return;
  if (f.type == F_PIPE) pipeclose(f.pipe, f.writable);
  else if (f.type == F_TEXT) kpagefree(f.data);
  else if (f.type == F_INODE && f.ip != null) irelease(f.ip!);
  f.ip = null;
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

/** /dev/disk: whole blocks through the buffer cache. */
function diskread(f: OFile, va: u32, n: u32): i32 {
  let done: u32 = 0;
  fslock();
  while (done < n) {
    const b = bread(f.off / BLOCK_SIZE);
    if (b == null) break;
    const m = min(n - done, BLOCK_SIZE - f.off % BLOCK_SIZE);
    const bad = copyout(va + done, b.data + f.off % BLOCK_SIZE, m) < 0;
    brelse(b);
    if (bad) { fsunlock(); return done > 0 ? <i32>done : -EFAULT; }
    done += m;
    f.off += m;
  }
  fsunlock();
  return done > 0 || n == 0 ? <i32>done : -EIO;
}

export function fileread(fi: i32, va: u32, n: u32): i32 {
  const f = files[fi];
  if (!f.readable) return -EBADF;
  if (f.type == F_CONSOLE) return consoleread(va, n);
  if (f.type == F_PIPE) return piperead(f.pipe, va, n);
  if (f.type == F_NULL) return 0;
  if (f.type == F_DIRLIST) return -EISDIR;
  if (f.type == F_DISK) return f.off >= f.size ? 0 : diskread(f, va, min(n, f.size - f.off));
  if (f.type == F_INODE) {
    const ip = f.ip!;
    if (<u32>inodeType(ip.d) == INODE_TYPE_DIRECTORY) return -EISDIR;
    // cached data is copied without the lock, so it never waits behind another's disk wait
    const cached = readiCached(ip, va, f.off, n);
    if (cached != -EWOULDBLOCKIO) {
      if (cached > 0) f.off += <u32>cached;
      return cached;
    }
    fslock();
    const r = readi(ip, va, f.off, n, true);
    if (r > 0) f.off += <u32>r;
    fsunlock();
    return r;
  }
  // a ramdisk file or a text snapshot: bytes in kernel memory
  const m = f.off >= f.size ? 0 : min(n, f.size - f.off);
  if (m > 0 && copyout(va, f.data + f.off, m) < 0) return -EFAULT;
  f.off += m;
  return <i32>m;
}

/** A write in transactions of at most MAX_WRITE_BLOCKS blocks (docs/fs.md §6); a gap is zero-filled. */
function inodewrite(f: OFile, va: u32, n: u32): i32 {
  const ip = f.ip!;
  const chunk = MAX_WRITE_BLOCKS * BLOCK_SIZE;
  fslock();
  if (fsReadonly) { fsunlock(); return -EROFS; }
  if (f.append) f.off = inodeSize(ip.d);
  let done: u32 = 0;
  let err: i32 = 0;
  while (done < n) {
    begin_op();
    const size = inodeSize(ip.d);
    if (f.off > size) {
      const r = writei(ip, 0, size, min(f.off - size, chunk - size % BLOCK_SIZE), false);
      end_op();
      if (r <= 0) { err = r < 0 ? r : -EIO; break; }
      continue;
    }
    const m = min(n - done, chunk - f.off % BLOCK_SIZE);
    const r = writei(ip, va + done, f.off, m, true);
    end_op();
    if (r < 0) { err = r; break; }
    f.off += <u32>r;
    done += <u32>r;
    if (<u32>r < m) break;
  }
  fsunlock();
  return done > 0 ? <i32>done : err;
}

export function filewrite(fi: i32, va: u32, n: u32): i32 {
  const f = files[fi];
  if (!f.writable) return -EBADF;
  if (f.type == F_CONSOLE) return consolewrite(va, n);
  if (f.type == F_PIPE) return pipewrite(f.pipe, va, n);
  if (f.type == F_NULL) return <i32>n;
  if (f.type == F_INODE) return inodewrite(f, va, n);
  return -EBADF;
}
