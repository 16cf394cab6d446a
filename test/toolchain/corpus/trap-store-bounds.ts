// @ts-nocheck  (AssemblyScript)
// A store beyond memory.size traps after its value is computed (the value's
// side effects happen), and writes nothing: "out of bounds memory access".
import { puts, nl, putI32 } from "./lib/io";

@inline function noisy(v: u32): u32 { puts("value computed"); nl(); return v; }

export function main(): i32 {
  const end: usize = <usize>memory.size() << 16;
  store<u16>(end - 2, noisy(7));
  putI32(load<u16>(end - 2)); nl();
  store<u16>(end - 1, noisy(8));
  puts("not reached"); nl();
  return 0;
}
