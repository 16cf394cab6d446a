/*
 * The anchors beside the kernel figures of `npm run bench`: the same
 * lmbench-style operations on the host's own kernel (Linux, where the bench
 * runs), timed with clock_gettime. Prints one `name=microseconds` line each.
 * The file system figures use a fresh folder on tmpfs (/dev/shm, else /tmp),
 * so they time the host kernel's own paths and not its disk (creates on a
 * host disk come in bursts of slow ones); the caches are warm, so only the
 * warm figures have anchors.
 *
 *   lat_syscall    getppid()                              (lmbench lat_syscall null)
 *   lat_ctx        a one-byte round trip between two processes through pipes
 *                  (two context switches)                 (lmbench lat_ctx 2p/0K)
 *   lat_proc       fork + exit + wait                     (lmbench lat_proc fork)
 *   lat_pagefault  first touch of a fresh anonymous page  (minor fault)
 *   lat_fs_lookup_warm  stat of a file two folders down
 *   lat_fs_atomic_hit   openat2(RESOLVE_CACHED) + close   (Linux 5.12's atomic lookup;
 *                       left out where the kernel lacks it)
 *   lat_fs_read_hit     lseek 0 + read of 4 KiB of a cached file
 *   lat_fs_create       open(O_CREAT | O_EXCL) + close of a new file (median of 9 batches)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#define RESOLVE_CACHED_FLAG 0x20

struct open_how_args { uint64_t flags, mode, resolve; };

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

/* The file system anchors, in a folder of their own: a/b/file of 4 KiB. */
static int file_anchors(void) {
  char dir[] = "/dev/shm/lat_host.XXXXXX";
  if (!mkdtemp(dir)) {
    strcpy(dir, "/tmp/lat_host.XXXXXX");
    if (!mkdtemp(dir)) return 1;
  }
  char sub[64], subsub[64], file[96], name[128];
  snprintf(sub, sizeof sub, "%s/a", dir);
  snprintf(subsub, sizeof subsub, "%s/a/b", dir);
  snprintf(file, sizeof file, "%s/a/b/file", dir);
  if (mkdir(sub, 0755) || mkdir(subsub, 0755)) return 1;
  char block[4096];
  memset(block, 'x', sizeof block);
  int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, block, sizeof block) != (ssize_t)sizeof block) return 1;
  close(fd);

  int n = 200000;
  struct stat st;
  double start = now_us();
  for (int i = 0; i < n; i++) stat(file, &st);
  printf("lat_fs_lookup_warm=%.4f\n", (now_us() - start) / n);

  struct open_how_args how = { O_RDONLY, 0, RESOLVE_CACHED_FLAG };
  fd = (int)syscall(SYS_openat2, AT_FDCWD, file, &how, sizeof how);
  if (fd >= 0) {
    close(fd);
    start = now_us();
    for (int i = 0; i < n; i++) close((int)syscall(SYS_openat2, AT_FDCWD, file, &how, sizeof how));
    printf("lat_fs_atomic_hit=%.4f\n", (now_us() - start) / n);
  }

  fd = open(file, O_RDONLY);
  if (fd < 0) return 1;
  start = now_us();
  for (int i = 0; i < n; i++) {
    lseek(fd, 0, SEEK_SET);
    if (read(fd, block, sizeof block) != (ssize_t)sizeof block) return 1;
  }
  printf("lat_fs_read_hit=%.4f\n", (now_us() - start) / n);
  close(fd);

  /* The median of batches of 200, each batch's files removed after it. */
  enum { BATCHES = 9, CREATES = 200 };
  double batch[BATCHES];
  for (int b = 0; b < BATCHES; b++) {
    start = now_us();
    for (int i = 0; i < CREATES; i++) {
      snprintf(name, sizeof name, "%s/f%d", dir, i);
      fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
      if (fd < 0) return 1;
      close(fd);
    }
    batch[b] = (now_us() - start) / CREATES;
    for (int i = 0; i < CREATES; i++) {
      snprintf(name, sizeof name, "%s/f%d", dir, i);
      unlink(name);
    }
  }
  for (int i = 1; i < BATCHES; i++) {
    for (int j = i; j > 0 && batch[j - 1] > batch[j]; j--) {
      double t = batch[j]; batch[j] = batch[j - 1]; batch[j - 1] = t;
    }
  }
  printf("lat_fs_create=%.4f\n", batch[BATCHES / 2]);
  unlink(file);
  rmdir(subsub);
  rmdir(sub);
  rmdir(dir);
  return 0;
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
  return file_anchors();
}
