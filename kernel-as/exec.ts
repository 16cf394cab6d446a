// Loading a program (docs/kernel.md §2, §9, §16.1): an ELF32 tx86 executable
// from the file system (read through the buffer cache), or else from the
// initial ramdisk, replaces the process's user space.
//
//   execproc(p, path, args, argsLen) -> 0 or -errno   kernel buffers (wasm addresses):
//                                                     path a C string, args NUL-separated;
//                                                     the caller holds fslock
//   sys_exec in sysproc.ts copies the user's path and argv in and calls it
//
// Every PT_LOAD segment is copied into fresh pages (user, writable). The break
// starts at 0: a program's linear memory starts at virtual 0 and is its heap,
// which the runtime's _start asks for with sbrk (tools/cc/runtime/user.s);
// below the break (from UMEM_START) and in the stack region pages are
// demand-zero. The program starts at e_entry with esp = KERNBASE and
// interrupts on.

import { KERNBASE, PGSIZE, USTACK_MAX, UMEM_START } from "./param";
import { Proc, procnameFrom, TF_SIZE, TF_EIP, TF_CS, TF_EFLAGS, TF_ESP } from "./proc";
import { initrdlookup, initrddata, initrdsize, basename } from "./initrd";
import { uvmcreate, uvmfree, uvmfreeall, mappage, walk, PTE_W, PTE_U, PTE_P } from "./vm";
import { kalloc } from "./kalloc";
import { kmalloc, kfree } from "./kmalloc";
import { setLoadedPgdir, current } from "./sched";
import { EACCES, ENOENT, ENOEXEC, ENOMEM, EIO, EWOULDBLOCKIO } from "./errno.gen";
import { Inode, fsMounted, readi, readiCached, iputLocked, inodeSize, inodeType } from "./fs";
import { namei, lookupCached, ndIp, permitted, LOOKUP, X_OK } from "./namei";
import { INODE_TYPE_FILE } from "./fs/layout.generated";
import { traceThread } from "./stats";

const ELF_MAGIC: u32 = 0x464C457F;
const EM_TX86: u32 = 0x7886;
const PT_LOAD: u32 = 1;
const USER_TOP: u32 = KERNBASE - USTACK_MAX; // segments must end below the stack region

// One exec in progress: the program's bytes (an inode of the file system, or
// bytes in memory: the ramdisk) and its scratch buffers. There are two: the
// one for execs under the file-system lock (which sleep) and the one for a
// try from memory without it (which never sleeps, so it cannot meet another
// try, but may run while a locked exec sleeps).
@final class Loading {
  ip: Inode | null = null;
  mem: u32 = 0;
  size: u32 = 0;
  cachedOnly: bool = false;  // no lock held: read only what the buffer cache has
  wouldBlock: bool = false;  // ... and something was not there
  readFailed: bool = false;
  header: u32 = 0;           // 512 bytes: the ELF header and program headers
  name: u32 = 0;             // NAME_MAX bytes for namei
}
const LOCKED_HEADER = <u32>memory.data(512);
const LOCKED_NAME = <u32>memory.data(64);
const CACHED_HEADER = <u32>memory.data(512);
const CACHED_NAME = <u32>memory.data(64);
const lockedLoad = new Loading();
lockedLoad.header = LOCKED_HEADER;
lockedLoad.name = LOCKED_NAME;
const cachedLoad = new Loading();
cachedLoad.header = CACHED_HEADER;
cachedLoad.name = CACHED_NAME;
cachedLoad.cachedOnly = true;

/** Copies n bytes at file offset off to kernel address dst. */
function readAt(c: Loading, dst: u32, off: u32, n: u32): bool {
  if (c.ip != null) {
    const r = c.cachedOnly ? readiCached(c.ip!, dst, off, n, false) : readi(c.ip!, dst, off, n, false);
    if (r == -EWOULDBLOCKIO) c.wouldBlock = true;
    const ok = r == <i32>n;
    if (!ok) c.readFailed = true;
    return ok;
  }
  memory.copy(dst, c.mem + off, n);
  return true;
}

/** Maps [va, va + memsz) in pgdir and copies filesz bytes from file offset src into it. */
function loadsegment(c: Loading, pgdir: u32, va: u32, memsz: u32, src: u32, filesz: u32): bool {
  const end = va + memsz;
  for (let page = va & ~(PGSIZE - 1); page < end; page += PGSIZE) {
    let pa: u32;
    const pte = walk(pgdir, page, false);
    if (pte != 0 && (load<u32>(pte) & PTE_P) != 0) {
      pa = load<u32>(pte) & ~0xFFF; // shared with the previous segment
    } else {
      pa = kalloc();
      if (pa == 0 || !mappage(pgdir, page, pa, PTE_W | PTE_U)) return false;
    }
    // the file bytes that fall in this page
    const from = max(page, va);
    const to = min(page + PGSIZE, va + filesz);
    if (to > from && !readAt(c, pa + (from - page), src + (from - va), to - from)) return false;
  }
  return true;
}

