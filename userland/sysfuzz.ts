// sysfuzz [ROUNDS] [CALLS]: system calls with random numbers and arguments
// (pointers into the kernel, across KERNBASE, unmapped, misaligned, huge
// sizes). Each round is a child process making CALLS calls, killed after a few
// ticks if it blocks; the kernel must survive every round (docs/kernel.md §12).
// Prints "sysfuzz: ROUNDS rounds, CALLS calls each: the kernel survived, 0 pages
// leaked" (exit status 1 if pages leaked).
// Never called: exit (ends the round early), kill, poweroff, sleep, and setuid,
// setgid and mount (they would change the rest of the run).
import { args, print, fork, exit, wait, kill, sleep, close, malloc, KS_FREEPAGES } from "./lib/libc";
import { sys_kstat } from "./lib/sys.gen";
import { SYSCALLS_FUZZED, fuzzCall } from "./lib/fuzzcall";

let state: u32 = 1;

function random(): u32 {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

const VALUES: u32[] = [0, 1, 2, 3, 4, 7, 16, 255, 4096, 65536, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFF0,
  0xC0000000, 0xC0100000, 0xBFFFFFF0, 0xBFFFFFFF, 0x00001000, 0x40000000, 0x00000008];

function argument(buffer: u32): u32 {
  const r = random() % 4;
  if (r == 0) return buffer + (random() % 256);
  if (r == 1) return random();
  return VALUES[<i32>(random() % <u32>VALUES.length)];
}

const record = memory.data(64);

function freePages(): u32 {
  sys_kstat(-1, <u32>record, 56);
  return load<u32>(record + 4 * KS_FREEPAGES);
}

export function main(): i32 {
  const a = args();
  const rounds = a.length > 1 ? I32.parseInt(a[1]) : 20;
  const calls = a.length > 2 ? I32.parseInt(a[2]) : 200;
  const before = freePages();
  for (let round = 0; round < rounds; round++) {
    const pid = fork();
    if (pid == 0) {
      close(0); // the console would block, and random bytes would fill it
      close(1);
      close(2);
      state = <u32>round * 2654435761 + 1;
      const buffer = <u32>malloc(512);
      for (let i = 0; i < calls; i++) {
        const n = SYSCALLS_FUZZED[<i32>(random() % <u32>SYSCALLS_FUZZED.length)];
        const r = fuzzCall(n, argument(buffer), argument(buffer), argument(buffer), argument(buffer), argument(buffer));
        if (n == 2 && r == 0) exit(0); // a forked child stops at once
      }
      exit(0);
    }
    sleep(3);
    kill(pid);
    while (wait() >= 0) {}
  }
  const leaked = <i32>(before - freePages());
  print("sysfuzz: " + rounds.toString() + " rounds, " + calls.toString() + " calls each: the kernel survived, " +
    leaked.toString() + " pages leaked\n");
  return leaked == 0 ? 0 : 1;
}
