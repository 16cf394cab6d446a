// /proc (docs/kernel.md §10): text snapshots made when a file is opened, and
// the binary records of the kstat system call.
//
//   procopen(path) -> open-file number, -ENOENT, or -ENFILE    "/proc/stat", "/proc/<pid>/stat",
//                                                              "/proc/namecache", "/proc/bcache"
//   kstatrecord(pid, buf) -> record length                     pid -1: the global record (56 bytes,
//                                                              the cycle counter last), else 48
//   procdirent(index, dst) -> name length, or -1 past the end  the entries of /proc
//   procpiddir(path) -> bool                                   "/proc/<pid>" names a live process

import { NPROC, PGSIZE } from "./param";
import { procAt, findproc, Proc, UNUSED } from "./proc";
import { filealloc, filesetdata, F_TEXT } from "./file";
import { kalloc, kpagefree, kfreecount, ktotalcount } from "./kalloc";
import { ticks } from "./timer";
import { kmallocstats } from "./kmalloc";
import { pipesopen } from "./pipe";
import { nvoluntary, ninvoluntary, nentrySyscall, nentryIrq, nentryException, npagefaults, nforks, nentryUser } from "./stats";
import { ENOENT, ENFILE, ENOMEM } from "./errno.gen";
import { rdtsc } from "./arch/cpu";
import { ncCalls, ncPosHits, ncNegHits, ncMisses, ncNegative, ncEvictions, ncAtomicHits, ncAtomicBounces,
  ncEntries, ncLimit } from "./namecache";
import { bhits, bmisses } from "./bio";
import { diskReads, diskWrites } from "./disk";
import { logCommits, logBlocks } from "./log";
import { NBUF } from "./param";

// ---- a text builder over one page ----
let out: u32 = 0;
let len: u32 = 0;

function s(text: string): void {
  for (let i = 0; i < text.length && len < PGSIZE; i++) store<u8>(out + len++, <u8>text.charCodeAt(i));
}
function c(cstr: u32): void {
  while (load<u8>(cstr) != 0 && len < PGSIZE) store<u8>(out + len++, load<u8>(cstr++));
}
function n(v: u32): void {
  if (v >= 10) n(v / 10);
  if (len < PGSIZE) store<u8>(out + len++, <u8>(48 + v % 10));
}

function n64(v: u64): void {
  if (v >= 10) n64(v / 10);
  if (len < PGSIZE) store<u8>(out + len++, <u8>(48 + <u32>(v % 10)));
}

function alive(): u32 {
  let k: u32 = 0;
  for (let i: u32 = 1; i < NPROC; i++) if (procAt(i).state != UNUSED) k++;
  return k;
}

const STATE_LETTERS = "UESRRZ"; // unused embryo sleeping runnable running zombie

function statText(): void {
  const now = rdtsc();
  s("ticks "); n(ticks); s("\n");
  s("cycles "); n64(now); s("\n");
  s("switches "); n(nvoluntary + ninvoluntary); s(" voluntary "); n(nvoluntary); s(" involuntary "); n(ninvoluntary); s("\n");
  s("entries "); n(nentrySyscall + nentryIrq + nentryException); s(" syscall "); n(nentrySyscall);
  s(" irq "); n(nentryIrq); s(" exception "); n(nentryException); s(" user "); n(nentryUser); s("\n");
  s("syscalls "); n(nentrySyscall); s("\n");
  s("pagefaults "); n(npagefaults); s("\n");
  s("processes "); n(alive()); s(" forks "); n(nforks); s("\n");
  s("pages free "); n(kfreecount()); s(" total "); n(ktotalcount()); s("\n");
  kmallocstats(heapRec); // the snapshot's own page is not from kmalloc
  s("kmalloc objects "); n(load<u32>(heapRec)); s(" bytes "); n(load<u32>(heapRec, 4));
  s(" slabs "); n(load<u32>(heapRec, 8)); s(" pages "); n(load<u32>(heapRec, 12)); s("\n");
  s("pipes "); n(pipesopen()); s("\n");
}

const heapRec = <u32>memory.data(16);

function line(key: string, v: u32): void { s(key); s(" "); n(v); s("\n"); }

/** docs/kernel.md §18: FreeBSD's vfs.cache figures, and the atomic-open outcomes. */
function namecacheText(): void {
  line("calls", ncCalls);
  line("poshits", ncPosHits);
  line("neghits", ncNegHits);
  line("misses", ncMisses);
  line("entries", ncEntries());
  line("negative", ncNegative);
  line("evictions", ncEvictions);
  line("size", ncLimit());
  line("atomic_hits", ncAtomicHits);
  line("atomic_bounces", ncAtomicBounces);
}

/** docs/kernel.md §16.3-§16.4: the buffer cache, the disk and the log. */
function bcacheText(): void {
  line("buffers", NBUF);
  line("hits", bhits);
  line("misses", bmisses);
  line("disk_reads", diskReads);
  line("disk_writes", diskWrites);
  line("commits", logCommits);
  line("blocks_logged", logBlocks);
}

