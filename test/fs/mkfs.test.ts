// mkfs: host trees to images, deterministic to the byte, clean under fsck,
// and read back file by file; the default disk with the sample document root;
// the mkfs and fsck commands.

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { UserError } from '../../emu/user-error.ts';
import { assemble } from '../../tools/asm/assemble.ts';
import { defaultDiskImage } from '../../tools/build/disk.ts';
import { registerFsck } from '../../tools/cli/fsck.ts';
import { registerMkfs } from '../../tools/cli/mkfs.ts';
import { registerImageCommands } from '../../tools/cli/image.ts';
import { extractTree, listTree, readTree } from '../../tools/fs/extract.ts';
import { FileSystem } from '../../tools/fs/filesystem.ts';
import { InodeType, MODE_STICKY, NAME_MAX } from '../../tools/fs/format.ts';
import { fsck } from '../../tools/fs/fsck.ts';
import { buildImage, imageTree, mkfs } from '../../tools/fs/mkfs.ts';
import { SAMPLE_FILES, sampleContents } from '../../tools/fs/sample-www.ts';
import { addNode, fileNode, flattenTree, newDir, readHostTree, treeDigest } from '../../tools/fs/tree.ts';
import { mountCopy, pattern, userError } from './fs-harness.ts';

const scratch = mkdtempSync(join(tmpdir(), 'switchless-fs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A host directory with nested folders, an executable, an empty file and a 200 KiB file. */
function hostTree(name: string, order: 'forward' | 'reverse' = 'forward'): string {
  const root = join(scratch, name);
  const files: [string, Uint8Array][] = [
    ['www/index.html', new TextEncoder().encode('<h1>hello</h1>\n')],
    ['www/img/logo.bin', pattern(200_000, 3)],
    ['www/empty', new Uint8Array(0)],
    ['etc/motd', new TextEncoder().encode('welcome\n')],
    ['zz/a/b/c/deep.txt', new TextEncoder().encode('deep\n')],
    ['sbin/tool', pattern(5000, 4)],
  ];
  for (const [path, data] of order === 'forward' ? files : [...files].reverse()) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), data);
  }
  chmodSync(join(root, 'sbin/tool'), 0o755);
  return root;
}

function program(): Uint8Array {
  return assemble([{ name: 'true.s', text: '_start:\n  mov eax, 1\n  int 0x80\n' }]).elf;
}

