// @ts-nocheck  (AssemblyScript)
// The exit status is main()'s result & 255: 300 exits with 44.
import { puts, nl } from "./lib/io";

const RESULT: StaticArray<i32> = [300];

export function main(): i32 {
  puts("bye"); nl();
  return RESULT[0];
}
