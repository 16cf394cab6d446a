// mkdir [-m MODE] DIR...: makes each directory, with permission bits MODE
// (octal, default 755). An error is one line ("mkdir: /x: file exists") and
// makes the status 1; the other directories are still made.
import { args, mkdir, perror, eprint, parseOctal } from "./lib/libc";

export function main(): i32 {
  const a = args();
  let mode: u32 = 0o755;
  let first = 1;
  if (a.length > 2 && a[1] == "-m") {
    const m = parseOctal(a[2]);
    if (m < 0 || m > 0o7777) { eprint("mkdir: " + a[2] + ": not an octal mode\n"); return 1; }
    mode = <u32>m;
    first = 3;
  }
  if (first >= a.length) { eprint("usage: mkdir [-m MODE] DIR...\n"); return 1; }
  let status = 0;
  for (let i = first; i < a.length; i++) {
    if (mkdir(a[i], mode) < 0) { perror("mkdir: " + a[i]); status = 1; }
  }
  return status;
}
