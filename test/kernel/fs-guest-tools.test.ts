// The guest's own file-system tools on the default disk:
//   - fsck in the guest (userland/fsck.ts) agrees with the host's fsck
//     (tools/fs/fsck.ts) line for line, on the clean image and on a damaged one;
//   - bounce_demo, the TUX server pattern: a cold first pass bounces every path
//     to the helper, a warm second pass serves every one atomically, and the
//     serving process never switches in either.

import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { BLOCK_SIZE, INODE_BYTES, INODES_PER_BLOCK, SUPERBLOCK_BLOCK } from '../../tools/fs/format.ts';
import { FileSystem } from '../../tools/fs/filesystem.ts';
import { fsck, formatReport } from '../../tools/fs/fsck.ts';
import { bootKernel, defaultDiskBytes } from './kernel-harness.ts';

beforeAll(() => defaultDiskBytes(), 300_000);

/** The host fsck's lines for an image, labelled as the guest labels them. */
function hostFsck(image: Uint8Array): string[] {
  const report = fsck(new MemoryBlockBackend(Uint8Array.from(image), { label: 'disk' }), { label: '/dev/disk' });
  return formatReport(report).trimEnd().split('\n');
}

/** The image with inode `path`'s link count raised by one. */
function withWrongNlink(image: Uint8Array, path: string): Uint8Array {
  const out = Uint8Array.from(image);
  const { inum } = FileSystem.mount(new MemoryBlockBackend(Uint8Array.from(image), { label: 'disk' })).stat(path);
  const view = new DataView(out.buffer);
  const inodeStart = view.getUint32(SUPERBLOCK_BLOCK * BLOCK_SIZE + 28, true);
  const at = (inodeStart + Math.floor(inum / INODES_PER_BLOCK)) * BLOCK_SIZE + (inum % INODES_PER_BLOCK) * INODE_BYTES + 8;
  view.setUint16(at, view.getUint16(at, true) + 1, true);
  return out;
}

/** The lines a guest command printed after the boot banner. */
function guestLines(output: string): string[] {
  return output.split('\n').filter((l) => l !== '' && !l.startsWith('switchless boot ROM') && !l.startsWith('boot: '));
}

describe('fsck in the guest', () => {
  it('finds the default disk clean, as the host does', async () => {
    const image = await defaultDiskBytes();
    const run = await bootKernel({ command: 'fsck', disk: true });
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
    expect(guestLines(run.output)).toEqual(hostFsck(image));
    expect(run.output).toMatch(/\/dev\/disk: clean; /);
  }, 120_000);

  it('reports the same problem as the host on a damaged disk, and fails', async () => {
    const image = withWrongNlink(await defaultDiskBytes(), '/www/index.html');
    const host = hostFsck(image);
    expect(host.some((l) => /nlink is 2, 1 entries name it/.test(l))).toBe(true);
    const run = await bootKernel({ command: 'fsck', disk: image });
    expect(run.exit).toMatchObject({ reason: 'exit', status: 1 });
    const guest = guestLines(run.output);
    for (const line of host.filter((l) => /nlink/.test(l))) expect(guest).toContain(line);
  }, 120_000);
});

/** wc's three counts of some bytes: newlines, runs of non-blank bytes, bytes. */
function wcCounts(bytes: Uint8Array): [number, number, number] {
  let lines = 0, words = 0, inWord = false;
  for (const b of bytes) {
    if (b === 10) lines++;
    const blank = b === 32 || b === 9 || b === 10 || b === 13;
    if (!blank && !inWord) words++;
    inWord = !blank;
  }
  return [lines, words, bytes.length];
}

describe('wc', () => {
  it('counts a file, and through /dev/disk the whole disk, in columns a space apart', async () => {
    const image = await defaultDiskBytes();
    const robots = FileSystem.mount(new MemoryBlockBackend(Uint8Array.from(image), { label: 'disk' })).readFile('/www/robots.txt');
    const run = await bootKernel({ command: 'wc /www/robots.txt /dev/disk', disk: true });
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
    const row = (counts: number[], name: string) => counts.map((n) => ' ' + String(n).padStart(7)).join('') + ' ' + name;
    const file = wcCounts(robots), disk = wcCounts(image);
    expect(guestLines(run.output)).toEqual([
      row(file, '/www/robots.txt'),
      row(disk, '/dev/disk'),
      row([0, 1, 2].map((k) => file[k] + disk[k]), 'total'),
    ]);
    expect(disk[2]).toBe(image.length); // the disk, not just the file system on it
  }, 120_000);
});

describe('bounce_demo', () => {
  it('bounces everything cold, serves everything warm, and the server never switches', async () => {
    const run = await bootKernel({ command: 'bounce_demo -2', disk: true });
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
    const passes = [...run.output.matchAll(/pass (\d): served (\d+) atomically, bounced (\d+), main switches voluntary (\d+) involuntary (\d+)/g)]
      .map((m) => m.slice(1).map(Number));
    expect(passes).toHaveLength(2);
    const [first, second] = passes;
    const paths = first[1] + first[2];
    expect(paths).toBeGreaterThan(5);
    expect(first).toEqual([1, 0, paths, 0, 0]);
    expect(second).toEqual([2, paths, 0, 0, 0]);
  }, 120_000);
});
