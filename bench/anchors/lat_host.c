/*
 * The anchors beside the kernel figures of `npm run bench`: the same four
 * lmbench-style operations on the host's own kernel (Linux, where the bench
 * runs), timed with clock_gettime. Prints one `name=microseconds` line each.
 *
 *   lat_syscall    getppid()                              (lmbench lat_syscall null)
 *   lat_ctx        a one-byte round trip between two processes through pipes
 *                  (two context switches)                 (lmbench lat_ctx 2p/0K)
 *   lat_proc       fork + exit + wait                     (lmbench lat_proc fork)
 *   lat_pagefault  first touch of a fresh anonymous page  (minor fault)
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

int main(void) {
  int n = 200000;
  double start = now_us();
  for (int i = 0; i < n; i++) getppid();
  printf("lat_syscall=%.4f\n", (now_us() - start) / n);

  int ab[2], ba[2];
  char token = 'x';
  if (pipe(ab) || pipe(ba)) return 1;
  int rounds = 20000;
  pid_t child = fork();
  if (child == 0) {
    for (int i = 0; i < rounds; i++) {
      if (read(ab[0], &token, 1) != 1 || write(ba[1], &token, 1) != 1) _exit(1);
    }
    _exit(0);
  }
  start = now_us();
  for (int i = 0; i < rounds; i++) {
    if (write(ab[1], &token, 1) != 1 || read(ba[0], &token, 1) != 1) return 1;
  }
  printf("lat_ctx=%.4f\n", (now_us() - start) / rounds);
  waitpid(child, NULL, 0);

  int forks = 2000;
  start = now_us();
  for (int i = 0; i < forks; i++) {
    pid_t p = fork();
    if (p == 0) _exit(0);
    waitpid(p, NULL, 0);
  }
  printf("lat_proc=%.4f\n", (now_us() - start) / forks);

  long page = sysconf(_SC_PAGESIZE);
  int pages = 20000;
  char *area = mmap(NULL, page * pages, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area == MAP_FAILED) return 1;
  start = now_us();
  for (int i = 0; i < pages; i++) area[(long)i * page] = 1;
  printf("lat_pagefault=%.4f\n", (now_us() - start) / pages);
  return 0;
}
