// @ts-nocheck  (AssemblyScript)
// asc-runtime: incremental
// The incremental garbage collector (asc's --runtime incremental) under churn:
// short-lived strings and arrays, a long-lived map, explicit collections.
import { puts, nl, putI32, putc } from "./lib/io";

export function main(): i32 {
  const keep = new Map<i32, string>();
  let total = 0;
  for (let round = 0; round < 40; round++) {
    const parts = new Array<string>();
    for (let i = 0; i < 50; i++) parts.push((round * 50 + i).toString());
    const joined = parts.join(",");
    total += joined.length;
    if (round % 7 == 0) keep.set(round, joined.substring(0, 12));
    const scratch = new Uint8Array(1000 + round * 10);
    scratch[round] = <u8>round;
    total += scratch[round];
    if (round % 10 == 9) __collect();
  }
  const ks = keep.keys();
  for (let i = 0; i < ks.length; i++) { putI32(ks[i]); putc(61); puts(keep.get(ks[i])); putc(32); }
  nl();
  puts("total "); putI32(total); nl();
  return total & 255;
}
