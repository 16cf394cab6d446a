// The process table (docs/kernel.md §5): threads and the processes built on them.
//
//   procinit()                    the table, kernel stacks; slot 0 becomes the idle thread (pid 0)
//   curproc() -> Proc             the running thread
//   allocproc() -> Proc | null    an EMBRYO slot with a fresh pid
//   kthread_create(fn, name)      a kernel thread running fn() (no user space)
//   fork() -> child pid, exit(status), wait(statusVa) -> pid, kill(pid), killgroup(pgid)
//   growproc(n) -> old break      sbrk: the break moves, pages come on demand
//   procname(p, "sh")             sets the name shown in traces and /proc
//   findproc(pid) -> Proc | null
//   procAt(slot) -> Proc           slot 0 is idle
//
// A process's user trap frame is the top TF_SIZE bytes of its kernel stack.

import { KERNBASE, KSTACK_SIZE, MAXPATH, NOFILE, NPROC, UTEXT, PGSIZE } from "./param";
import { uvmcreate, uvmcopy, uvmfree, uvmunmap, copyout } from "./vm";
import { sched, wakeup, sleep, setcur, current } from "./sched";
import { fileclose, filedup } from "./file";
import { Inode, idup, irelease } from "./fs";
import { recordExit, countFork } from "./stats";
import { panic } from "./panic";
import { kmalloc, kfree } from "./kmalloc";
import { ECHILD, EFAULT, EINTR, ENOMEM, EPERM, ESRCH, EAGAIN } from "./errno.gen";

export const UNUSED: u32 = 0;
export const EMBRYO: u32 = 1;
export const SLEEPING: u32 = 2;
export const RUNNABLE: u32 = 3;
export const RUNNING: u32 = 4;
export const ZOMBIE: u32 = 5;

export const TF_SIZE: u32 = 52;  // the trap frame from ring 3 (docs/kernel.md §4)
export const TF_EAX: u32 = 0;
export const TF_EIP: u32 = 36;
export const TF_CS: u32 = 40;
export const TF_EFLAGS: u32 = 44;
export const TF_ESP: u32 = 48;

@final export class Proc {
  slot: u32 = 0;
  state: u32 = UNUSED;
  pid: i32 = 0;
  ppid: i32 = 0;
  pgid: i32 = 0;
  context: u32 = 0;     // saved kernel esp (virtual) while switched out
  kstack: u32 = 0;      // wasm address of the kernel stack's lowest byte
  pgdir: u32 = 0;       // 0: a kernel thread
  brk: u32 = 0;         // end of the demand-zero heap
  imageStart: u32 = 0;  // the program image (exec), for fork and exit
  imageEnd: u32 = 0;
  chan: u32 = 0;        // what it sleeps on
  nextSleeper: Proc | null = null; // the sleep list (sched.ts)
  onSleepList: bool = false;
  killed: bool = false;
  xstate: i32 = 0;
  ticksUsed: u32 = 0;   // ticks of the current quantum
  voluntary: u32 = 0;
  involuntary: u32 = 0;
  syscalls: u32 = 0;
  pagefaults: u32 = 0;
  name: u32 = 0;        // 16 bytes, NUL-terminated
  ofile: u32 = 0;       // NOFILE words: open-file number + 1, 0 = free
  args: u32 = 0;        // exec arguments, NUL-separated: argsLen bytes kmalloc'd by exec and fork, 0 if none
  argsLen: u32 = 0;
  cwd: Inode | null = null; // the current directory; null: the root
  paths: u32 = 0;       // 2 × MAXPATH + 2 × 64 bytes: this thread's path and name buffers (sysfile.ts),
                        // which must outlive a sleep on the disk
  uid: u32 = 0;
  gid: u32 = 0;

  tf(): u32 { return this.kstack + KSTACK_SIZE - TF_SIZE; }
}

/** The process table: NPROC Proc references, made at boot (no bounds-checked Array on hot paths). */
const table: u32 = <u32>memory.data(NPROC * 4);
@inline export function procAt(slot: u32): Proc { return changetype<Proc>(load<u32>(table + slot * 4)); }
let nextpid: i32 = 1;
let forkretAddr: u32 = 0;
let kthreadAddr: u32 = 0;

