// The kernel's file system on the default disk (docs/kernel.md §16-§18),
// through guest programs and the disk controller's own view:
//   - the errno table of fstest, in the guest;
//   - atomic lookup: a cold O_ATOMICLOOKUP open bounces, a warm one is served
//     with no disk command and no context switch;
//   - negative entries: the second lookup of a missing name is a negative hit
//     and reads nothing from the disk;
//   - eviction: with kernel.ncache=8, many names looked up repeatedly stay
//     correct while the cache evicts;
//   - round trip: what the guest writes, the host reads from the image.
// Disk commands are the controller's (THREAD and disk-issue trace events,
// docs/devices.md §disk), not the kernel's own counts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { readTree } from '../../tools/fs/extract.ts';
import { FileSystem } from '../../tools/fs/filesystem.ts';
import { fsck } from '../../tools/fs/fsck.ts';
import { SAMPLE_FILES, WWW_SOURCES } from '../../tools/fs/sample-www.ts';
import { flattenTree } from '../../tools/fs/tree.ts';
import {
  bootKernel, commandsIn, defaultDiskBytes, processSpan, programPids, type DiskCommand,
} from './kernel-harness.ts';

// Building the kernel and its programs takes a while on a busy machine.
beforeAll(() => defaultDiskBytes(), 300_000);

/** The `/proc/namecache` snapshots of an output, each printed after a line `@ncache`. */
function namecacheSnapshots(output: string): Record<string, number>[] {
  return output.split('@ncache\n').slice(1).map((block) => {
    const figures: Record<string, number> = {};
    for (const line of block.split('\n')) {
      const m = /^(\w+)\s+(\d+)/.exec(line);
      if (!m) break;
      figures[m[1]] = Number(m[2]);
    }
    return figures;
  });
}

function delta(a: Record<string, number>, b: Record<string, number>, key: string): number {
  expect(a, `no '${key}' in /proc/namecache`).toHaveProperty(key);
  return b[key] - a[key];
}

const reads = (commands: DiskCommand[]) => commands.filter((c) => c.command === 'read');

