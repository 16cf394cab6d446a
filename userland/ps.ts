// ps: one line per process, from /proc and the kstat system call:
// pid, parent, state, context switches (voluntary/involuntary), system calls, name.
import { print, readdir, kstatProc } from "./lib/libc";

const STATES = "UESRRZ";

function pad(s: string, n: i32): string {
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}

export function main(): i32 {
  print("  PID  PPID S   VOL INVOL  SYSCALLS NAME\n");
  for (let k: u32 = 1; ; k++) {
    const name = readdir("/proc", k);
    if (name == null) break;
    const rec = kstatProc(I32.parseInt(name));
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