export function curproc(): Proc { return current; }

export function procinit(vectors: u32): void {
  forkretAddr = load<u32>(vectors + 256 * 4);
  kthreadAddr = load<u32>(vectors + 257 * 4);
  for (let i: u32 = 0; i < NPROC; i++) {
    const p = new Proc();
    p.slot = i;
    p.kstack = <u32>heap.alloc(KSTACK_SIZE);
    p.name = <u32>heap.alloc(16);
    p.ofile = <u32>heap.alloc(NOFILE * 4);
    p.paths = <u32>heap.alloc(2 * MAXPATH + 128);
    memory.fill(p.ofile, 0, NOFILE * 4);
    store<u32>(table + i * 4, changetype<u32>(p));
  }
  const idle = procAt(0);
  idle.state = RUNNING;
  procname(idle, "idle");
  setcur(idle);
}

export function procname(p: Proc, s: string): void {
  const n = min(s.length, 15);
  for (let i = 0; i < n; i++) store<u8>(p.name + i, <u8>s.charCodeAt(i));
  store<u8>(p.name + n, 0);
}

export function procnameFrom(p: Proc, cstr: u32): void {
  let i: u32 = 0;
  while (i < 15 && load<u8>(cstr + i) != 0) { store<u8>(p.name + i, load<u8>(cstr + i)); i++; }
  store<u8>(p.name + i, 0);
}

export function findproc(pid: i32): Proc | null {
  for (let i: u32 = 1; i < NPROC; i++) {
    const p = procAt(i);
    if (p.state != UNUSED && p.pid == pid) return p;
  }
  return null;
}

/** The first free slot, with its kernel stack set to return to `ret` with `arg` (docs/kernel.md §5). */
function allocslot(ret: u32, arg: u32): Proc | null {
  for (let i: u32 = 1; i < NPROC; i++) {
    const p = procAt(i);
    if (p.state != UNUSED) continue;
    p.state = EMBRYO;
    p.pid = nextpid++;
    p.pgid = p.pid;
    p.killed = false;
    p.xstate = 0;
    p.voluntary = 0;
    p.involuntary = 0;
    p.syscalls = 0;
    p.pagefaults = 0;
    p.ticksUsed = 0;
    p.brk = 0;
    p.imageStart = 0;
    p.imageEnd = 0;
    p.pgdir = 0;
    p.argsLen = 0;
    p.cwd = null;
    p.uid = 0;
    p.gid = 0;
    memory.fill(p.ofile, 0, NOFILE * 4);
    // [4 saved registers][return address][2 words swtch's `ret 8` pops][trap frame or argument]
    let sp = p.tf();
    store<u32>(sp, arg);
    sp -= 8;
    sp -= 4;
    store<u32>(sp, ret);
    sp -= 16;
    memory.fill(sp, 0, 16);
    p.context = sp + KERNBASE;
    return p;
  }
  return null;
}

export function allocproc(): Proc | null {
  return allocslot(forkretAddr, 0);
}

export function kthread_create(fn: () => void, name: string): Proc | null {
  const p = allocslot(kthreadAddr, changetype<u32>(fn));
  if (p == null) return null;
  procname(p, name);
  p.ppid = 0;
  p.state = RUNNABLE;
  return p;
}

/** Where a kernel thread starts (arch/trapasm.s). */
export function kthread_main(fn: u32): void {
  changetype<() => void>(fn)();
  exit(0);
}

export function fork(): i32 {
  const parent = curproc();
  const np = allocproc();
  if (np == null) return -EAGAIN;
  np.pgdir = uvmcreate();
  np.brk = parent.brk;
  np.imageStart = parent.imageStart;
  np.imageEnd = parent.imageEnd;
  np.args = kmalloc(parent.argsLen);
  if (np.pgdir == 0 || np.args == 0 || !uvmcopy(parent, np.pgdir)) {
    if (np.pgdir != 0) uvmfree(np.pgdir, np);
    np.pgdir = 0;
    kfree(np.args);
    np.args = 0;
    np.state = UNUSED;
    return -ENOMEM;
  }
  np.ppid = parent.pid;
  np.pgid = parent.pgid;
  np.cwd = parent.cwd != null ? idup(parent.cwd!) : null;
  np.uid = parent.uid;
  np.gid = parent.gid;
  memory.copy(np.tf(), parent.tf(), TF_SIZE);
  store<u32>(np.tf(), 0, TF_EAX); // fork returns 0 in the child
  for (let fd: u32 = 0; fd < NOFILE; fd++) {
    const f = load<u32>(parent.ofile + fd * 4);
    if (f != 0) { filedup(f - 1); store<u32>(np.ofile + fd * 4, f); }
  }
  memory.copy(np.name, parent.name, 16);
  memory.copy(np.args, parent.args, parent.argsLen);
  np.argsLen = parent.argsLen;
  countFork();
  np.state = RUNNABLE;
  return np.pid;
}

