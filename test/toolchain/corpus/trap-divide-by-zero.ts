// @ts-nocheck  (AssemblyScript)
// i32.div_u by a zero read from memory traps: "trap: integer divide by zero in ...".
import { puts, nl, putI32 } from "./lib/io";

const DIVISORS: StaticArray<i32> = [5, 3, 1, 0, 2];

function quotient(a: i32, b: i32): i32 { return <i32>(<u32>a / <u32>b); }

export function main(): i32 {
  let sum = 0;
  for (let i = 0; i < DIVISORS.length; i++) {
    sum += quotient(100, DIVISORS[i]);
    puts("ok "); putI32(sum); nl();
  }
  return sum;
}
