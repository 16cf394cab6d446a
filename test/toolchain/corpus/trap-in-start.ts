// @ts-nocheck  (AssemblyScript)
// A trap in top-level code happens in the start function, before main.
import { puts, nl, putI32 } from "./lib/io";

const ZERO: StaticArray<i32> = [0];
puts("starting"); nl();
const broken = 10 / ZERO[0];

export function main(): i32 {
  putI32(broken); nl();
  return 0;
}
