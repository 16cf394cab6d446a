// The scheduler: round robin over the process table, direct thread-to-thread
// switches, sleep and wakeup (docs/kernel.md §5, §6).
//
//   sched(voluntary)     the current thread has set its state (RUNNABLE, SLEEPING,
//                        ZOMBIE); run the next one. Counts the switch, if any, on the
//                        thread switched out: voluntary, or involuntary (preempted)
//   yield(voluntary)     stay runnable but let the next runnable thread run
//   sleep(chan), wakeup(chan)
//   scheduler()          the idle thread's loop: never returns
//   current              the running thread (proc.ts's curproc() reads it)
//
// The kernel runs with interrupts off, so nothing here needs a lock.

import { swtch, write_cr3, write_ksp, idle, cli } from "./arch/cpu";
import { KERNBASE, KSTACK_SIZE, NPROC } from "./param";
import { Proc, procAt, RUNNABLE, RUNNING, SLEEPING } from "./proc";
import { countSwitch, traceThread } from "./stats";

export let current: Proc = changetype<Proc>(0);
let loadedPgdir: u32 = 0;

export function setcur(p: Proc): void { current = p; }

/** The next runnable thread after the current one in table order, or idle (slot 0). */
function pick(): Proc {
  const from = current.slot;
  for (let i: u32 = 1; i <= NPROC; i++) {
    const slot = (from + i) % NPROC;
    if (slot == 0) continue;
    const p = procAt(slot);
    if (p.state == RUNNABLE) return p;
  }
  return procAt(0);
}

/** Is any thread other than the current one runnable? */
export function otherRunnable(): bool {
  for (let i: u32 = 1; i < NPROC; i++) {
    const p = procAt(i);
    if (p.state == RUNNABLE && p !== current) return true;
  }
  return false;
}

export function sched(voluntary: bool): void {
  const prev = current;
  const next = pick();
  if (next === prev) {
    prev.state = RUNNING;
    prev.ticksUsed = 0;
    return;
  }
  countSwitch(prev, voluntary);
  if (prev.slot == 0) prev.state = RUNNABLE;
  next.state = RUNNING;
  next.ticksUsed = 0;
  current = next;
  if (next.pgdir != 0) {
    if (next.pgdir != loadedPgdir) {
      write_cr3(next.pgdir);
      loadedPgdir = next.pgdir;
    }
    write_ksp(next.kstack + KSTACK_SIZE + KERNBASE);
  }
  traceThread(next);
  swtch(changetype<u32>(prev) + offsetof<Proc>("context"), next.context);
}

/** The kernel page directory is loaded (boot, or a page directory about to be freed). */
export function setLoadedPgdir(pgdir: u32): void {
  if (loadedPgdir != pgdir) {
    write_cr3(pgdir);
    loadedPgdir = pgdir;
  }
}
export function loaded(): u32 { return loadedPgdir; }

export function yield_(voluntary: bool): void {
  current.state = RUNNABLE;
  sched(voluntary);
}

// The sleep list holds every SLEEPING thread (and, until the next wakeup walks
// past them, threads that left SLEEPING another way: kill), so wakeup looks at
// sleepers only, not at the whole table.
let sleepers: Proc | null = null;

export function sleep(chan: u32): void {
  current.chan = chan;
  current.state = SLEEPING;
  if (!current.onSleepList) {
    current.onSleepList = true;
    current.nextSleeper = sleepers;
    sleepers = current;
  }
  sched(true);
  current.chan = 0;
}

export function wakeup(chan: u32): void {
  let prev: Proc | null = null;
  let p = sleepers;
  while (p != null) {
    const next = p.nextSleeper;
    if (p.state == SLEEPING && p.chan != chan) {
      prev = p;
    } else {
      if (p.state == SLEEPING) p.state = RUNNABLE;
      p.onSleepList = false;
      p.nextSleeper = null;
      if (prev == null) sleepers = next; else prev.nextSleeper = next;
    }
    p = next;
  }
}

export function scheduler(): void {
  while (true) {
    if (otherRunnable()) {
      sched(true);
    } else {
      idle(); // sti; hlt: an interrupt may make a thread runnable
      cli();
    }
  }
}
