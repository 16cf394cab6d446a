// The host's file system library: a mounted SLFS disk with path operations,
// each one a logged transaction (docs/fs.md §6-§7) — the same write path the
// kernel must follow.
//
//   const fs = FileSystem.mount(backend, { label: 'fs.img' });   recovers the log
//   fs.readFile('/www/index.html')   fs.read(path, offset, n)   fs.readdir('/www')
//   fs.stat('/dev/null') -> Inode    fs.exists(path)            fs.usage() -> free blocks, inodes
//   fs.mkdir('/a'); fs.create('/a/f'); fs.write('/a/f', 0, bytes); fs.truncate('/a/f', 10)
//   fs.writeFile(path, bytes); fs.mknod('/dev/x', major, minor); fs.chmod(path, 0o644)
//   fs.link('/a/f', '/a/g'); fs.rename('/a/g', '/h'); fs.unlink('/h'); fs.rmdir('/a')
//   FileSystem.format(backend, { blocks, inodes, logCapacity })   a new, empty file system
//
// Paths are absolute; "." and ".." are followed as the directory entries they
// are. A failing operation throws FsError (a UserError with an errno name in
// `code`, e.g. ENOENT) and changes nothing; a damaged image throws a one-line
// UserError naming the problem. A `write` is split into transactions of
// MAX_WRITE_BLOCKS blocks; every other operation is one transaction.

import type { BlockBackend } from '../../emu/devices/disk.ts';
import { blockInUse } from './bitmap.ts';
import { UserError } from '../../emu/user-error.ts';
import { BlockDevice } from './block-device.ts';
import { readData, shrink, writeData } from './block-map.ts';
import {
  DOTDOT_NAME, addEntry, encodeName, initDirectory, isDotOrDotDot, lookup, nameProblem, nameText, readEntries,
  sameName, setEntry,
} from './directory.ts';
import {
  BLOCK_SIZE, FS_MAGIC, FS_VERSION, INODE, InodeType, MAX_FILE_BYTES, MAX_WRITE_BLOCKS, MODE_PERMISSIONS, ROOT_INODE,
  SUPERBLOCK_BLOCK, bitmapBlock, bitmapByte, bitmapMask, defaultInodes, defaultLogCapacity, geometryProblem,
  inodeBlock, inodeOffset, planGeometry, type Geometry,
} from './format.ts';
import { allocInode, freeInode, loadInode, storeInode, type Inode } from './inode.ts';
import { Log, type LogOptions } from './log.ts';
import { readField } from './struct.ts';
import { encodeSuperblock, readGeometry } from './superblock.ts';
import { corrupt, fsError, type Volume } from './volume.ts';

export interface MountOptions {
  /** Names the image in messages (default 'disk image'). */
  label?: string;
  /** Default: unless the backend is read-only. A read-only mount replays the log in memory. */
  writable?: boolean;
  /** Log transactions (default). mkfs builds without the log. */
  journaled?: boolean;
  /** mtime/ctime of changes (default: always 0). */
  clock?: () => bigint;
  /** Called right after each commit point, and after each commit (tests). */
  onCommitPoint?: () => void;
  onCommitted?: () => void;
}

export interface FormatOptions extends MountOptions {
  /** File system size in blocks (default: the whole disk). */
  blocks?: number;
  inodes?: number;
  logCapacity?: number;
}

export interface NodeOptions {
  mode?: number;
  uid?: number;
  gid?: number;
}

export interface DirListing {
  name: string;
  nameBytes: Uint8Array;
  inum: number;
  type: number;
}

export interface Usage {
  blocks: number;
  dataBlocks: number;
  freeBlocks: number;
  inodes: number;
  freeInodes: number;
}

function logOptions(options: MountOptions): LogOptions {
  return { journaled: options.journaled ?? true, onCommitPoint: options.onCommitPoint, onCommitted: options.onCommitted };
}

export class FileSystem {
  readonly label: string;
  readonly writable: boolean;
  private readonly v: Volume;

  private constructor(readonly dev: BlockDevice, readonly geometry: Geometry, readonly log: Log, options: MountOptions) {
    this.label = dev.label;
    this.writable = options.writable ?? !dev.readOnly;
    const clock = options.clock ?? (() => 0n);
    this.v = { log, geometry, label: dev.label, now: clock, hint: { block: geometry.dataStart, inode: ROOT_INODE } };
  }

