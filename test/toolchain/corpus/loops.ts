// @ts-nocheck  (AssemblyScript)
// Nested loops with break/continue and early exits, do-while, while with complex conditions.
import { nl, putI32, putc } from "./lib/io";

const LIMITS: StaticArray<i32> = [7, 13, 5];

export function main(): i32 {
  let count = 0;
  let done = false;
  for (let i = 0; i < LIMITS[1] && !done; i++) {
    for (let j = 0; j < LIMITS[0]; j++) {
      if (j > i) break;
      if ((i + j) % 5 == 4) continue;
      if (i * j > 40) { done = true; break; }
      count += i ^ j;
    }
  }
  putI32(count); nl();
  let n = LIMITS[2];
  let steps = 0;
  do { n = n % 2 ? 3 * n + 1 : n / 2; steps++; } while (n != 1);
  putI32(steps); nl();
  let a = 0, b = 1;
  while (b < 10000 && (a & 1) == 0 || b < 100) { const t = a + b; a = b; b = t; putI32(b); putc(32); }
  nl();
  let triangle = 0;
  for (let k = LIMITS[0]; k > 0; k--) for (let m = 0; m < k; m++) triangle++;
  putI32(triangle); nl();
  return count + steps + triangle;
}
