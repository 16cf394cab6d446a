// The console: UART output for the kernel and for processes, and the line
// discipline for input (docs/kernel.md §7).
//
//   kputs("boot\n"); kputd(42); kputx(0xc0100000); kputc(10)   kernel output, polled
//   consolewrite(userVa, n)       a process's write to the console (copyin in chunks)
//   consoleread(userVa, n)        at most one line; sleeps until a line (or ^D) is complete
//   consoleintr()                 the UART's IRQ 4: echo, editing, ^C, ^D
//   consoleinit()                 receive interrupts on
//   console_fg                    the foreground process group ^C kills (tcsetpgrp)

import { inb, outb } from "./arch/cpu";
import { CONSOLE_BUF } from "./param";
import { copyin, copyout } from "./vm";
import { sleep, wakeup } from "./sched";
import { killgroup, curproc } from "./proc";
import { EFAULT, EINTR } from "./errno.gen";

const UART_DATA: u32 = 0x3F8;
const UART_IER: u32 = 0x3F9;
const UART_LSR: u32 = 0x3FD;

export let console_fg: i32 = 0;
export function setConsoleFg(pgid: i32): void { console_fg = pgid; }

export function consoleinit(): void {
  outb(UART_IER, 1); // interrupt on received data
}

export function kputc(c: u32): void {
  outb(UART_DATA, c);
}

export function kputs(s: string): void {
  for (let i = 0; i < s.length; i++) kputc(<u32>s.charCodeAt(i));
}

/** A NUL-terminated string at a wasm address. */
export function kputcstr(p: u32): void {
  while (load<u8>(p) != 0) kputc(load<u8>(p++));
}

export function kputd(n: u32): void {
  if (n >= 10) kputd(n / 10);
  kputc(48 + n % 10);
}

export function kputx(n: u32): void {
  kputs("0x");
  for (let shift = 28; shift >= 0; shift -= 4) {
    const d = (n >> shift) & 15;
    kputc(d < 10 ? 48 + d : 87 + d);
  }
}

// ---- output from processes ----

const CHUNK: u32 = 128;
const chunk = <u32>memory.data(128);

export function consolewrite(src: u32, n: u32): i32 {
  let done: u32 = 0;
  while (done < n) {
    const m = min(CHUNK, n - done);
    const r = copyin(chunk, src + done, m);
    if (r < 0) return r;
    for (let i: u32 = 0; i < m; i++) kputc(load<u8>(chunk + i));
    done += m;
  }
  return <i32>n;
}

// ---- input: the line discipline ----

const buf = <u32>memory.data(256); // CONSOLE_BUF bytes
let r: u32 = 0;   // next byte a reader takes
let w: u32 = 0;   // end of the completed lines
let e: u32 = 0;   // end of the line being edited

function echo(c: u32): void {
  if (c == 8) { kputc(8); kputc(32); kputc(8); } else kputc(c);
}

/** Feeds one received byte to the line discipline. */
export function consoleinput(c: u32): void {
  if (c == 0x03) { // ^C
    kputs("^C\n");
    e = w;
    if (console_fg > 0) killgroup(console_fg);
    return;
  }
  if (c == 0x15) { // ^U
    while (e != w && load<u8>(buf + (e - 1) % CONSOLE_BUF) != 10) { e--; echo(8); }
    return;
  }
  if (c == 0x7F || c == 0x08) {
    if (e != w) { e--; echo(8); }
    return;
  }
  if (c == 0x04) { // ^D: the line so far becomes readable, without a newline
    store<u8>(buf + e % CONSOLE_BUF, 4);
    e++;
    w = e;
    wakeup(changetype<u32>(buf));
    return;
  }
  if (c == 13) c = 10;
  if (e - r >= CONSOLE_BUF - 1) return; // full: drop
  store<u8>(buf + e % CONSOLE_BUF, <u8>c);
  e++;
  echo(c);
  if (c == 10) {
    w = e;
    wakeup(changetype<u32>(buf));
  }
}

/** IRQ 4: drain the UART. */
export function consoleintr(): void {
  while ((inb(UART_LSR) & 1) != 0) consoleinput(inb(UART_DATA));
}

const line = <u32>memory.data(256);

/** Reads at most one line (or up to a ^D) into user memory; 0 at end of file. */
export function consoleread(dst: u32, n: u32): i32 {
  if (n > 256) n = 256;
  let got: u32 = 0;
  while (got < n) {
    while (r == w) {
      if (curproc().killed) return -EINTR;
      sleep(changetype<u32>(buf));
    }
    const c = <u32>load<u8>(buf + r % CONSOLE_BUF);
    r++;
    if (c == 4) {
      // ^D ends the read; on its own it reads as end of file
      break;
    }
    store<u8>(line + got, <u8>c);
    got++;
    if (c == 10) break;
  }
  if (got > 0 && copyout(dst, line, got) < 0) return -EFAULT;
  return <i32>got;
}
