// @ts-nocheck  (AssemblyScript)
// call_indirect through element 0, which AssemblyScript keeps null.
import { puts, nl, putI32 } from "./lib/io";

const ZERO: StaticArray<u32> = [0];

export function main(): i32 {
  puts("calling null"); nl();
  putI32(call_indirect<i32>(ZERO[0])); nl();
  return 0;
}
