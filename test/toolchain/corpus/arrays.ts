// @ts-nocheck  (AssemblyScript)
// Array<i32> and typed arrays: push, pop, splice, slice, indexOf, map/filter/reduce, reverse, join.
import { puts, nl, putI32, putc } from "./lib/io";

function show(a: Array<i32>): void {
  for (let i = 0; i < a.length; i++) { if (i) putc(44); putI32(a[i]); }
  nl();
}

export function main(): i32 {
  const a = new Array<i32>();
  for (let i = 0; i < 20; i++) a.push((i * 7919) % 23 - 11);
  show(a);
  putI32(a.pop()); putc(32); putI32(a.shift()); putc(32); a.unshift(99); putI32(a.length); nl();
  show(a.slice(3, 8));
  a.splice(2, 3);
  show(a);
  putI32(a.indexOf(99)); putc(32); putI32(a.indexOf(1000)); putc(32); putI32(a.includes(-11) ? 1 : 0); nl();
  show(a.map<i32>((x: i32): i32 => x * x));
  show(a.filter((x: i32): bool => x > 0));
  putI32(a.reduce<i32>((acc: i32, x: i32): i32 => acc + x, 0)); nl();
  a.reverse();
  show(a);
  puts(a.join("|")); nl();
  const t = new Uint8Array(10);
  for (let i = 0; i < t.length; i++) t[i] = <u8>(i * 40);
  for (let i = 0; i < t.length; i++) { putI32(t[i]); putc(32); }
  nl();
  const w = new Int16Array(4);
  w[0] = -1; w[1] = 40000; w[2] = <i16>0x8000; w[3] = 7;
  for (let i = 0; i < 4; i++) { putI32(w[i]); putc(32); }
  nl();
  const grid = new Array<Array<i32>>();
  for (let r = 0; r < 4; r++) { const row = new Array<i32>(); for (let c = 0; c < 4; c++) row.push(r * c); grid.push(row); }
  let trace = 0;
  for (let k = 0; k < 4; k++) trace += grid[k][k];
  putI32(trace); nl();
  return a.length;
}