/** The file system's program at path, or the ramdisk's by its last component. */
function openProgram(c: Loading, path: u32): i32 {
  c.ip = null;
  if (fsMounted) {
    const r = c.cachedOnly ? lookupCached(path, c.name) : namei(path, LOOKUP, false, c.name);
    if (r == -EWOULDBLOCKIO) return r;
    if (r == 0) {
      const ip = ndIp!;
      if (<u32>inodeType(ip.d) != INODE_TYPE_FILE || !permitted(ip, X_OK)) { ip.ref--; return -EACCES; }
      c.ip = ip;
      c.size = inodeSize(ip.d);
      return 0;
    }
    if (r != -ENOENT) return r;
  }
  const fi = initrdlookup(path);
  if (fi < 0) return -ENOENT;
  c.mem = initrddata(<u32>fi);
  c.size = initrdsize(<u32>fi);
  return 0;
}

/**
 * The caller holds fslock (fs.ts): reading the program sleeps on the disk.
 * Or, with `cached`, it holds no lock: the program is read only from memory
 * (nothing sleeps), and -EWOULDBLOCKIO, with nothing changed, says to call
 * again with the lock.
 */
export function execproc(p: Proc, path: u32, args: u32, argsLen: u32, cached: bool = false): i32 {
  const c = cached ? cachedLoad : lockedLoad;
  c.wouldBlock = false;
  c.readFailed = false;
  let r = openProgram(c, path);
  if (r == 0) r = load_(c, p, path, args, argsLen);
  const ip = c.ip;
  c.ip = null;
  if (ip != null) iputLocked(ip!);
  return r;
}

function load_(c: Loading, p: Proc, path: u32, args: u32, argsLen: u32): i32 {
  const size = c.size;
  const elf = c.header;
  if (size < 52 || !readAt(c, elf, 0, 52)) return size < 52 ? -ENOEXEC : c.wouldBlock ? -EWOULDBLOCKIO : -EIO;
  if (load<u32>(elf) != ELF_MAGIC || load<u16>(elf, 18) != EM_TX86) return -ENOEXEC;
  const entry = load<u32>(elf, 24);
  const phoff = load<u32>(elf, 28);
  const phentsize = <u32>load<u16>(elf, 42);
  const phnum = <u32>load<u16>(elf, 44);
  if (phoff > size || phnum * phentsize > size - phoff || phnum * phentsize > 512 - 52) return -ENOEXEC;
  const ph0 = elf + 52;
  if (!readAt(c, ph0, phoff, phnum * phentsize)) return c.wouldBlock ? -EWOULDBLOCKIO : -EIO;

  const pgdir = uvmcreate();
  if (pgdir == 0) return -ENOMEM;
  let imageStart: u32 = 0xFFFFFFFF;
  let imageEnd: u32 = 0;
  for (let i: u32 = 0; i < phnum; i++) {
    const ph = ph0 + i * phentsize;
    if (load<u32>(ph) != PT_LOAD) continue;
    const off = load<u32>(ph, 4);
    const va = load<u32>(ph, 8);
    const filesz = load<u32>(ph, 16);
    const memsz = load<u32>(ph, 20);
    const ok = filesz <= memsz && va >= UMEM_START && va < USER_TOP && memsz <= USER_TOP - va &&
      off <= size && filesz <= size - off;
    if (!ok || !loadsegment(c, pgdir, va, memsz, off, filesz)) {
      uvmfreeall(pgdir);
      return !ok ? -ENOEXEC : c.wouldBlock ? -EWOULDBLOCKIO : c.readFailed ? -EIO : -ENOMEM;
    }
    imageStart = min(imageStart, va & ~(PGSIZE - 1));
    imageEnd = max(imageEnd, va + memsz);
  }
  if (imageEnd == 0) { uvmfreeall(pgdir); return -ENOEXEC; }
  const argsCopy = kmalloc(argsLen); // the process's arguments, freed when it is reaped (proc.ts)
  if (argsCopy == 0) { uvmfreeall(pgdir); return -ENOMEM; }

  // Commit: the old user space goes.
  const old = p.pgdir;
  p.pgdir = pgdir;
  if (p === current) setLoadedPgdir(pgdir);
  if (old != 0) uvmfree(old, p);
  p.brk = 0; // the runtime's _start asks for its linear memory with sbrk
  p.imageStart = imageStart;
  p.imageEnd = imageEnd;
  procnameFrom(p, basename(path));
  if (p === current) traceThread(p); // the trace's thread takes the program's name (not a switch)
  memory.copy(argsCopy, args, argsLen);
  kfree(p.args);
  p.args = argsCopy;
  p.argsLen = argsLen;
  const tf = p.tf();
  memory.fill(tf, 0, TF_SIZE);
  store<u32>(tf, entry, TF_EIP);
  store<u32>(tf, 0x1B, TF_CS);       // ring 3
  store<u32>(tf, 0x202, TF_EFLAGS);  // IF
  store<u32>(tf, KERNBASE, TF_ESP);
  return 0;
}
