// spin [N] [K]: K processes (default 2), each running N million iterations of
// an empty loop in user mode (CPU-bound: preempted at every quantum). Each
// prints its figures when done:  spin pid=P voluntary=V involuntary=I
import { args, print, fork, exit, wait, getpid, kstatProc } from "./lib/libc";

let sink: u32 = 0;

function work(millions: i32): void {
  for (let m = 0; m < millions; m++) {
    for (let i: u32 = 0; i < 1000000; i++) sink += i;
  }
}

export function main(): i32 {
  const a = args();
  const n = a.length > 1 ? I32.parseInt(a[1]) : 10;
  const k = a.length > 2 ? I32.parseInt(a[2]) : 2;
  for (let c = 0; c < k; c++) {
    if (fork() == 0) {
      work(n);
      const rec = kstatProc(getpid())!;
      print("spin pid=" + getpid().toString() + " voluntary=" + rec[3].toString() + " involuntary=" + rec[4].toString() + "\n");
      exit(0);
    }
  }
  for (let c = 0; c < k; c++) wait();
  return 0;
}
