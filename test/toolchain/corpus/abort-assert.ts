// @ts-nocheck  (AssemblyScript)
// assert() failing calls env.abort: "abort: <message> at <file>:<line>:<column>", status 134.
import { puts, nl } from "./lib/io";

const VALUES: StaticArray<i32> = [1, 2, 3];

export function main(): i32 {
  let sum = 0;
  for (let i = 0; i < VALUES.length; i++) sum += VALUES[i];
  puts("sum checked"); nl();
  assert(sum == 7, "sum is not 7 — ünïcode");
  return sum;
}
