// init, pid 1 (docs/kernel.md §13): runs the shell on the console forever; with
// a boot command (`switchless boot --exec "CMD"`), runs `sh -c CMD` once and
// powers off with its exit status. Reaps orphans while it waits.

import { bootargs, eprint, exec, fork, poweroff, wait, waitStatus, perror } from "./lib/libc";

function spawn(argv: string[]): i32 {
  const pid = fork();
  if (pid == 0) {
    exec("/bin/sh", argv);
    perror("init: exec sh");
    return -1;
  }
  return pid;
}

export function main(): i32 {
  const command = bootargs();
  if (command.length > 0) {
    const pid = spawn(["sh", "-c", command]);
    if (pid < 0) return 1;
    while (true) {
      const w = wait();
      if (w == pid) poweroff(waitStatus);
      if (w < 0) poweroff(127);
    }
  }
  while (true) {
    const pid = spawn(["sh"]);
    if (pid < 0) return 1;
    while (wait() != pid) {}
    if (waitStatus != 0) eprint("init: sh exited with status " + waitStatus.toString() + "\n");
  }
  return 0;
}
