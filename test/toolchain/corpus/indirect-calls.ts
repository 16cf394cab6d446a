// @ts-nocheck  (AssemblyScript)
// Function values: a table of operations, higher-order functions, call_indirect.
import { putI32, putc, nl } from "./lib/io";

function add(a: i32, b: i32): i32 { return a + b; }
function sub(a: i32, b: i32): i32 { return a - b; }
function mul(a: i32, b: i32): i32 { return a * b; }
function pick(a: i32, b: i32): i32 { return a > b ? a : b; }

const OPS: StaticArray<(a: i32, b: i32) => i32> = [add, sub, mul, pick];

function fold(values: StaticArray<i32>, f: (a: i32, b: i32) => i32, start: i32): i32 {
  let acc = start;
  for (let i = 0; i < values.length; i++) acc = f(acc, values[i]);
  return acc;
}

function twice(f: (x: i32) => i32, x: i32): i32 { return f(f(x)); }

const VALUES: StaticArray<i32> = [3, 1, 4, 1, 5, 9, 2, 6];

export function main(): i32 {
  let total = 0;
  for (let i = 0; i < OPS.length; i++) {
    const r = fold(VALUES, OPS[i], i);
    putI32(r); putc(32);
    total += r;
  }
  nl();
  putI32(twice((x: i32): i32 => x * 3 + 1, 5)); nl();
  putI32(twice((x: i32): i32 => x - 7, 5)); nl();
  return total & 127;
}
