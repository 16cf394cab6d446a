// The userland's small C library (docs/kernel.md §13), over the generated
// system calls in sys.gen.ts.
//
//   System calls return -1 and set `errno` on failure:
//     write(fd, ptr, n)  read(fd, ptr, n)  open(path, flags)  close(fd)  dup(fd)
//     pipe() -> [r, w] | null   fork()  exec(path, argv)  wait() -> pid (status in waitStatus)
//     exit(status)  getpid()  getppid()  kill(pid)  sbrk(n)  sleep(ticks)  uptime()
//     chdir(path)  setpgid(pid, pgid)  tcsetpgrp(pgid)  yield_()  poweroff(status)
//   Strings:   print("x"), eprint("x"), fprint(fd, "x"); cstr("ls") -> NUL-terminated UTF-8
//   Arguments: args() -> ["echo", "hi"];  bootargs() -> the --exec command or ""
//   Input:     LineReader(fd).next() -> a line without its newline, or null at end of file
//   Errors:    strerror(errno), perror("open")
//   Counters:  kstatGlobal(), kstatProc(pid) -> StaticArray<u32> (docs/syscalls.md `kstat`);
//              kstatInto(rec), entriesBetween(a, b), switchesBetween(a, b), cycles(rec)
//   Memory:    malloc(n), free(p) (lib/malloc.ts) for raw buffers; `new` for objects.

import {
  sys_write, sys_read, sys_open, sys_close, sys_dup, sys_pipe, sys_fork, sys_exec, sys_wait, sys_exit,
  sys_getpid, sys_getppid, sys_kill, sys_sbrk, sys_sleep, sys_uptime, sys_chdir, sys_setpgid, sys_tcsetpgrp,
  sys_yield, sys_poweroff, sys_getargs, sys_bootargs, sys_kstat, sys_readdir, sys_fstat,
} from "./sys.gen";
import { strerror as errnoMessage } from "./errno.gen";
export { malloc, free } from "./malloc";

export let errno: i32 = 0;
export let waitStatus: i32 = 0;

export const O_RDONLY: i32 = 0;
export const O_WRONLY: i32 = 1;
export const O_RDWR: i32 = 2;
export const O_CREATE: i32 = 0x200;
export const O_TRUNC: i32 = 0x400;

function check(r: i32): i32 {
  if (r < 0) { errno = -r; return -1; }
  return r;
}

/** A NUL-terminated UTF-8 copy of s, for system call arguments. */
export function cstr(s: string): usize {
  return changetype<usize>(String.UTF8.encode(s, true));
}

export function write(fd: i32, p: usize, n: u32): i32 { return check(sys_write(fd, <u32>p, n)); }
export function read(fd: i32, p: usize, n: u32): i32 { return check(sys_read(fd, <u32>p, n)); }
export function open(path: string, flags: i32): i32 { return check(sys_open(<u32>cstr(path), flags)); }
export function close(fd: i32): i32 { return check(sys_close(fd)); }
export function dup(fd: i32): i32 { return check(sys_dup(fd)); }
export function fork(): i32 { return check(sys_fork()); }
export function getpid(): i32 { return sys_getpid(); }
export function getppid(): i32 { return sys_getppid(); }
export function kill(pid: i32): i32 { return check(sys_kill(pid)); }
export function sbrk(n: i32): i32 { return check(sys_sbrk(n)); }
export function sleep(ticks: u32): i32 { return check(sys_sleep(ticks)); }
export function uptime(): u32 { return <u32>sys_uptime(); }
export function chdir(path: string): i32 { return check(sys_chdir(<u32>cstr(path))); }
export function setpgid(pid: i32, pgid: i32): i32 { return check(sys_setpgid(pid, pgid)); }
export function tcsetpgrp(pgid: i32): i32 { return check(sys_tcsetpgrp(pgid)); }
export function yield_(): i32 { return sys_yield(); }
export function exit(status: i32): void { sys_exit(status); }
export function poweroff(status: i32): void { sys_poweroff(status); }

const statusWord = memory.data(4);

/** Waits for a child; its exit status is left in waitStatus. */
export function wait(): i32 {
  const r = check(sys_wait(<u32>statusWord));
  if (r >= 0) waitStatus = load<i32>(statusWord);
  return r;
}

const fdPair = memory.data(8);

export function pipe(): StaticArray<i32> | null {
  if (check(sys_pipe(<u32>fdPair)) < 0) return null;
  const fds = new StaticArray<i32>(2);
  fds[0] = load<i32>(fdPair);
  fds[1] = load<i32>(fdPair, 4);
  return fds;
}

export function exec(path: string, argv: string[]): i32 {
  const ptrs = new StaticArray<u32>(argv.length + 1);
  for (let i = 0; i < argv.length; i++) ptrs[i] = <u32>cstr(argv[i]);
  ptrs[argv.length] = 0;
  return check(sys_exec(<u32>cstr(path), <u32>changetype<usize>(ptrs)));
}

