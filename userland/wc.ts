// wc [FILE...]: lines, words and bytes of each FILE (or the standard input),
// then a "total" line when there are several:
//
//         3       7      42 /www/robots.txt
//
// Words are runs of bytes other than space, tab, newline and carriage return.
// An error is one line ("wc: /x: no such file or directory") and status 1.
import { args, open, read, close, print, perror, O_RDONLY } from "./lib/libc";

const buf = memory.data(4096);
let lines: u64 = 0;
let words: u64 = 0;
let bytes: u64 = 0;

/** A column: right-aligned in 8, and always after a space (BSD wc's " %7d"). */
function pad(n: u64): string {
  const s = n.toString();
  return " " + (s.length >= 7 ? s : " ".repeat(7 - s.length) + s);
}

/** Counts the rest of `fd` into lines, words, bytes; false on a read error. */
function count(fd: i32): bool {
  let inWord = false;
  while (true) {
    const n = read(fd, buf, 4096);
    if (n < 0) return false;
    if (n == 0) return true;
    bytes += <u64>n;
    for (let i = 0; i < n; i++) {
      const c = load<u8>(buf + i);
      if (c == 10) lines++;
      const space = c == 32 || c == 9 || c == 10 || c == 13;
      if (!space && !inWord) words++;
      inWord = !space;
    }
  }
}

export function main(): i32 {
  const a = args();
  if (a.length < 2) {
    if (!count(0)) { perror("wc"); return 1; }
    print(pad(lines) + pad(words) + pad(bytes) + "\n");
    return 0;
  }
  let status = 0;
  let tl: u64 = 0, tw: u64 = 0, tb: u64 = 0;
  for (let i = 1; i < a.length; i++) {
    lines = 0; words = 0; bytes = 0;
    const fd = open(a[i], O_RDONLY);
    if (fd < 0) { perror("wc: " + a[i]); status = 1; continue; }
    const ok = count(fd);
    close(fd);
    if (!ok) { perror("wc: " + a[i]); status = 1; continue; }
    print(pad(lines) + pad(words) + pad(bytes) + " " + a[i] + "\n");
    tl += lines; tw += words; tb += bytes;
  }
  if (a.length > 2) print(pad(tl) + pad(tw) + pad(tb) + " total\n");
  return status;
}
