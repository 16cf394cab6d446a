// Process system calls (docs/syscalls.md): argument checking and copying;
// the work is in proc.ts, exec.ts, sched.ts and procfs.ts.

import { MAXARG, MAXARGBYTES, MAXPATH } from "./param";
import { bootcommand, bootcommandlen } from "./bootargs";
import { curproc, fork, exit, wait, kill, growproc, findproc } from "./proc";
import { execproc } from "./exec";
import { yield_, sleep } from "./sched";
import { ticks, ticksChan } from "./timer";
import { copyin, copyout, fetchstr } from "./vm";
import { kstatrecord } from "./procfs";
import { setConsoleFg } from "./console";
import { reportAll } from "./stats";
import { outl } from "./arch/cpu";
import { E2BIG, EFAULT, EINTR, EINVAL, EPERM, ESRCH, EWOULDBLOCKIO } from "./errno.gen";
import { sys_sync } from "./sysfile";
import { fslock, fsunlock } from "./fs";

export function sys_exit(status: i32): i32 {
  exit(status & 255);
  return 0;
}

export function sys_fork(): i32 { return fork(); }
export function sys_wait(status: u32): i32 { return wait(status); }
export function sys_getpid(): i32 { return curproc().pid; }
export function sys_getppid(): i32 { return curproc().ppid; }
export function sys_kill(pid: i32): i32 { return kill(pid); }
export function sys_sbrk(n: i32): i32 { return growproc(n); }
export function sys_uptime(): i32 { return <i32>ticks; }

export function sys_yield(): i32 {
  yield_(true);
  return 0;
}

export function sys_sleep(n: u32): i32 {
  const start = ticks;
  while (ticks - start < n) {
    if (curproc().killed) return -EINTR;
    sleep(ticksChan);
  }
  return 0;
}

// Two sets of exec buffers: for the try from memory, which never sleeps, and
// for execs under the file-system lock, which may sleep (one at a time).
const LOCKED_PATH = <u32>memory.data(256);    // MAXPATH
const LOCKED_ARGS = <u32>memory.data(2048);   // MAXARGBYTES
const CACHED_PATH = <u32>memory.data(256);
const CACHED_ARGS = <u32>memory.data(2048);
const ptrbuf = <u32>memory.data(4);

/**
 * A program in memory loads without the file-system lock, never sleeping (so
 * the static buffers are safe); otherwise exec holds the lock from the first
 * copy to the end (docs/kernel.md §16.4).
 */
export function sys_exec(path: u32, argv: u32): i32 {
  let r = exec(path, argv, true);
  if (r != -EWOULDBLOCKIO) return r;
  fslock();
  r = exec(path, argv, false);
  fsunlock();
  return r;
}

function exec(path: u32, argv: u32, cached: bool): i32 {
  const pathbuf = cached ? CACHED_PATH : LOCKED_PATH;
  const argsbuf = cached ? CACHED_ARGS : LOCKED_ARGS;
  const n = fetchstr(path, pathbuf, MAXPATH);
  if (n < 0) return n;
  let used: u32 = 0;
  for (let i: u32 = 0; ; i++) {
    if (i >= MAXARG) return -E2BIG;
    if (copyin(ptrbuf, argv + 4 * i, 4) < 0) return -EFAULT;
    const arg = load<u32>(ptrbuf);
    if (arg == 0) break;
    if (used >= MAXARGBYTES) return -E2BIG;
    const len = fetchstr(arg, argsbuf + used, MAXARGBYTES - used);
    if (len < 0) return len == -EFAULT ? -EFAULT : -E2BIG;
    used += <u32>len + 1;
  }
  return execproc(curproc(), pathbuf, argsbuf, used, cached);
}

export function sys_getargs(buf: u32, n: u32): i32 {
  const p = curproc();
  const m = min(n, p.argsLen);
  if (copyout(buf, p.args, m) < 0) return -EFAULT;
  return <i32>p.argsLen;
}

const kstatbuf = <u32>memory.data(64);

export function sys_kstat(pid: i32, buf: u32, n: u32): i32 {
  const len = kstatrecord(pid, kstatbuf);
  if (len == 0) return -ESRCH;
  if (copyout(buf, kstatbuf, min(n, len)) < 0) return -EFAULT;
  return <i32>len;
}

export function sys_poweroff(status: i32): i32 {
  sys_sync(); // like halt(8): what was written reaches the disk
  reportAll();
  outl(0x500, <u32>status & 255);
  return 0;
}

export function sys_setpgid(pid: i32, pgid: i32): i32 {
  const p = pid == 0 ? curproc() : findproc(pid);
  if (p == null) return -ESRCH;
  if (pgid < 0) return -EINVAL;
  p.pgid = pgid == 0 ? p.pid : pgid;
  return 0;
}

export function sys_tcsetpgrp(pgid: i32): i32 {
  setConsoleFg(pgid);
  return 0;
}

export function sys_bootargs(buf: u32, n: u32): i32 {
  const len = bootcommandlen(); // without the kernel.* flags (bootargs.ts)
  if (len == 0) return 0;
  if (copyout(buf, bootcommand(), min(n, len)) < 0) return -EFAULT;
  return <i32>len;
}

// ---- users (docs/kernel.md §16.6) ----
export function sys_setuid(uid: u32): i32 {
  const p = curproc();
  if (uid > 0xFFFF) return -EINVAL;
  if (p.uid != 0 && uid != p.uid) return -EPERM;
  p.uid = uid;
  return 0;
}

export function sys_getuid(): i32 { return <i32>curproc().uid; }

export function sys_setgid(gid: u32): i32 {
  const p = curproc();
  if (gid > 0xFFFF) return -EINVAL;
  if (p.uid != 0 && gid != p.gid) return -EPERM;
  p.gid = gid;
  return 0;
}

export function sys_getgid(): i32 { return <i32>curproc().gid; }
