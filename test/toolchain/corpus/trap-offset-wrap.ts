// @ts-nocheck  (AssemblyScript)
// A load's static offset is added to its address without wrapping: an
// address near 2^32 plus the offset is beyond memory, not back at its start,
// even though the machine address wraps: "out of bounds memory access".
import { puts, nl, putI32 } from "./lib/io";

export function main(): i32 {
  store<u32>(8, 0x55);
  let p: usize = 0;
  putI32(load<u32>(p, 8)); nl();
  p = <usize>0xFFFFFFF8;
  puts("offset past 2^32"); nl();
  putI32(load<u32>(p, 16)); nl();
  return 0;
}