export function exit(status: i32): void {
  const p = curproc();
  if (p.pid == 1) panic("init exiting");
  for (let fd: u32 = 0; fd < NOFILE; fd++) {
    const f = load<u32>(p.ofile + fd * 4);
    if (f != 0) { fileclose(f - 1); store<u32>(p.ofile + fd * 4, 0); }
  }
  if (p.cwd != null) { const cwd = p.cwd!; p.cwd = null; irelease(cwd); }
  // Orphans go to init.
  const init = findproc(1);
  for (let i: u32 = 1; i < NPROC; i++) {
    const c = procAt(i);
    if (c.state != UNUSED && c.ppid == p.pid) {
      c.ppid = 1;
      if (c.state == ZOMBIE && init != null) wakeup(changetype<u32>(init));
    }
  }
  p.xstate = status;
  recordExit(p);
  if (p.pgdir == 0) {
    // A kernel thread has no parent to reap it; its stack is its slot's and
    // nothing else runs before the switch below, so the slot is free now.
    freeargs(p);
    p.state = UNUSED;
    p.pid = 0;
    sched(true);
  }
  p.state = ZOMBIE;
  const parent = findproc(p.ppid);
  if (parent != null) wakeup(changetype<u32>(parent));
  sched(true);
  panic("zombie exit");
}

export function wait(statusVa: u32): i32 {
  const p = curproc();
  while (true) {
    let children = false;
    for (let i: u32 = 1; i < NPROC; i++) {
      const c = procAt(i);
      if (c.state == UNUSED || c.ppid != p.pid) continue;
      children = true;
      if (c.state != ZOMBIE) continue;
      if (statusVa != 0) {
        const st = <u32>memory.data(4);
        store<i32>(st, c.xstate);
        if (copyout(statusVa, st, 4) < 0) return -EFAULT;
      }
      const pid = c.pid;
      if (c.pgdir != 0) uvmfree(c.pgdir, c);
      c.pgdir = 0;
      freeargs(c);
      c.state = UNUSED;
      c.pid = 0;
      return pid;
    }
    if (!children) return -ECHILD;
    if (p.killed) return -EINTR;
    sleep(changetype<u32>(p));
  }
}

function freeargs(p: Proc): void {
  kfree(p.args);
  p.args = 0;
  p.argsLen = 0;
}

export function kill(pid: i32): i32 {
  if (pid == 1) return -EPERM; // init must not die: the kernel would have no one to reap orphans
  const p = findproc(pid);
  if (p == null || p.state == ZOMBIE) return -ESRCH;
  p.killed = true;
  if (p.state == SLEEPING) p.state = RUNNABLE;
  return 0;
}

/** ^C: kills every process of group `pgid` (docs/kernel.md §7). */
export function killgroup(pgid: i32): void {
  for (let i: u32 = 1; i < NPROC; i++) {
    const p = procAt(i);
    if (p.state != UNUSED && p.state != ZOMBIE && p.pgid == pgid && p.pid != 1) {
      p.killed = true;
      if (p.state == SLEEPING) p.state = RUNNABLE;
    }
  }
}

export function growproc(n: i32): i32 {
  const p = curproc();
  const old = p.brk;
  const next = <u32>(<i32>old + n);
  const limit = p.imageStart > old ? p.imageStart : UTEXT; // the heap may not reach the image
  if (n > 0 && (next < old || next > limit)) return -ENOMEM;
  if (n < 0) {
    if (next > old) return -ENOMEM;
    uvmunmap(p.pgdir, next, old);
  }
  p.brk = next;
  return <i32>old;
}
