// @ts-nocheck  (AssemblyScript)
// i32.rem_s by zero traps too (V8 says "remainder by zero": the same kind).
import { puts, nl } from "./lib/io";

const DIVISORS: StaticArray<i32> = [7, 0];

export function main(): i32 {
  let r = 0;
  for (let i = 0; i < DIVISORS.length; i++) {
    r += -100 % DIVISORS[i];
    puts("step"); nl();
  }
  return r;
}
