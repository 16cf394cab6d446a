// The build: everything `npm install` (via `prepare`) and `npm run build` make.
//
// Steps, in order, each printing one progress line:
//   core      emu/core (AssemblyScript) -> build/core.wasm
//   bootrom   emu/firmware/bootrom.s    -> build/bootrom.bin (the 64 KiB ROM image)
//   kernel    kernel-as/ and userland/  -> build/kernel.elf (with its initial ramdisk)
//   bootdisk  the default boot disk     -> build/boot.img (the kernel: what `switchless boot` starts)
//   disk      the default fixed disk    -> build/disk.img (file system with /www and /bin)
// `npx tsx tools/build.ts STEP...` runs only the named steps.

import { performance } from 'node:perf_hooks';
import { buildCore } from './build/core.ts';
import { buildBootRom } from './build/bootrom.ts';
import { buildBootDisk } from './build/bootdisk.ts';
import { buildDefaultDiskImage } from './build/disk.ts';
import { buildKernel } from './build/kernel.ts';

const STEPS: Record<string, () => Promise<string>> = {
  core: async () => { await buildCore(); return 'build/core.wasm'; },
  bootrom: buildBootRom,
  kernel: () => buildKernel(),
  bootdisk: buildBootDisk,
  disk: async () => buildDefaultDiskImage(),
};

const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(STEPS)) {
  const step = STEPS[name];
  if (!step) {
    process.stderr.write(`build: unknown step '${name}' (steps: ${Object.keys(STEPS).join(", ")})\n`);
    process.exit(2);
  }
  const started = performance.now();
  process.stdout.write(`build: ${name} ... `);
  const output = await step();
  console.log(`${output} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
