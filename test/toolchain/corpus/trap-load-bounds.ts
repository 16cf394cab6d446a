// @ts-nocheck  (AssemblyScript)
// Loads at the edge of linear memory: the last byte is in bounds, an address
// that wraps as i32 arithmetic is an ordinary one, memory.grow moves the edge,
// and a load straddling the edge traps: "out of bounds memory access".
import { puts, nl, putI32 } from "./lib/io";

export function main(): i32 {
  const end: usize = <usize>memory.size() << 16;
  store<u8>(end - 1, 42);
  putI32(load<u8>(end - 1)); nl();
  const far: usize = <usize>0xFFFFFFFF;
  putI32(load<u8>(end + far)); nl(); // (end + 0xFFFFFFFF) mod 2^32 = end - 1
  putI32(memory.grow(1)); nl();
  store<u32>(end + 65532, 0x01020304);
  putI32(load<u32>(end + 65532)); nl();
  putI32(load<u16>(end + 65534)); nl();
  puts("straddling the end"); nl();
  putI32(load<u32>(end + 65534)); nl();
  return 0;
}