  static mount(backend: BlockBackend, options: MountOptions = {}): FileSystem {
    const dev = new BlockDevice(backend, options.label ?? 'disk image');
    const geometry = readGeometry(dev);
    const log = new Log(dev, geometry, logOptions(options));
    const fs = new FileSystem(dev, geometry, log, options);
    if (fs.writable && dev.readOnly) throw new UserError(`${dev.label}: the disk is read-only`);
    fs.recovered = log.recover(fs.writable);
    const root = loadInode(fs.v, ROOT_INODE);
    if (root.type !== InodeType.Directory) corrupt(fs.v, 'the root inode is not a directory');
    return fs;
  }

  /** Blocks a committed transaction held at mount (replayed). */
  recovered = 0;

  /** Writes an empty file system (the root directory alone) over the disk and mounts it. */
  static format(backend: BlockBackend, options: FormatOptions = {}): FileSystem {
    const dev = new BlockDevice(backend, options.label ?? 'disk image');
    const blocks = options.blocks ?? dev.blocks;
    const g = planGeometry(blocks, options.inodes ?? defaultInodes(blocks), options.logCapacity ?? defaultLogCapacity(blocks));
    const problem = geometryProblem({ ...g, magic: FS_MAGIC, version: FS_VERSION, blockSize: BLOCK_SIZE }, dev.blocks);
    if (problem) dev.fail(`cannot make a file system: ${problem}`);
    const zero = new Uint8Array(BLOCK_SIZE);
    for (let n = 0; n < g.dataStart; n++) dev.write(n, zero);
    for (let n = g.bitmapStart; n < g.dataStart; n++) {
      const bitmap = new Uint8Array(BLOCK_SIZE);
      for (let b = (n - g.bitmapStart) * BLOCK_SIZE * 8; b < g.dataStart; b++) {
        if (bitmapBlock(g, b) === n) bitmap[bitmapByte(b)] |= bitmapMask(b);
      }
      dev.write(n, bitmap);
    }
    dev.write(SUPERBLOCK_BLOCK, encodeSuperblock(g));
    dev.flush();
    const log = new Log(dev, g, logOptions(options));
    const fs = new FileSystem(dev, g, log, { ...options, writable: true });
    fs.transaction(() => {
      const root = allocInode(fs.v, InodeType.Directory, '/');
      if (root.inum !== ROOT_INODE) throw new Error('format: the root is not inode 1');
      root.mode = 0o755;
      root.nlink = 2;
      initDirectory(fs.v, root, ROOT_INODE, '/');
    });
    return fs;
  }

  // ---- reading ----

  /** The inode a path names. */
  stat(path: string): Inode {
    return this.resolve(path);
  }

  inode(inum: number): Inode {
    return loadInode(this.v, inum);
  }

  exists(path: string): boolean {
    try {
      this.resolve(path);
      return true;
    } catch (e) {
      if (e instanceof UserError && 'code' in e && (e.code === 'ENOENT' || e.code === 'ENOTDIR')) return false;
      throw e;
    }
  }

  /** The entries of a directory, in slot order; "." and ".." only with dots. */
  readdir(path: string, options: { dots?: boolean } = {}): DirListing[] {
    return this.readdirInode(this.resolveDirectory(path), options);
  }

  readdirInode(dir: Inode, options: { dots?: boolean } = {}): DirListing[] {
    const entries = readEntries(this.v, dir).filter((e) => options.dots || e.slot >= 2);
    return entries.map((e) => ({ name: nameText(e.name), nameBytes: e.name, inum: e.inum, type: loadInode(this.v, e.inum).type }));
  }

  readFile(path: string): Uint8Array {
    const ino = this.resolve(path);
    if (ino.type === InodeType.Directory) fsError(this, 'EISDIR', path);
    return readData(this.v, ino, 0, ino.size);
  }

  readInode(ino: Inode, offset = 0, length = ino.size): Uint8Array {
    return readData(this.v, ino, offset, length);
  }

  read(path: string, offset: number, length: number): Uint8Array {
    const ino = this.resolve(path);
    if (ino.type === InodeType.Directory) fsError(this, 'EISDIR', path);
    return readData(this.v, ino, offset, length);
  }

