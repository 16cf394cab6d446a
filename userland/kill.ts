// kill PID...: kills each process (it exits with status 137).
import { args, kill, perror, eprint } from "./lib/libc";

export function main(): i32 {
  const a = args();
  if (a.length < 2) { eprint("usage: kill PID...\n"); return 2; }
  let status = 0;
  for (let i = 1; i < a.length; i++) {
    if (kill(I32.parseInt(a[i])) < 0) { perror("kill: " + a[i]); status = 1; }
  }
  return status;
}
