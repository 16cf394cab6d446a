// The build: everything `npm install` (via `prepare`) and `npm run build` make.
//
// Steps, in order, each printing one progress line:
//   core      emu/core (AssemblyScript) -> build/core.wasm
//   bootrom   emu/firmware/bootrom.s    -> build/bootrom.bin (the 64 KiB ROM image)
//   kernel    kernel-as/ and userland/  -> build/kernel.elf (with its initial ramdisk)
//   bootdisk  the default boot disk     -> build/boot.img (the kernel: what `switchless boot` starts)
//   disk      the default fixed disk    -> build/disk.img (file system with /www and /bin)
// `npx tsx tools/build.ts STEP...` runs only the named steps. A compile error in
// a guest source (kernel-as/, userland/) prints its `file:line:col: message`
// lines and exits 1.

import { performance } from 'node:perf_hooks';
import { buildCore } from './build/core.ts';
import { buildBootRom } from './build/bootrom.ts';
import { buildBootDisk } from './build/bootdisk.ts';
import { buildDefaultDiskImage } from './build/disk.ts';
import { buildKernel } from './build/kernel.ts';
import { UserError } from '../emu/user-error.ts';

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
  let output: string;
  try {
    output = await step();
  } catch (e) {
    // a compile error in a guest source is the user's to fix: its lines, no stack trace
    if (!(e instanceof UserError)) throw e;
    process.stdout.write('failed\n');
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  console.log(`${output} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
