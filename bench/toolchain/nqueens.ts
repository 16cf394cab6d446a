// Count the solutions of the 10-queens problem by backtracking; prints 724.
import { printNumber } from "./out";

function place(row: i32, n: i32, columns: u32, diagonals: u32, antidiagonals: u32): i32 {
  if (row == n) return 1;
  let found = 0;
  for (let col = 0; col < n; col++) {
    const d = row + col;
    const a = row - col + n - 1;
    if ((columns >> col) & 1 || (diagonals >> d) & 1 || (antidiagonals >> a) & 1) continue;
    found += place(row + 1, n, columns | (1 << col), diagonals | (1 << d), antidiagonals | (1 << a));
  }
  return found;
}

export function main(): i32 {
  printNumber(place(0, 10, 0, 0, 0));
  return 0;
}
