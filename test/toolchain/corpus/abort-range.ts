// @ts-nocheck  (AssemblyScript)
// The standard library's bounds check aborts: "Index out of range" in ~lib/array.ts.
import { puts, nl, putI32 } from "./lib/io";

export function main(): i32 {
  const a = new Array<i32>(3);
  a[0] = 1; a[1] = 2; a[2] = 3;
  puts("reading"); nl();
  let sum = 0;
  for (let i = 0; i <= 3; i++) sum += a[i];
  putI32(sum); nl();
  return sum;
}
