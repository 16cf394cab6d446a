// ps: one line per process, from /proc and the kstat system call:
// pid, parent, state, context switches (voluntary/involuntary), system calls, name.
// The pids are the numeric names in /proc (read with getdents), in order.
import { print, perror, listdir, kstatProc } from "./lib/libc";

const STATES = "UESRRZ";

function pad(s: string, n: i32): string {
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}

export function main(): i32 {
  const names = listdir("/proc");
  if (names == null) { perror("ps: /proc"); return 1; }
  const pids: i32[] = [];
  for (let k = 0; k < names.length; k++) {
    const c = names[k].length > 0 ? names[k].charCodeAt(0) : 0;
    if (c >= 48 && c <= 57) pids.push(I32.parseInt(names[k])); // not stat, namecache...
  }
  pids.sort((x: i32, y: i32): i32 => x - y);
  print("  PID  PPID S   VOL INVOL  SYSCALLS NAME\n");
  for (let k = 0; k < pids.length; k++) {
    const rec = kstatProc(pids[k]);
    if (rec == null) continue;
    let pname = "";
    for (let i = 0; i < 16; i++) {
      const c = (rec[8 + (i >> 2)] >> ((i & 3) * 8)) & 255;
      if (c == 0) break;
      pname += String.fromCharCode(c);
    }
    print(pad(rec[0].toString(), 5) + pad(rec[1].toString(), 6) + " " + STATES.charAt(rec[2]) +
      pad(rec[3].toString(), 6) + pad(rec[4].toString(), 6) + pad(rec[5].toString(), 10) + " " + pname + "\n");
  }
  return 0;
}
