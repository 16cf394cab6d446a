// @ts-nocheck  (AssemblyScript)
// Unbounded recursion: "call stack exhausted" in the recursing function.
import { puts, nl, putI32 } from "./lib/io";

const START: StaticArray<i32> = [1];

function forever(n: i32): i32 {
  if (n == 0) return 0;
  return forever(n + 1) + 1;
}

export function main(): i32 {
  puts("recursing"); nl();
  putI32(forever(START[0])); nl();
  return 0;
}