  /** Free blocks and inodes, counted from the bitmap and the inode table. */
  usage(): Usage {
    const g = this.geometry;
    let freeBlocks = 0;
    for (let n = g.dataStart; n < g.blocks; n++) if (!blockInUse(this.log.peek(bitmapBlock(g, n)), n)) freeBlocks++;
    let freeInodes = 0;
    for (let inum = ROOT_INODE; inum < g.inodes; inum++) {
      if (readField(this.log.peek(inodeBlock(g, inum)), inodeOffset(inum), INODE.fields.type) === InodeType.Free) freeInodes++;
    }
    return { blocks: g.blocks, dataBlocks: g.blocks - g.dataStart, freeBlocks, inodes: g.inodes - 1, freeInodes };
  }

  // ---- changing ----

  create(path: string, options: NodeOptions = {}): number {
    return this.makeNode(path, InodeType.File, options, () => {});
  }

  mkdir(path: string, options: NodeOptions = {}): number {
    return this.makeNode(path, InodeType.Directory, { mode: 0o755, ...options }, (ino, parent) => {
      if (parent.nlink >= 0xffff) fsError(this, 'EMLINK', path);
      ino.nlink = 2;
      initDirectory(this.v, ino, parent.inum, path);
      parent.nlink++;
    });
  }

  mknod(path: string, major: number, minor: number, options: NodeOptions = {}): number {
    if (major < 1 || major > 0xffff || minor < 0 || minor > 0xffff) fsError(this, 'EINVAL', path, 'bad device number');
    return this.makeNode(path, InodeType.Device, { mode: 0o666, ...options }, (ino) => {
      ino.major = major;
      ino.minor = minor;
    });
  }

  /** Writes data at offset; a gap between the end of the file and offset is filled with zeros. */
  write(path: string, offset: number, data: Uint8Array): void {
    this.mustWrite();
    const start = this.resolve(path);
    if (start.type === InodeType.Directory) fsError(this, 'EISDIR', path);
    if (start.type === InodeType.Device) fsError(this, 'EINVAL', path, 'the host tools do not write devices');
    if (!Number.isSafeInteger(offset) || offset < 0) fsError(this, 'EINVAL', path, `bad offset ${offset}`);
    if (data.length === 0) return;
    if (offset + data.length > MAX_FILE_BYTES) fsError(this, 'EFBIG', path);
    const from = Math.min(offset, start.size);
    const bytes = offset > from ? concat(new Uint8Array(offset - from), data) : data;
    this.writeChunks(start.inum, from, bytes, path);
  }

  /** Creates the file if need be, then replaces its contents. */
  writeFile(path: string, data: Uint8Array, options: NodeOptions = {}): void {
    if (!this.exists(path)) this.create(path, options);
    else this.truncate(path, 0);
    this.write(path, 0, data);
  }

  truncate(path: string, size: number): void {
    this.mustWrite();
    const ino = this.resolve(path);
    if (ino.type !== InodeType.File) fsError(this, ino.type === InodeType.Directory ? 'EISDIR' : 'EINVAL', path);
    if (!Number.isSafeInteger(size) || size < 0) fsError(this, 'EINVAL', path, `bad size ${size}`);
    if (size > MAX_FILE_BYTES) fsError(this, 'EFBIG', path);
    if (size < ino.size) this.transaction(() => shrink(this.v, loadInode(this.v, ino.inum), size));
    else if (size > ino.size) this.writeChunks(ino.inum, ino.size, new Uint8Array(size - ino.size), path);
  }

  link(existing: string, path: string): void {
    this.mustWrite();
    const target = this.resolve(existing);
    if (target.type === InodeType.Directory) fsError(this, 'EISDIR', existing, 'directories cannot be hard-linked');
    if (target.nlink >= 0xffff) fsError(this, 'EMLINK', existing);
    const { parent, name } = this.resolveParent(path);
    if (lookup(this.v, parent, name)) fsError(this, 'EEXIST', path);
    this.transaction(() => {
      addEntry(this.v, parent, name, target.inum, path);
      const ino = loadInode(this.v, target.inum);
      ino.nlink++;
      ino.ctime = this.v.now();
      storeInode(this.v, ino);
    });
  }

