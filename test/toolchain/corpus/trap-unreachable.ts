// @ts-nocheck  (AssemblyScript)
// unreachable() traps in the function that executes it.
import { puts, nl } from "./lib/io";

const FLAGS: StaticArray<i32> = [0, 0, 1];

function check(flag: i32): void {
  if (flag) unreachable();
  puts("checked"); nl();
}

export function main(): i32 {
  for (let i = 0; i < FLAGS.length; i++) check(FLAGS[i]);
  return 0;
}
