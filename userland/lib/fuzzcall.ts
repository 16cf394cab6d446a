// A raw system call by number, for sysfuzz: `int 0x80` with five argument
// registers, through the generated imports (one per call).
import * as sys from "./sys.gen";

/**
 * Every call but exit (1), kill (10), sleep (12) and poweroff (21), and
 * setuid (36), setgid (38) and mount (40), which would change the rest of the
 * run (a round that lost root, or a read-only file system).
 */
export const SYSCALLS_FUZZED: u32[] = [2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 14, 15, 16, 17, 18, 19, 20, 22, 23, 24, 25,
  26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 37, 39, 41, 42, 0, 99];

export function fuzzCall(n: u32, a: u32, b: u32, c: u32, d: u32, e: u32): i32 {
  switch (n) {
    case 2: return sys.sys_fork();
    case 3: return sys.sys_read(<i32>a, b, c);
    case 4: return sys.sys_write(<i32>a, b, c);
    case 5: return sys.sys_open(a, <i32>b, c);
    case 6: return sys.sys_close(<i32>a);
    case 7: return sys.sys_wait(a);
    case 8: return sys.sys_exec(a, b);
    case 9: return sys.sys_getpid();
    case 11: return sys.sys_sbrk(<i32>(a & 0xFFFFF)); // a huge break only wastes the round
    case 13: return sys.sys_uptime();
    case 14: return sys.sys_dup(<i32>a);
    case 15: return sys.sys_pipe(a);
    case 16: return sys.sys_chdir(a);
    case 17: return sys.sys_fstat(<i32>a, b);
    case 18: return sys.sys_getargs(a, b);
    case 19: return sys.sys_kstat(<i32>a, b, c);
    case 20: return sys.sys_yield();
    case 22: return sys.sys_getppid();
    case 23: return sys.sys_setpgid(<i32>a, <i32>b);
    case 24: return sys.sys_tcsetpgrp(<i32>a);
    case 25: return sys.sys_bootargs(a, b);
    case 26: return sys.sys_getdents(<i32>a, b, c);
    case 27: return sys.sys_lseek(<i32>a, <i32>b, <i32>c);
    case 28: return sys.sys_stat(a, b);
    case 29: return sys.sys_mkdir(a, b);
    case 30: return sys.sys_rmdir(a);
    case 31: return sys.sys_unlink(a);
    case 32: return sys.sys_link(a, b);
    case 33: return sys.sys_rename(a, b);
    case 34: return sys.sys_getcwd(a, b);
    case 35: return sys.sys_chmod(a, b);
    case 37: return sys.sys_getuid();
    case 39: return sys.sys_getgid();
    case 41: return sys.sys_sync();
    case 42: return sys.sys_fsync(<i32>a);
    default: return unknown(n, e);
  }
}

@external("sys", "0") declare function sys_zero(): i32;
@external("sys", "99") declare function sys_99(): i32;

function unknown(n: u32, e: u32): i32 {
  return n == 0 ? sys_zero() : sys_99();
}