describe('the file system in the guest', () => {
  it('fstest: every row of the errno table passes', async () => {
    const run = await bootKernel({ command: 'fstest', disk: true });
    const lines = run.output.trimEnd().split('\n');
    expect(lines.at(-1), run.output).toMatch(/^fstest: ALL ROWS PASSED \(\d+ rows\)$/);
    expect(run.output).not.toContain('panic');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 0 });
  });

  describe('one boot: atomic lookup, then negative entries', () => {
    const NOPE = '/www/files/nope';
    let run: Awaited<ReturnType<typeof bootKernel>>;
    beforeAll(async () => {
      run = await bootKernel({
        disk: true,
        traceDisk: true,
        command: 'atomic_open /www/index.html; cat /www/index.html > /dev/null; atomic_open /www/index.html; '
          + `echo @ncache; cat /proc/namecache; stat ${NOPE}; echo @ncache; cat /proc/namecache; `
          + `stat ${NOPE}; echo @ncache; cat /proc/namecache`,
      });
    }, 120_000);

    it('a cold atomic open bounces with EWOULDBLOCKIO; after a blocking read, the same open is served', () => {
      expect(run.output).toContain('/www/index.html EWOULDBLOCKIO\n');
      expect(run.output).toContain('/www/index.html ok\n');
      expect(run.output.indexOf('/www/index.html EWOULDBLOCKIO')).toBeLessThan(run.output.indexOf('/www/index.html ok'));
      const [first] = namecacheSnapshots(run.output);
      expect(first).toMatchObject({ atomic_hits: 1, atomic_bounces: 1 });
    });

    it('the warm atomic open issues no disk command and runs from exec to exit without a switch', () => {
      const [cold, warm] = programPids(run.threads, 'atomic_open');
      const [reader] = programPids(run.threads, 'cat');
      expect(warm).toBeDefined();
      // The blocking read between them waited for the disk: the measurement sees disk reads when there are any.
      const readerSpan = processSpan(run.threads, reader);
      expect(reads(commandsIn(run.diskCommands, readerSpan)).length).toBeGreaterThan(0);
      expect(readerSpan.resumed).toBeGreaterThan(0);
      const span = processSpan(run.threads, warm);
      expect(commandsIn(run.diskCommands, span)).toEqual([]);
      expect(span.resumed).toBe(0);
      // The kernel's own figures for the process agree: no switch of either kind.
      expect(run.reported[`kernel.proc.${warm}.atomic_open.voluntary`]).toBe(0);
      expect(run.reported[`kernel.proc.${warm}.atomic_open.involuntary`]).toBe(0);
      expect(cold).toBeLessThan(warm);
    });

    it('a missing name is entered as a negative entry: the second lookup is a negative hit and reads no disk', () => {
      const [before, afterFirst, afterSecond] = namecacheSnapshots(run.output);
      expect(afterSecond).toBeDefined();
      expect(run.output.match(/stat: \/www\/files\/nope: no such file or directory\n/g)).toHaveLength(2);
      // The first lookup missed (the name and its directory's entries were not cached) and entered a negative entry.
      expect(delta(before, afterFirst, 'misses')).toBeGreaterThan(0);
      expect(delta(before, afterFirst, 'neghits')).toBe(0);
      expect(delta(before, afterFirst, 'negative')).toBe(1);
      // The second: one negative hit, no miss (every other lookup between the snapshots is a positive hit).
      expect(delta(afterFirst, afterSecond, 'neghits')).toBe(1);
      expect(delta(afterFirst, afterSecond, 'misses')).toBe(0);
      const [first, second] = programPids(run.threads, 'stat');
      expect(reads(commandsIn(run.diskCommands, processSpan(run.threads, first))).length).toBeGreaterThan(0);
      const secondSpan = processSpan(run.threads, second);
      expect(commandsIn(run.diskCommands, secondSpan)).toEqual([]);
      expect(secondSpan.resumed).toBe(0);
    });
  });

  it('kernel.ncache=8: lookups of many names stay correct while entries are evicted', async () => {
    const www = ['index.html', 'style.css', 'robots.txt'].map((name) => ({
      path: `/www/${name}`, size: readFileSync(join(WWW_SOURCES, name)).length,
    }));
    const files = [...www, ...SAMPLE_FILES.map((f) => ({ path: `/www${f.path}`, size: f.size }))];
    const round = `stat ${files.map((f) => f.path).join(' ')} /www/nope1 /www/files/nope2`;
    const run = await bootKernel({
      disk: true,
      command: `kernel.ncache=8 ${round}; echo @round; ${round}; echo @round; ${round}; echo @ncache; cat /proc/namecache`,
    });
    const rounds = run.output.split('@round\n');
    expect(rounds).toHaveLength(3);
    const records = rounds.map((text) => text.slice(text.indexOf('path ')));
    expect(records[1]).toBe(records[0]);
    expect(records[2].split('@ncache\n')[0]).toBe(records[0]);
    for (const f of files) {
      expect(records[0], f.path).toMatch(new RegExp(`path ${f.path}\\n(\\w+ .*\\n)*?size ${f.size}\\n`));
    }
    expect(run.output.match(/stat: \/www\/nope1: no such file or directory\n/g)).toHaveLength(3);
    expect(run.output.match(/stat: \/www\/files\/nope2: no such file or directory\n/g)).toHaveLength(3);
    const [cache] = namecacheSnapshots(run.output);
    expect(cache.size).toBe(8);
    expect(cache.entries).toBeLessThanOrEqual(8);
    expect(cache.evictions).toBeGreaterThan(0);
  });

  it('round trip: what the guest writes and syncs, the host reads from the image', async () => {
    const run = await bootKernel({
      disk: true,
      command: 'echo hello > /tmp/x; mkdir /tmp/d; echo world > /tmp/d/y; echo bye > /tmp/z; '
        + 'ln /tmp/z /tmp/d/z2; rm /tmp/z; mv /tmp/d/y /tmp/d/w; sync',
    });
    expect(run.exit, run.output).toMatchObject({ reason: 'exit', status: 0 });
    const image = run.disk!.data.slice();
    expect(fsck(new MemoryBlockBackend(image.slice())).errors).toEqual([]);
    const fs = FileSystem.mount(new MemoryBlockBackend(image), { writable: false });
    const tree = flattenTree(readTree(fs, '/tmp')).map(([path, node]) =>
      [path, node.kind === 'file' ? new TextDecoder().decode(node.data) : node.kind]);
    expect(tree).toEqual([
      ['/d', 'dir'],
      ['/d/w', 'world\n'],
      ['/d/z2', 'bye\n'],
      ['/x', 'hello\n'],
    ]);
    expect(fs.stat('/tmp/d/z2').nlink).toBe(1);
  });
});
