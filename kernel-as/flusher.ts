// The flusher (docs/kernel.md §16.4): a kernel thread that commits the open
// transaction once it is FLUSH_TICKS old. The timer interrupt wakes it only
// when there is something to commit, so an idle system never switches to it.
//
//   flusherMain()        the thread's body (main.ts starts it after mounting)
//   flushTick(now)       from the timer interrupt: wake the flusher if a commit is due

import { sleep, wakeup } from "./sched";
import { fslock, fsunlock } from "./fs";
import { flushDue, log_sync } from "./log";

const flushChan = <u32>memory.data(4);
let running = false;     // woken, not yet done: no second wakeup
let started = false;

export function flushTick(now: u32): void {
  if (started && !running && flushDue(now)) {
    running = true;
    wakeup(flushChan);
  }
}

export function flusherMain(): void {
  started = true;
  while (true) {
    running = false;
    sleep(flushChan);
    fslock();
    log_sync();
    fsunlock();
  }
}
