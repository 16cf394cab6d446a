// Every tunable and fixed address of the kernel (docs/kernel.md §2, §15).
// The host tools read this file too (tools/kernel/params.ts parses the
// `export const NAME: u32 = VALUE;` lines), so it is the one definition:
// keep each constant on one line, with a plain number.

// ---- memory layout (docs/kernel.md §2) ----
export const KERNBASE: u32 = 0xC0000000;       // all of RAM is mapped here; kernel wasm address = physical
export const KERNLINK: u32 = 0xC0100000;       // the kernel image is linked here (physical 0x00100000)
export const PHYS_KMEM: u32 = 0x00400000;      // kernel linear memory: AS static data, then the heap
export const PHYS_KMEM_END: u32 = 0x00800000;  // the kernel heap may not grow past this
export const PHYS_BOOTARGS: u32 = 0x00800000;  // optional boot arguments page
export const PHYS_INITRD: u32 = 0x00801000;    // the initial ramdisk, loaded by the boot ROM
export const PGSIZE: u32 = 4096;

export const UMEM_START: u32 = 0x00001000;     // a user program's first static data (page 0 stays unmapped)
export const UTEXT: u32 = 0x40000000;          // user programs are linked here; the heap stays below
export const USTACK_MAX: u32 = 0x00100000;     // the user stack region [KERNBASE - USTACK_MAX, KERNBASE)

// ---- processes and files ----
export const NPROC: u32 = 64;                  // process table slots (slot 0: the idle thread)
export const NOFILE: u32 = 16;                 // descriptors per process
export const NFILE: u32 = 128;                 // open files in the system
export const NPIPE: u32 = 32;                  // pipes in the system
export const PIPE_SIZE: u32 = 512;             // bytes buffered in a pipe
export const KSTACK_SIZE: u32 = 8192;          // per-thread kernel stack
export const MAXARG: u32 = 32;                 // exec arguments
export const MAXARGBYTES: u32 = 2048;          // bytes of exec arguments, NULs included
export const MAXPATH: u32 = 256;               // a path, its NUL included
export const EXITED_KEPT: u32 = 16;            // exited processes whose figures the power-off report keeps

// ---- time ----
export const TICK_CYCLES: u32 = 700000;        // timer period: 1 ms at the default 700 MHz
export const QUANTUM_TICKS: u32 = 5;           // a thread runs at most this many ticks before preemption

// ---- devices ----
export const CONSOLE_BUF: u32 = 256;           // console input ring
export const PANIC_STATUS: u32 = 0xEE;         // debug-exit status of a panic

// ---- the initial ramdisk (docs/kernel.md §9) ----
export const INITRD_MAGIC: u32 = 0x44524E49;   // "INRD"
export const INITRD_HEADER: u32 = 16;
export const INITRD_ENTRY: u32 = 64;
export const INITRD_NAME: u32 = 48;
export const INITRD_ALIGN: u32 = 16;
export const BOOTARGS_MAGIC: u32 = 0x53475241; // "ARGS"

// ---- the file system (docs/kernel.md §16-§18) ----
export const NBUF: u32 = 512;                  // buffer-cache buffers, one 4 KiB block each (2 MiB)
export const NINODE: u32 = 256;                // in-memory inodes
export const NCACHE: u32 = 1024;               // name-cache entries (boot flag kernel.ncache=N lowers it)
export const NCACHE_HASH: u32 = 256;           // name-cache hash chains (a power of two)
export const FLUSH_TICKS: u32 = 30;            // an open transaction commits after this many ticks
export const DISK_PORT: u32 = 0x1F0;           // the fixed disk's registers (docs/devices.md §disk)
export const DISK_IRQ: u32 = 14;
