// Pipes (docs/kernel.md §8): a PIPE_SIZE-byte ring with a read end and a write end.
//
//   pipealloc() -> pipe number, or -1 (NPIPE pipes open, or no memory)
//   pipeclose(pi, writable)       one end closed; with both closed the pipe is freed
//   piperead(pi, userVa, n)       sleeps while empty and a writer exists; 0 at end of file
//   pipewrite(pi, userVa, n)      sleeps while full; -EPIPE with no reader
//   pipesopen() -> pipes allocated now
//
// A pipe and its ring are kmalloc'd when it is made and freed at its last close
// (kmalloc.ts); the table holds NPIPE pointers, 0 for a free number.
// Sleep channels: the pipe's wasm address (readers) and that + 1 (writers).

import { NPIPE, PIPE_SIZE } from "./param";
import { copyin, copyout } from "./vm";
import { sleep, wakeup } from "./sched";
import { curproc } from "./proc";
import { kmalloc, kfree } from "./kmalloc";
import { EINTR, EPIPE } from "./errno.gen";

@unmanaged class Pipe {
  buf: u32;
  nread: u32;   // bytes read so far (wrapping counters: nwrite - nread is the fill)
  nwrite: u32;
  readopen: bool;
  writeopen: bool;
}

const PIPE_BYTES: u32 = offsetof<Pipe>();
const pipes = <u32>memory.data(NPIPE * 4);
let nopen: u32 = 0;

@inline function pipeAt(pi: i32): Pipe { return changetype<Pipe>(load<u32>(pipes + <u32>pi * 4)); }

export function pipeinit(): void {
  memory.fill(pipes, 0, NPIPE * 4);
}

export function pipealloc(): i32 {
  for (let i: i32 = 0; i < <i32>NPIPE; i++) {
    if (load<u32>(pipes + <u32>i * 4) != 0) continue;
    const at = kmalloc(PIPE_BYTES);
    const buf = kmalloc(PIPE_SIZE);
    if (at == 0 || buf == 0) { kfree(at); kfree(buf); return -1; }
    const p = changetype<Pipe>(at); // zeroed: counters at 0
    p.buf = buf;
    p.readopen = true;
    p.writeopen = true;
    store<u32>(pipes + <u32>i * 4, at);
    nopen++;
    return i;
  }
  return -1;
}

export function pipesopen(): u32 { return nopen; }

function readChan(p: Pipe): u32 { return changetype<u32>(p); }
function writeChan(p: Pipe): u32 { return changetype<u32>(p) + 1; }

export function pipeclose(pi: i32, writable: bool): void {
  const p = pipeAt(pi);
  if (writable) { p.writeopen = false; wakeup(readChan(p)); }
  else { p.readopen = false; wakeup(writeChan(p)); }
  if (p.readopen || p.writeopen) return;
  // Both ends closed: no one sleeps on it any more (a sleeper holds an end open).
  kfree(p.buf);
  kfree(changetype<u32>(p));
  store<u32>(pipes + <u32>pi * 4, 0);
  nopen--;
}

export function pipewrite(pi: i32, va: u32, n: u32): i32 {
  const p = pipeAt(pi);
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
  const p = pipeAt(pi);
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
