// @ts-nocheck  (AssemblyScript)
// Deep recursion (10 000 frames), mutual recursion, Ackermann.
import { putI32, nl, puts } from "./lib/io";

function depth(n: i32): i32 {
  if (n == 0) return 0;
  return depth(n - 1) + 1;
}

function isEven(n: i32): bool { return n == 0 ? true : isOdd(n - 1); }
function isOdd(n: i32): bool { return n == 0 ? false : isEven(n - 1); }

function ackermann(m: i32, n: i32): i32 {
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

function sumTo(n: i64, acc: i64): i64 {
  return n == 0 ? acc : sumTo(n - 1, acc + n);
}

export function main(): i32 {
  puts("depth "); putI32(depth(10000)); nl();
  puts("even "); putI32(isEven(3001) ? 1 : 0); nl();
  puts("ackermann "); putI32(ackermann(2, 3)); nl();
  puts("sum "); putI32(<i32>sumTo(3000, 0)); nl();
  return ackermann(1, 2);
}