describe('mkfs', () => {
  it('makes an image that fsck finds clean, holding every file of the host tree', () => {
    const out = join(scratch, 'a.img');
    const summary = mkfs(out, hostTree('a'), { programs: { true: program() } });
    const backend = new MemoryBlockBackend(new Uint8Array(readFileSync(out)));
    const report = fsck(backend, { label: out });
    expect(report.errors).toEqual([]);
    expect(report.clean).toBe(true);
    expect(report.stats.files).toBe(summary.files);

    const fs = FileSystem.mount(backend, { label: out });
    const expected = imageTree(readHostTree(join(scratch, 'a')), { programs: { true: program() } });
    expect(treeDigest(readTree(fs))).toBe(treeDigest(expected));
    for (const [path, node] of flattenTree(expected)) {
      if (node.kind === 'file') expect(Buffer.compare(fs.readFile(path), node.data), path).toBe(0);
    }
    expect(fs.stat('/sbin/tool').mode).toBe(0o755);
    expect(fs.stat('/etc/motd').mode).toBe(0o644);
    expect(fs.stat('/bin/true').mode).toBe(0o755);
    expect(fs.stat('/tmp').mode).toBe(0o1777);
    expect(fs.stat('/tmp').mode & MODE_STICKY).toBe(MODE_STICKY);
    const consoleNode = fs.stat('/dev/console');
    expect([consoleNode.type, consoleNode.major, consoleNode.minor]).toEqual([InodeType.Device, 1, 0]);
    expect(fs.stat('/dev/null').major).toBe(2);
    expect(fs.stat('/').nlink).toBe(2 + 7);  // bin dev etc sbin tmp www zz
  });

  it('is deterministic: the same tree gives the same bytes, whatever the host order', () => {
    const one = mkfs(join(scratch, 'd1.img'), hostTree('d1', 'forward')).image;
    const two = mkfs(join(scratch, 'd2.img'), hostTree('d2', 'reverse')).image;
    expect(Buffer.compare(one, two)).toBe(0);
    expect(Buffer.compare(readFileSync(join(scratch, 'd1.img')), readFileSync(join(scratch, 'd2.img')))).toBe(0);
  });

  it('writes directory entries in bytewise order and numbers inodes depth first', () => {
    const tree = newDir();
    for (const name of ['b', 'a', 'C', 'é', 'aa']) addNode(tree, `/d/${name}`, fileNode(new Uint8Array(1)));
    const { fs } = mountCopy(buildImage(tree, { sizeMiB: 4 }).image);
    expect(fs.readdir('/d').map((e) => e.name)).toEqual(['C', 'a', 'aa', 'b', 'é']);
    expect(fs.readdir('/', { dots: true }).map((e) => e.name)).toEqual(['.', '..', 'd', 'dev', 'tmp']);
    const inums = fs.readdir('/d').map((e) => e.inum);
    expect(inums).toEqual([...inums].sort((x, y) => x - y));
  });

  it('sizes the image from the tree unless told, and says when it does not fit', () => {
    const tree = newDir();
    addNode(tree, '/big', fileNode(pattern(3 << 20, 1)));
    expect(buildImage(tree).blocks * 4096).toBe(7 << 20);
    expect(userError(() => buildImage(tree, { sizeMiB: 2 }))).toMatch(/the files need \d+ blocks of 4096 bytes; a 2 MiB image holds \d+/);
    expect(userError(() => buildImage(tree, { sizeMiB: 0 }))).toMatch(/image size 0 MiB/);
  });

  it('refuses what it cannot represent, naming it', () => {
    const long = join(scratch, 'long');
    mkdirSync(long, { recursive: true });
    writeFileSync(join(long, 'x'.repeat(NAME_MAX + 1)), '');
    expect(userError(() => mkfs(join(scratch, 'l.img'), long))).toMatch(/name longer than 60 bytes$/);
    const ok = join(scratch, 'exact');
    mkdirSync(ok, { recursive: true });
    writeFileSync(join(ok, 'y'.repeat(NAME_MAX)), 'fits');
    expect(FileSystem.mount(new MemoryBlockBackend(mkfs(join(scratch, 'e.img'), ok).image)).readFile(`/${'y'.repeat(NAME_MAX)}`))
      .toEqual(new TextEncoder().encode('fits'));

    const linked = join(scratch, 'linked');
    mkdirSync(linked, { recursive: true });
    symlinkSync('/nowhere', join(linked, 'link'));
    expect(userError(() => mkfs(join(scratch, 's.img'), linked))).toMatch(/symbolic links are not supported$/);
    expect(userError(() => mkfs(join(scratch, 'm.img'), join(scratch, 'missing')))).toMatch(/no such file or directory$/);
    expect(userError(() => buildImage(newDir(), { programs: { sh: new Uint8Array(10) } }))).toMatch(/^sh: /);
    const clash = newDir();
    addNode(clash, '/dev/console', fileNode(new Uint8Array(1)));
    expect(userError(() => buildImage(clash))).toBe(`'/dev/console' is given twice`);
  });

  it('round trips through extract', () => {
    const { fs } = mountCopy(mkfs(join(scratch, 'r.img'), hostTree('r')).image);
    const out = join(scratch, 'r-out');
    extractTree(fs, '/', out);
    const back = readHostTree(out);
    expect(treeDigest(back.entries.get('www') as never)).toBe(treeDigest(readHostTree(join(scratch, 'r', 'www'))));
    expect(listTree(fs, '/www')).toMatch(/^-rw-r--r-- +1 0:0 +200000 +\/www\/img\/logo\.bin$/m);
  });
});