  unlink(path: string): void {
    this.mustWrite();
    const { parent, name, slot, inum } = this.resolveEntry(path);
    if (loadInode(this.v, inum).type === InodeType.Directory) fsError(this, 'EISDIR', path);
    this.transaction(() => {
      setEntry(this.v, parent, slot, 0, name, path);
      this.dropLink(inum);
    });
  }

  rmdir(path: string): void {
    this.mustWrite();
    const { parent, name, slot, inum } = this.resolveEntry(path);
    const dir = loadInode(this.v, inum);
    if (dir.type !== InodeType.Directory) fsError(this, 'ENOTDIR', path);
    if (readEntries(this.v, dir).length > 2) fsError(this, 'ENOTEMPTY', path);
    this.transaction(() => {
      parent.nlink--;
      setEntry(this.v, parent, slot, 0, name, path);
      this.freeNode(loadInode(this.v, inum));
    });
  }

  /** Moves an entry, replacing what `to` names (a file by a file, an empty directory by a directory). */
  rename(from: string, to: string): void {
    this.mustWrite();
    const src = this.resolveEntry(from);
    const dst = this.resolveParent(to);
    const moved = loadInode(this.v, src.inum);
    const isDir = moved.type === InodeType.Directory;
    const replaced = readEntries(this.v, dst.parent).find((e) => sameName(e.name, dst.name));
    if (replaced?.inum === src.inum) return;
    if (isDir && this.isWithin(dst.parent.inum, src.inum)) fsError(this, 'EINVAL', to, 'a directory cannot move into itself');
    if (replaced) {
      const old = loadInode(this.v, replaced.inum);
      const oldIsDir = old.type === InodeType.Directory;
      if (isDir && !oldIsDir) fsError(this, 'ENOTDIR', to);
      if (!isDir && oldIsDir) fsError(this, 'EISDIR', to);
      if (oldIsDir && readEntries(this.v, old).length > 2) fsError(this, 'ENOTEMPTY', to);
    }
    this.transaction(() => {
      const v = this.v;
      const sameParent = src.parent.inum === dst.parent.inum;
      const to_ = dst.parent;
      const from_ = sameParent ? to_ : src.parent;
      if (replaced) {
        setEntry(v, to_, replaced.slot, src.inum, dst.name, to);
        const old = loadInode(v, replaced.inum);
        if (old.type === InodeType.Directory) {
          to_.nlink--;
          storeInode(v, to_);
          this.freeNode(old);
        } else {
          this.dropLink(old.inum);
        }
      } else {
        addEntry(v, to_, dst.name, src.inum, to);
      }
      if (isDir && !sameParent) {
        from_.nlink--;
        to_.nlink++;
        storeInode(v, to_);
        const dir = loadInode(v, src.inum);
        setEntry(v, dir, 1, to_.inum, DOTDOT_NAME, to);
      }
      setEntry(v, from_, src.slot, 0, src.name, from);
      const ino = loadInode(v, src.inum);
      ino.ctime = v.now();
      storeInode(v, ino);
    });
  }

  chmod(path: string, mode: number): void {
    this.mustWrite();
    if ((mode & ~MODE_PERMISSIONS) !== 0) fsError(this, 'EINVAL', path, `bad mode 0o${mode.toString(8)}`);
    const { inum } = this.resolve(path);
    this.transaction(() => {
      const ino = loadInode(this.v, inum);
      ino.mode = mode;
      ino.ctime = this.v.now();
      storeInode(this.v, ino);
    });
  }

  // ---- internals ----

  private mustWrite(): void {
    if (!this.writable) fsError(this, 'EROFS', this.label, 'mounted read-only');
  }

  /** fn as one transaction: committed if it returns, abandoned if it throws. */
  private transaction<T>(fn: () => T): T {
    this.mustWrite();
    this.log.begin();
    try {
      const result = fn();
      this.log.commit();
      return result;
    } catch (e) {
      this.log.abort();
      throw e;
    }
  }