export function fstatType(fd: i32): i32 {
  const st = memory.data(8);
  if (check(sys_fstat(fd, <u32>st)) < 0) return -1;
  return load<i32>(st);
}

// ---- output ----

export function fprint(fd: i32, s: string): void {
  const buf = String.UTF8.encode(s);
  let done: i32 = 0;
  while (done < buf.byteLength) {
    const r = write(fd, changetype<usize>(buf) + done, <u32>(buf.byteLength - done));
    if (r <= 0) return;
    done += r;
  }
}
export function print(s: string): void { fprint(1, s); }
export function eprint(s: string): void { fprint(2, s); }

export function strerror(e: i32): string { return errnoMessage(e); }
export function perror(what: string): void { eprint(what + ": " + strerror(errno) + "\n"); }

// ---- arguments ----

function splitNul(p: usize, n: i32): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (load<u8>(p + i) == 0) {
      out.push(String.UTF8.decodeUnsafe(p + start, i - start));
      start = i + 1;
    }
  }
  return out;
}

export function args(): string[] {
  const buf = heap.alloc(2048);
  const n = sys_getargs(<u32>buf, 2048);
  return n > 0 ? splitNul(buf, min(n, 2048)) : [];
}

export function bootargs(): string {
  const buf = heap.alloc(4096);
  const n = sys_bootargs(<u32>buf, 4096);
  return n > 0 ? String.UTF8.decodeUnsafe(buf, min(n, 4096)) : "";
}

/** Name `index` of directory `path`, or null past its end. */
export function readdir(path: string, index: u32): string | null {
  const buf = memory.data(64);
  const n = sys_readdir(<u32>cstr(path), index, <u32>buf, 64);
  if (n < 0) { errno = -n; return null; }
  return String.UTF8.decodeUnsafe(buf, n);
}

// ---- input ----

export class LineReader {
  private buf: usize = heap.alloc(512);
  private len: i32 = 0;
  private pos: i32 = 0;
  private line: Array<u8> = [];
  eof: bool = false;

  constructor(private fd: i32) {}

  /** The next line without its newline; null at end of file (a last line without newline is returned first). */
  next(): string | null {
    this.line.length = 0;
    while (true) {
      if (this.pos == this.len) {
        const n = read(this.fd, this.buf, 512);
        if (n <= 0) {
          this.eof = true;
          return this.line.length > 0 ? this.text() : null;
        }
        this.len = n;
        this.pos = 0;
      }
      const c = load<u8>(this.buf + this.pos++);
      if (c == 10) return this.text();
      this.line.push(c);
    }
  }

  private text(): string {
    return String.UTF8.decodeUnsafe(this.line.dataStart, this.line.length);
  }
}

// ---- kernel counters (docs/syscalls.md kstat) ----

export const KS_TICKS = 0;
export const KS_VOLUNTARY = 1;
export const KS_INVOLUNTARY = 2;
export const KS_SYSCALLS = 3;
export const KS_IRQS = 4;
export const KS_EXCEPTIONS = 5;
export const KS_PAGEFAULTS = 6;
export const KS_FORKS = 7;
export const KS_FREEPAGES = 8;
export const KS_TOTALPAGES = 9;
export const KS_PROCESSES = 10;
export const KS_USER_ENTRIES = 11;
export const KS_CYCLES_LO = 12;
export const KS_CYCLES_HI = 13;

export function kstatGlobal(): StaticArray<u32> {
  const rec = new StaticArray<u32>(14);
  kstatInto(rec);
  return rec;
}

/** Fills a record made beforehand: no allocation (so no heap growth) between two readings. */
export function kstatInto(rec: StaticArray<u32>): void {
  sys_kstat(-1, <u32>changetype<usize>(rec), 56);
}

/** Kernel entries of every cause between two global records. */
export function entriesBetween(a: StaticArray<u32>, b: StaticArray<u32>): u32 {
  return (b[KS_SYSCALLS] + b[KS_IRQS] + b[KS_EXCEPTIONS]) - (a[KS_SYSCALLS] + a[KS_IRQS] + a[KS_EXCEPTIONS]);
}

/** Context switches (both kinds) between two global records. */
export function switchesBetween(a: StaticArray<u32>, b: StaticArray<u32>): u32 {
  return (b[KS_VOLUNTARY] + b[KS_INVOLUNTARY]) - (a[KS_VOLUNTARY] + a[KS_INVOLUNTARY]);
}

/** pid, ppid, state, voluntary, involuntary, syscalls, pagefaults, brk, name (4 words); null if none. */
export function kstatProc(pid: i32): StaticArray<u32> | null {
  const rec = new StaticArray<u32>(12);
  return sys_kstat(pid, <u32>changetype<usize>(rec), 48) < 0 ? null : rec;
}

export function cycles(rec: StaticArray<u32>): u64 {
  return (<u64>rec[KS_CYCLES_HI] << 32) | <u64>rec[KS_CYCLES_LO];
}
