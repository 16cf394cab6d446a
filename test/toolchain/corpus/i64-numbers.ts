// @ts-nocheck  (AssemblyScript)
// 64-bit number formatting and arithmetic through the standard library: factorials, powers, toString.
import { puts, nl, putI32 } from "./lib/io";

const N: StaticArray<i32> = [20, 63];

export function main(): i32 {
  let f: u64 = 1;
  for (let i: u64 = 1; i <= <u64>N[0]; i++) { f *= i; puts(f.toString()); puts(" "); }
  nl();
  let p: i64 = 1;
  for (let i = 0; i < N[1]; i++) p *= 2;
  puts(p.toString() + " " + (p - 1).toString() + " " + (-p).toString() + " " + (p * 2).toString()); nl();
  puts((<u64>0xffffffffffffffff).toString() + " " + (<i64>-1).toString() + " " + (<u64>12345678901234567890).toString(16)); nl();
  let g: u64 = 0x9e3779b97f4a7c15;
  for (let i = 0; i < 5; i++) { g = g * 6364136223846793005 + 1442695040888963407; puts((g >> 33).toString()); puts(" "); }
  nl();
  putI32(<i32>(f % 1000)); nl();
  return <i32>(f & 63);
}