function pidText(p: Proc): void {
  s("pid "); n(<u32>p.pid); s(" name "); c(p.name);
  s(" state "); store<u8>(out + len++, <u8>STATE_LETTERS.charCodeAt(<i32>p.state)); s(" ppid "); n(<u32>p.ppid); s("\n");
  s("switches "); n(p.voluntary + p.involuntary); s(" voluntary "); n(p.voluntary); s(" involuntary "); n(p.involuntary); s("\n");
  s("syscalls "); n(p.syscalls); s(" pagefaults "); n(p.pagefaults); s(" brk "); n(p.brk); s("\n");
}

/** "/proc/12/stat" -> 12; -1 if the path is not of that shape. */
function pidOf(path: u32): i32 {
  let at = path + 6; // after "/proc/"
  let v: i32 = 0;
  let digits = 0;
  while (load<u8>(at) >= 48 && load<u8>(at) <= 57) { v = v * 10 + (load<u8>(at) - 48); at++; digits++; }
  if (digits == 0 || load<u8>(at) != 47) return -1;
  return v;
}

function same(a: u32, b: string): bool {
  for (let i = 0; i < b.length; i++) if (load<u8>(a + i) != <u8>b.charCodeAt(i)) return false;
  return load<u8>(a + b.length) == 0;
}

const TEXT_STAT: u32 = 0;
const TEXT_PID: u32 = 1;
const TEXT_NAMECACHE: u32 = 2;
const TEXT_BCACHE: u32 = 3;

export function procopen(path: u32): i32 {
  let p: Proc | null = null;
  let what = TEXT_STAT;
  if (same(path, "/proc/namecache")) what = TEXT_NAMECACHE;
  else if (same(path, "/proc/bcache")) what = TEXT_BCACHE;
  else if (!same(path, "/proc/stat")) {
    what = TEXT_PID;
    const pid = pidOf(path);
    if (pid < 0) return -ENOENT;
    let rest = path + 6;
    while (load<u8>(rest) != 47) rest++;
    if (!same(rest, "/stat")) return -ENOENT;
    p = findproc(pid);
    if (p == null) return -ENOENT;
  }
  out = kalloc();
  if (out == 0) return -ENOMEM;
  len = 0;
  if (what == TEXT_STAT) statText();
  else if (what == TEXT_NAMECACHE) namecacheText();
  else if (what == TEXT_BCACHE) bcacheText();
  else pidText(p!);
  const fi = filealloc(F_TEXT, true, false);
  if (fi < 0) { kpagefree(out); return -ENFILE; }
  filesetdata(fi, out, len);
  return fi;
}

/** "/proc/<pid>" or "/proc/<pid>/" of a live process: a directory holding "stat". */
export function procpiddir(path: u32): bool {
  let at = path + 6;
  let v: i32 = 0;
  let digits = 0;
  while (load<u8>(at) >= 48 && load<u8>(at) <= 57 && digits < 9) { v = v * 10 + (load<u8>(at) - 48); at++; digits++; }
  if (digits == 0) return false;
  if (load<u8>(at) == 47) at++;
  return load<u8>(at) == 0 && findproc(v) != null;
}

export function kstatrecord(pid: i32, buf: u32): u32 {
  if (pid < 0) {
    // no array literal: the kernel does not allocate after boot
    store<u32>(buf, ticks);
    store<u32>(buf, nvoluntary, 4);
    store<u32>(buf, ninvoluntary, 8);
    store<u32>(buf, nentrySyscall, 12);
    store<u32>(buf, nentryIrq, 16);
    store<u32>(buf, nentryException, 20);
    store<u32>(buf, npagefaults, 24);
    store<u32>(buf, nforks, 28);
    store<u32>(buf, kfreecount(), 32);
    store<u32>(buf, ktotalcount(), 36);
    store<u32>(buf, alive(), 40);
    store<u32>(buf, nentryUser, 44);
    const now = rdtsc();
    store<u32>(buf, <u32>now, 48);
    store<u32>(buf, <u32>(now >> 32), 52);
    return 56;
  }
  const p = findproc(pid);
  if (p == null) return 0;
  store<u32>(buf, <u32>p.pid);
  store<u32>(buf, <u32>p.ppid, 4);
  store<u32>(buf, p.state, 8);
  store<u32>(buf, p.voluntary, 12);
  store<u32>(buf, p.involuntary, 16);
  store<u32>(buf, p.syscalls, 20);
  store<u32>(buf, p.pagefaults, 24);
  store<u32>(buf, p.brk, 28);
  memory.copy(buf + 32, p.name, 16);
  return 48;
}

/** Entry `index` of /proc: "stat", "namecache", "bcache", then one directory per process. */
export function procdirent(index: u32, dst: u32): i32 {
  out = dst;
  len = 0;
  if (index < 3) { s(index == 0 ? "stat" : index == 1 ? "namecache" : "bcache"); store<u8>(dst + len, 0); return <i32>len; }
  let k: u32 = 2;
  for (let i: u32 = 1; i < NPROC; i++) {
    const p = procAt(i);
    if (p.state == UNUSED) continue;
    if (++k == index) { n(<u32>p.pid); store<u8>(dst + len, 0); return <i32>len; }
  }
  return -1;
}
