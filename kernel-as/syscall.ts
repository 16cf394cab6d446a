// System call entry (docs/kernel.md §4, docs/syscalls.md): the number in eax,
// arguments in ebx ecx edx esi edi, the result back in eax. The table itself
// is generated (syscalls.gen.ts) from tools/kernel/syscalls.ts.
//
//   syscall(tf)     dispatch for the trap frame at wasm address tf

import { syscallDispatch } from "./syscalls.gen";
import { curproc } from "./proc";

export function syscall(tf: u32): void {
  const p = curproc();
  p.syscalls++;
  const r = syscallDispatch(load<u32>(tf, 0), load<u32>(tf, 12), load<u32>(tf, 4), load<u32>(tf, 8),
    load<u32>(tf, 20), load<u32>(tf, 24));
  store<i32>(tf, r, 0);
}
