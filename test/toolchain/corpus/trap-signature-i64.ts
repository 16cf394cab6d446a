// @ts-nocheck  (AssemblyScript)
// Signatures that lowering to i32 would make alike: (i64) -> () and
// (i32, i32) -> () are both two i32 words on tx86, and (i32) -> i64 and
// (i32) -> i32 both return eax. The wasm types differ, so V8 traps, and the
// compiled code must too: "indirect call signature mismatch".
import { puts, nl, putI32 } from "./lib/io";

let seen: i64 = 0;
function wide(x: i64): void { seen = x; }
function pair(x: i32, y: i32): void { seen = <i64>x * <i64>y; }
function widen(x: i32): i64 { return <i64>x << 33; }
function same(x: i32): i32 { return x + 1; }
const W: StaticArray<(x: i64) => void> = [wide];
const P: StaticArray<(x: i32, y: i32) => void> = [pair];
const L: StaticArray<(x: i32) => i64> = [widen];
const S: StaticArray<(x: i32) => i32> = [same];

export function main(): i32 {
  const wideIndex = load<u32>(changetype<usize>(W[0])); // a function value holds its table index first
  const pairIndex = load<u32>(changetype<usize>(P[0]));
  const widenIndex = load<u32>(changetype<usize>(L[0]));
  const sameIndex = load<u32>(changetype<usize>(S[0]));
  call_indirect<void>(wideIndex, <i64>0x123456789);
  putI32(<i32>(seen >> 32)); puts(" "); putI32(<i32>seen); nl();
  call_indirect<void>(pairIndex, 6, 7);
  putI32(<i32>seen); nl();
  putI32(<i32>(call_indirect<i64>(widenIndex, 3) >> 32)); nl();
  putI32(call_indirect<i32>(sameIndex, 3)); nl();
  puts("i32 result through an i64 slot"); nl();
  putI32(<i32>call_indirect<i64>(sameIndex, 3)); nl();
  return 0;
}
