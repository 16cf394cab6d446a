// @ts-nocheck  (AssemblyScript)
// i64 division by zero: the runtime's 64-bit divide names the calling function.
import { puts, nl, putI64 } from "./lib/io";

const DIVISORS: StaticArray<i64> = [0x100000000, 3, 0];

function ratio(a: i64, b: i64): i64 { return a / b; }

export function main(): i32 {
  for (let i = 0; i < DIVISORS.length; i++) {
    putI64(ratio(0x7000000000000000, DIVISORS[i])); nl();
  }
  puts("not reached"); nl();
  return 1;
}
