// The panic path: print why, where, and power the machine off.
//
//   panic("kalloc: out of pages")           a kernel bug or an impossible state
//   panicTrap(tf, "page fault")             an exception in kernel code: prints the
//                                           eip with the kernel function holding it
//   symbolise(eip)                          prints <function+0xoff> from the compiler's
//                                           __wasm_functions table (docs/abi.md §6)
//   wasm_trap_panic()                       a wasm trap or abort in the kernel, already
//                                           printed by the runtime (arch/trapasm.s)
//
// The machine powers off through debug-exit with PANIC_STATUS, after a MARK
// named "panic" on the trace and the counter report (docs/kernel.md §11).

import { cli, outl } from "./arch/cpu";
import { KERNBASE, PANIC_STATUS } from "./param";
import { kputs, kputx, kputcstr, kputc } from "./console";
import { traceMark, reportAll } from "./stats";

let functions: u32 = 0; // wasm address of __wasm_functions: count, then (address, name) pairs

export function panicinit(table: u32): void {
  functions = table;
}

export function symbolise(eip: u32): void {
  if (functions == 0) return;
  const count = load<u32>(functions);
  let best: u32 = 0;
  for (let i: u32 = 1; i <= count; i++) {
    const at = load<u32>(functions + 8 * i - 4);
    if (at <= eip) best = i; else break;
  }
  if (best == 0) return;
  kputs(" <");
  kputcstr(load<u32>(functions + 8 * best) - KERNBASE);
  kputs("+");
  kputx(eip - load<u32>(functions + 8 * best - 4));
  kputs(">");
}

function halt(): void {
  traceMark("panic", 0);
  reportAll();
  outl(0x500, PANIC_STATUS);
  while (true) cli();
}

export function panic(message: string): void {
  cli();
  kputs("panic: ");
  kputs(message);
  kputc(10);
  halt();
}

/** An exception in kernel code; `tf` is the trap frame's wasm address. */
export function panicTrap(tf: u32, what: string, cr2: u32): void {
  const eip = load<u32>(tf, 36);
  kputs("panic: ");
  kputs(what);
  kputs(" in the kernel at eip ");
  kputx(eip);
  symbolise(eip);
  if (load<u32>(tf, 28) == 14) { kputs(", address "); kputx(cr2); }
  kputs(", error ");
  kputx(load<u32>(tf, 32));
  kputc(10);
  halt();
}

export function wasm_trap_panic(): void {
  cli();
  kputs("panic: wasm trap in the kernel\n");
  halt();
}
