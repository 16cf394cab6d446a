// @ts-nocheck  (AssemblyScript)
// call_indirect beyond the table: "undefined table element".
import { puts, nl, putI32 } from "./lib/io";

function seven(): i32 { return 7; }
const F: StaticArray<() => i32> = [seven];

const INDEXES: StaticArray<u32> = [0, 1000];

export function main(): i32 {
  putI32(F[0]()); nl();
  for (let i = 0; i < INDEXES.length; i++) {
    const index = INDEXES[i] == 0 ? load<u32>(changetype<usize>(F[0])) : INDEXES[i]; // a function value holds its table index first
    puts("calling"); nl();
    putI32(call_indirect<i32>(index)); nl();
  }
  return 0;
}
