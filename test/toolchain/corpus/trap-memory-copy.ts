// @ts-nocheck  (AssemblyScript)
// memory.copy and memory.fill check bounds before writing: "out of bounds memory access".
import { puts, nl, putI32 } from "./lib/io";

const SIZES: StaticArray<i32> = [16, 0x7fffffff];

export function main(): i32 {
  const buf = memory.data(64);
  for (let i = 0; i < SIZES.length; i++) {
    memory.fill(buf, 0x41, 16);
    puts("copy "); putI32(SIZES[i]); nl();
    memory.copy(buf + 8, buf, <usize>SIZES[i]);
  }
  return 0;
}
