// touch PATH...: creates each file that does not exist (mode 644, empty);
// an existing file is left as it is (there is no call to set its times). An
// error is one line ("touch: /x: permission denied") and makes the status 1.
import { args, open, close, perror, eprint, O_WRONLY, O_CREAT } from "./lib/libc";

export function main(): i32 {
  const a = args();
  if (a.length < 2) { eprint("usage: touch PATH...\n"); return 1; }
  let status = 0;
  for (let i = 1; i < a.length; i++) {
    const fd = open(a[i], O_WRONLY | O_CREAT, 0o644);
    if (fd < 0) { perror("touch: " + a[i]); status = 1; continue; }
    close(fd);
  }
  return status;
}
