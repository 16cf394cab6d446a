// @ts-nocheck  (AssemblyScript)
// Top-level code runs as the start function before main; mutable globals, i64 globals.
import { puts, nl, putI32, putI64 } from "./lib/io";

let counter: i32 = 10;
let big: i64 = 0x100000000;
const table = new Array<i32>(5);

function bump(by: i32): i32 { counter += by; big = big * 3 + <i64>by; return counter; }

for (let i = 0; i < table.length; i++) table[i] = bump(i);
puts("start done"); nl();

export function main(): i32 {
  for (let i = 0; i < table.length; i++) { putI32(table[i]); puts(" "); }
  nl();
  putI32(counter); puts(" "); putI64(big); nl();
  bump(100);
  putI32(counter); puts(" "); putI64(big); nl();
  return counter;
}
