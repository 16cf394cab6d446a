// Where the build puts what it makes: one list of paths, relative to the
// repository root. Importing this costs nothing, so the CLI can name the
// build's outputs without loading the tools that make them.
//
//   build/core.wasm     the CPU core                   (tools/build/core.ts)
//   build/bootrom.bin   the 64 KiB boot ROM image      (tools/build/bootrom.ts)
//   build/kernel.elf    the kernel + initial ramdisk   (tools/build/kernel.ts)
//   build/kernel/user/  each user program's ELF        (tools/build/kernel.ts)
//   build/boot.img      the default boot disk          (tools/build/bootdisk.ts)
//   build/disk.img      the default fixed disk         (tools/build/disk.ts)

export const BOOTROM_IMAGE = 'build/bootrom.bin';
export const KERNEL_ELF = 'build/kernel.elf';
export const KERNEL_WORK_DIR = 'build/kernel';
export const USERLAND_BUILD_DIR = 'build/kernel/user';
export const DEFAULT_BOOT_DISK = 'build/boot.img';
export const DEFAULT_DISK_IMAGE = 'build/disk.img';
