// @ts-nocheck  (AssemblyScript)
// INT_MIN / -1 does not fit: "integer overflow". INT_MIN % -1 is 0 and does not trap.
import { puts, nl, putI32 } from "./lib/io";

const VALUES: StaticArray<i32> = [-0x80000000, -1];

function divide(a: i32, b: i32): i32 { return a / b; }

export function main(): i32 {
  const a = VALUES[0], b = VALUES[1];
  puts("rem "); putI32(a % b); nl();
  puts("div "); putI32(divide(a, b)); nl();
  return 0;
}
