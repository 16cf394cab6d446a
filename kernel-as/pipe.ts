// Pipes (docs/kernel.md §8): a PIPE_SIZE-byte ring with a read end and a write end.
//
//   pipealloc() -> pipe number, or -1 when the table is full
//   pipeclose(pi, writable)       one end closed (the pipe is free when both are)
//   piperead(pi, userVa, n)       sleeps while empty and a writer exists; 0 at end of file
//   pipewrite(pi, userVa, n)      sleeps while full; -EPIPE with no reader
//
// Sleep channels: the pipe's wasm address (readers) and that + 1 (writers).

import { NPIPE, PIPE_SIZE } from "./param";
import { copyin, copyout } from "./vm";
import { sleep, wakeup } from "./sched";
import { curproc } from "./proc";
import { EINTR, EPIPE } from "./errno.gen";

@final class Pipe {
  buf: u32 = 0;
  nread: u32 = 0;   // bytes read so far (wrapping counters: nwrite - nread is the fill)
  nwrite: u32 = 0;
  readopen: bool = false;
  writeopen: bool = false;
}

const pipes: Pipe[] = [];

export function pipeinit(): void {
  for (let i: u32 = 0; i < NPIPE; i++) {
    const p = new Pipe();
    p.buf = <u32>heap.alloc(PIPE_SIZE);
    pipes.push(p);
  }
}

export function pipealloc(): i32 {
  for (let i: i32 = 0; i < <i32>NPIPE; i++) {
    const p = pipes[i];
    if (p.readopen || p.writeopen) continue;
    p.readopen = true;
    p.writeopen = true;
    p.nread = 0;
    p.nwrite = 0;
    return i;
  }
  return -1;
}

function readChan(p: Pipe): u32 { return changetype<u32>(p); }
function writeChan(p: Pipe): u32 { return changetype<u32>(p) + 1; }

export function pipeclose(pi: i32, writable: bool): void {
  const p = pipes[pi];
  if (writable) { p.writeopen = false; wakeup(readChan(p)); }
  else { p.readopen = false; wakeup(writeChan(p)); }
}

export function pipewrite(pi: i32, va: u32, n: u32): i32 {
  const p = pipes[pi];
  let done: u32 = 0;
  while (done < n) {
    if (!p.readopen) return done > 0 ? <i32>done : -EPIPE;
    if (curproc().killed) return -EINTR;
    const space = PIPE_SIZE - (p.nwrite - p.nread);
    if (space == 0) {
      wakeup(readChan(p));
      sleep(writeChan(p));
      continue;
    }
    const at = p.nwrite % PIPE_SIZE;
    const m = min(min(space, PIPE_SIZE - at), n - done);
    const r = copyin(p.buf + at, va + done, m);
    if (r < 0) return done > 0 ? <i32>done : r;
    p.nwrite += m;
    done += m;
  }
  wakeup(readChan(p));
  return <i32>done;
}

export function piperead(pi: i32, va: u32, n: u32): i32 {
  const p = pipes[pi];
  while (p.nread == p.nwrite && p.writeopen) {
    if (curproc().killed) return -EINTR;
    sleep(readChan(p));
  }
  let done: u32 = 0;
  while (done < n && p.nread != p.nwrite) {
    const at = p.nread % PIPE_SIZE;
    const m = min(min(p.nwrite - p.nread, PIPE_SIZE - at), n - done);
    const r = copyout(va + done, p.buf + at, m);
    if (r < 0) return done > 0 ? <i32>done : r;
    p.nread += m;
    done += m;
  }
  wakeup(writeChan(p));
  return <i32>done;
}