  private writeChunks(inum: number, from: number, bytes: Uint8Array, path: string): void {
    const end = from + bytes.length;
    for (let pos = from; pos < end; ) {
      const limit = (Math.floor(pos / BLOCK_SIZE) + MAX_WRITE_BLOCKS) * BLOCK_SIZE;
      const stop = Math.min(end, limit);
      const at = pos;
      this.transaction(() => writeData(this.v, loadInode(this.v, inum), at, bytes.subarray(at - from, stop - from), path));
      pos = stop;
    }
  }

  private makeNode(path: string, type: number, options: NodeOptions, init: (ino: Inode, parent: Inode) => void): number {
    this.mustWrite();
    const mode = options.mode ?? 0o644;
    if ((mode & ~MODE_PERMISSIONS) !== 0) fsError(this, 'EINVAL', path, `bad mode 0o${mode.toString(8)}`);
    const { parent, name } = this.resolveParent(path);
    if (lookup(this.v, parent, name)) fsError(this, 'EEXIST', path);
    return this.transaction(() => {
      const ino = allocInode(this.v, type, path);
      ino.mode = mode;
      ino.uid = options.uid ?? 0;
      ino.gid = options.gid ?? 0;
      ino.nlink = 1;
      init(ino, parent);
      storeInode(this.v, ino);
      addEntry(this.v, parent, name, ino.inum, path);
      return ino.inum;
    });
  }

  /** One name fewer; frees the inode with its last name (the host has no open files). */
  private dropLink(inum: number): void {
    const ino = loadInode(this.v, inum);
    ino.nlink--;
    if (ino.nlink <= 0) {
      this.freeNode(ino);
    } else {
      ino.ctime = this.v.now();
      storeInode(this.v, ino);
    }
  }

  private freeNode(ino: Inode): void {
    if (ino.size > 0) shrink(this.v, ino, 0);
    freeInode(this.v, ino);
  }

  /** True when directory `inum` is `ancestor` or below it. */
  private isWithin(inum: number, ancestor: number): boolean {
    const seen = new Set<number>();
    for (let at = inum; !seen.has(at); ) {
      if (at === ancestor) return true;
      if (at === ROOT_INODE) return false;
      seen.add(at);
      at = readEntries(this.v, loadInode(this.v, at))[1].inum;
    }
    return corrupt(this, `directory inode ${inum}: its .. entries form a cycle`);
  }

  private components(path: string): Uint8Array[] {
    if (!path.startsWith('/')) fsError(this, 'EINVAL', path, 'paths must be absolute');
    return path.split('/').filter((c) => c.length > 0).map((c) => {
      const name = encodeName(c);
      const problem = nameProblem(name);
      if (problem) fsError(this, problem, path);
      return name;
    });
  }

  private walk(names: Uint8Array[], path: string): Inode {
    let ino = loadInode(this.v, ROOT_INODE);
    for (const name of names) {
      if (ino.type !== InodeType.Directory) fsError(this, 'ENOTDIR', path);
      const inum = lookup(this.v, ino, name);
      if (!inum) fsError(this, 'ENOENT', path);
      ino = loadInode(this.v, inum);
    }
    return ino;
  }

  private resolve(path: string): Inode {
    return this.walk(this.components(path), path);
  }

  private resolveDirectory(path: string): Inode {
    const ino = this.resolve(path);
    if (ino.type !== InodeType.Directory) fsError(this, 'ENOTDIR', path);
    return ino;
  }

  /** The directory that would hold `path`, and the last name (not "." or ".."). */
  private resolveParent(path: string): { parent: Inode; name: Uint8Array } {
    const names = this.components(path);
    const name = names.pop();
    if (!name) fsError(this, 'EEXIST', path);
    if (isDotOrDotDot(name)) fsError(this, 'EINVAL', path, 'the last component is . or ..');
    const parent = this.walk(names, path);
    if (parent.type !== InodeType.Directory) fsError(this, 'ENOTDIR', path);
    return { parent, name };
  }

  /** The existing entry `path` names, with its slot in the parent. */
  private resolveEntry(path: string): { parent: Inode; name: Uint8Array; slot: number; inum: number } {
    const { parent, name } = this.resolveParent(path);
    const entry = readEntries(this.v, parent).find((e) => sameName(e.name, name));
    if (!entry) fsError(this, 'ENOENT', path);
    return { parent, name, slot: entry.slot, inum: entry.inum };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