describe('the default disk image', () => {
  const image = defaultDiskImage({ true: program() });

  it('holds the sample document root with files from 0 B to 1 MiB, and is clean', () => {
    expect(image.length).toBe(16 << 20);
    const { fs, backend } = mountCopy(image);
    expect(fsck(backend).errors).toEqual([]);
    for (const file of SAMPLE_FILES) {
      const data = fs.readFile(`/www${file.path}`);
      expect(data.length, file.path).toBe(file.size);
      expect(Buffer.compare(data, sampleContents(file))).toBe(0);
    }
    const index = new TextDecoder().decode(fs.readFile('/www/index.html'));
    for (const [, href] of index.matchAll(/href="([^"]+)"/g)) expect(fs.exists(`/www${href}`), href).toBe(true);
    expect(new TextDecoder().decode(fs.readFile('/www/files/1k.html'))).toMatch(/^<!DOCTYPE html>[^]*<\/html>\n$/);
    expect(fs.stat('/bin/true').size).toBe(program().length);
  });

  it('is the same on every build', () => {
    expect(Buffer.compare(defaultDiskImage({ true: program() }), image)).toBe(0);
  });
});

describe('the commands', () => {
  async function run(args: string[]): Promise<{ out: string; error?: string }> {
    const cli = new Command().exitOverride();
    registerMkfs(cli);
    registerFsck(cli);
    registerImageCommands(cli);
    let out = '';
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => { out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(); return true; }) as typeof write;
    const log = console.log;
    console.log = ((text: string) => { out += text + '\n'; }) as typeof log;
    try {
      await cli.parseAsync(['node', 'switchless', ...args]);
      return { out };
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      expect(e.message).not.toContain('\n');
      return { out, error: e.message };
    } finally {
      process.stdout.write = write;
      console.log = log;
    }
  }

  it('mkfs, ls, cat, fsck and fsck --repair', async () => {
    const img = join(scratch, 'cli.img');
    const made = await run(['mkfs', img, hostTree('cli'), '--size', '4', '--add', `/etc/extra=${join(scratch, 'cli', 'etc', 'motd')}`]);
    expect(made.out).toMatch(/^.*cli\.img: 4 MiB, 7 files \(\d+ bytes\), 11 directories, \d+ free blocks, \d+ inodes\n$/);
    expect((await run(['cat', img, '/etc/extra'])).out).toBe('welcome\n');
    expect((await run(['ls', img, '/etc'])).out).toContain('/etc/motd');
    expect((await run(['fsck', img])).out).toMatch(/cli\.img: clean; 7 files/);

    const bytes = readFileSync(img);
    const fs = FileSystem.mount(new MemoryBlockBackend(new Uint8Array(bytes)));
    bytes[fs.geometry.bitmapStart * 4096 + 100] ^= 0x04;
    writeFileSync(img, bytes);
    const checked = await run(['fsck', img]);
    expect(checked.out).toMatch(/bitmap: 1 unused block marked in use/);
    expect(checked.error).toMatch(/cli\.img: 1 problem \(--repair fixes them\)$/);
    const repaired = await run(['fsck', img, '--repair']);
    expect(repaired.error).toBeUndefined();
    expect(repaired.out).toMatch(/1 problem, all repaired/);
    expect((await run(['fsck', img])).error).toBeUndefined();
  });

  it('report bad input on one line', async () => {
    expect((await run(['fsck', join(scratch, 'nope.img')])).error).toMatch(/nope\.img': no such file$/);
    const junk = join(scratch, 'junk.img');
    writeFileSync(junk, Buffer.alloc(64 * 1024, 0x5a));
    expect((await run(['fsck', junk])).error).toMatch(/junk\.img: superblock: bad magic 0x5a5a5a5a \(not an SLFS file system\)$/);
    expect((await run(['ls', junk])).error).toMatch(/bad magic/);
    expect((await run(['mkfs', join(scratch, 'x.img'), scratch, '--size', 'lots'])).error).toBe(`--size: expected a number >= 1, got 'lots'`);
    expect((await run(['cat', join(scratch, 'cli.img'), '/etc'])).error).toMatch(/\/etc: is a directory$/);
  });
});
