// A damaged disk never takes the kernel down (docs/fs.md §10: every field is
// untrusted). Seeded random bytes over the metadata and directory blocks of the
// default image, then a boot that walks, reads and writes the file system:
// the kernel must not panic; damage shows as EIO or ENOENT in the guest, or as
// a damaged program killed for its fault, and the machine powers off normally.

import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE, SUPERBLOCK_BLOCK } from '../../tools/fs/format.ts';
import { bootKernel, defaultDiskBytes } from './kernel-harness.ts';

/** A deterministic generator (xorshift32). */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
}

function damaged(image: Uint8Array, seed: number, bytes: number): Uint8Array {
  const out = Uint8Array.from(image);
  const next = random(seed);
  const from = (SUPERBLOCK_BLOCK + 1) * BLOCK_SIZE;  // the superblock stays: a disk that is not SLFS is refused whole
  const span = 160 * BLOCK_SIZE;                     // log, inode table, bitmap, the first directories
  for (let i = 0; i < bytes; i++) out[from + (next() % span)] = next() & 0xFF;
  return out;
}

const WORKLOAD = 'ls -l / /www /www/files /bin > /dev/null; cat /www/index.html > /dev/null; '
  + 'mkdir /tmp/d; echo x > /tmp/d/y; mv /tmp/d/y /tmp/z; rm /tmp/z; sync; echo done';

describe('a damaged disk', () => {
  for (const seed of [1, 2, 3]) {
    it(`never panics the kernel (seed ${seed})`, async () => {
      const image = damaged(await defaultDiskBytes(), seed, 2000);
      // sh comes from the ramdisk when the disk's copy is damaged (exec falls back only
      // for a missing file, so a damaged /bin/sh may be killed: the boot command then fails)
      const run = await bootKernel({ command: WORKLOAD, disk: image, maxCycles: 20_000_000_000n });
      expect(run.output).not.toContain('panic');
      if (process.env.SHOW_DAMAGE) console.log(run.output);
      expect(run.exit.reason).toBe('exit');
    }, 120_000);
  }

  it('that is not a file system leaves the kernel on its ramdisk, saying so', async () => {
    const run = await bootKernel({ command: 'echo still here', disk: new Uint8Array(1 << 20) });
    expect(run.output).toContain('fs: the disk holds no SLFS file system; running from the initial ramdisk\n');
    expect(run.output).toContain('still here\n');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
  }, 120_000);
});
