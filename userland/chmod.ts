// chmod MODE PATH...: sets the permission bits of each PATH to MODE (octal,
// e.g. 755 or 1777). An error is one line ("chmod: /x: operation not
// permitted") and makes the status 1.
import { args, chmod, perror, eprint, parseOctal } from "./lib/libc";

export function main(): i32 {
  const a = args();
  if (a.length < 3) { eprint("usage: chmod MODE PATH...\n"); return 1; }
  const mode = parseOctal(a[1]);
  if (mode < 0 || mode > 0o7777) { eprint("chmod: " + a[1] + ": not an octal mode\n"); return 1; }
  let status = 0;
  for (let i = 2; i < a.length; i++) {
    if (chmod(a[i], <u32>mode) < 0) { perror("chmod: " + a[i]); status = 1; }
  }
  return status;
}
