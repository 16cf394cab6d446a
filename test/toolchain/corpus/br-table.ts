// @ts-nocheck  (AssemblyScript)
// Dense switches (br_table) with defaults, negative and huge selectors, fall-through.
import { putI32, putc, nl, puts } from "./lib/io";

const SELECTORS: StaticArray<i32> = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -1, 100, 0x7fffffff, -0x80000000];

function dense(x: i32): i32 {
  switch (x) {
    case 0: return 10;
    case 1: return 11;
    case 2: return 12;
    case 3: return 13;
    case 4: return 14;
    case 5: return 15;
    case 7: return 17;
    default: return -1;
  }
}

function fallthrough(x: i32): i32 {
  let r = 0;
  switch (x) {
    case 0: r += 1;
    case 1: r += 2;
    case 2: r += 4; break;
    case 3: r += 8;
    case 4: { r += 16; break; }
    default: r = 100;
  }
  return r;
}

function name(x: u32): string {
  switch (x) {
    case 0: return "zero";
    case 1: return "one";
    case 2: return "two";
    case 3: return "three";
    case 4: return "four";
    case 5: return "five";
    case 6: return "six";
    default: return "many";
  }
}

export function main(): i32 {
  let sum = 0;
  for (let i = 0; i < SELECTORS.length; i++) {
    const s = SELECTORS[i];
    putI32(dense(s)); putc(32); putI32(fallthrough(s)); putc(32); puts(name(<u32>s)); nl();
    sum += dense(s) + fallthrough(s);
  }
  return sum;
}
