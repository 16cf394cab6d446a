// @ts-nocheck  (AssemblyScript)
// call_indirect to a function of another type, and to the null element 0:
// "indirect call signature mismatch".
import { puts, nl, putI32 } from "./lib/io";

function one(x: i32): i32 { return x + 1; }
function two(x: i32, y: i32): i32 { return x * y; }
const F: StaticArray<(x: i32) => i32> = [one];
const G: StaticArray<(x: i32, y: i32) => i32> = [two];

export function main(): i32 {
  const index = load<u32>(changetype<usize>(F[0])); // a function value holds its table index first
  putI32(call_indirect<i32>(index, 41)); nl();
  const other = load<u32>(changetype<usize>(G[0]));
  putI32(call_indirect<i32>(other, 6, 7)); nl();
  puts("mismatch"); nl();
  putI32(call_indirect<i32>(other, 5)); nl();
  return 0;
}
