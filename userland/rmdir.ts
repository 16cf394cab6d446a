// rmdir DIR...: removes each empty directory. An error is one line
// ("rmdir: /x: directory not empty") and makes the status 1.
import { args, rmdir, perror, eprint } from "./lib/libc";

export function main(): i32 {
  const a = args();
  if (a.length < 2) { eprint("usage: rmdir DIR...\n"); return 1; }
  let status = 0;
  for (let i = 1; i < a.length; i++) {
    if (rmdir(a[i]) < 0) { perror("rmdir: " + a[i]); status = 1; }
  }
  return status;
}
