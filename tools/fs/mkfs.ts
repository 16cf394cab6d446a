// Making a file system image (docs/fs.md §9).
//
//   buildImage(tree, options) -> Uint8Array     the image of a tree in memory
//   mkfs(outImage, hostDir, options) -> MkfsSummary   a host directory plus
//       options.extraFiles ({ '/etc/motd': bytes }) and options.programs
//       ({ sh: elfBytes } -> /bin/sh, mode 0o755, each checked to be a tx86
//       ELF executable), written to outImage
//   imageTree(tree, options) -> TreeDir          what buildImage will write: the
//       tree with /dev/console, /dev/null, /dev/disk, /tmp (0o1777), extra files and programs
//
// Deterministic: the same tree gives the same bytes. Entries are written in
// bytewise name order, depth first, so inode numbers and block addresses
// follow that order; every owner is 0:0 and every time 0. The default size is
// the smallest whole number of MiB (at least 4) whose data region is twice
// what the tree needs.

import { renameSync, writeFileSync } from 'node:fs';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { UserError } from '../../emu/user-error.ts';
import { readElf } from '../elf/read.ts';
import {
  BLOCK_SIZE, DEVICE_CONSOLE_MAJOR, DEVICE_DISK_MAJOR, DEVICE_NULL_MAJOR, DIRENT_BYTES, MAX_FS_BLOCKS, NDIRECT, POINTERS_PER_BLOCK,
  SECTOR_BYTES, defaultInodes, defaultLogCapacity, fileBlocks, planGeometry, roundUp, INODES_PER_BLOCK,
} from './format.ts';
import { FileSystem } from './filesystem.ts';
import { addNode, deviceNode, fileNode, flattenTree, newDir, readHostTree, type TreeDir } from './tree.ts';

const MIB = 1024 * 1024;
const BLOCKS_PER_MIB = MIB / BLOCK_SIZE;

export interface MkfsOptions {
  /** Image size; default: see above. */
  sizeMiB?: number;
  /** Inodes; default one per 4 blocks, and at least twice the tree's nodes. */
  inodes?: number;
  /** Extra files by absolute image path. */
  extraFiles?: Record<string, Uint8Array | { data: Uint8Array; mode: number }>;
  /** User programs: name -> ELF bytes, installed as /bin/name. */
  programs?: Record<string, Uint8Array>;
  /** Names the image in messages. */
  label?: string;
}

export interface MkfsSummary {
  image: Uint8Array;
  blocks: number;
  inodes: number;
  files: number;
  directories: number;
  dataBytes: number;
  freeBlocks: number;
}

/** Blocks a file of `size` bytes occupies, indirect blocks included. */
export function blocksForFile(size: number): number {
  const k = fileBlocks(size);
  let total = k;
  if (k > NDIRECT) total += 1;
  if (k > NDIRECT + POINTERS_PER_BLOCK) total += 1 + Math.ceil((k - NDIRECT - POINTERS_PER_BLOCK) / POINTERS_PER_BLOCK);
  return total;
}

export function imageTree(tree: TreeDir, options: MkfsOptions = {}): TreeDir {
  const root = newDir(tree.mode);
  for (const [name, node] of tree.entries) addNode(root, `/${name}`, node);
  addNode(root, '/dev/console', deviceNode(DEVICE_CONSOLE_MAJOR, 0, 0o666));
  addNode(root, '/dev/null', deviceNode(DEVICE_NULL_MAJOR, 0, 0o666));
  addNode(root, '/dev/disk', deviceNode(DEVICE_DISK_MAJOR, 0, 0o600));
  if (!root.entries.has('tmp')) addNode(root, '/tmp', newDir(0o1777));
  for (const [path, file] of Object.entries(options.extraFiles ?? {})) {
    if (!path.startsWith('/')) throw new UserError(`extra file '${path}': the path must be absolute`);
    addNode(root, path, file instanceof Uint8Array ? fileNode(file) : fileNode(file.data, file.mode));
  }
  for (const [name, elf] of Object.entries(options.programs ?? {})) {
    readElf(elf, name);  // a UserError naming the program if it is not a tx86 executable
    addNode(root, `/bin/${name}`, fileNode(elf, 0o755));
  }
  return root;
}

/** Blocks and inodes the tree takes (the root directory included). */
function treeNeeds(tree: TreeDir): { blocks: number; nodes: number } {
  let blocks = blocksForFile(2 * DIRENT_BYTES + tree.entries.size * DIRENT_BYTES);
  let nodes = 1;
  for (const [, node] of flattenTree(tree)) {
    nodes++;
    if (node.kind === 'file') blocks += blocksForFile(node.data.length);
    if (node.kind === 'dir') blocks += blocksForFile((2 + node.entries.size) * DIRENT_BYTES);
  }
  return { blocks, nodes };
}

function planSize(tree: TreeDir, options: MkfsOptions): { blocks: number; inodes: number } {
  const needs = treeNeeds(tree);
  const inodesFor = (blocks: number) =>
    options.inodes ?? Math.max(defaultInodes(blocks), roundUp(2 * needs.nodes + 1, INODES_PER_BLOCK));
  const dataBlocks = (blocks: number) => {
    const g = planGeometry(blocks, inodesFor(blocks), defaultLogCapacity(blocks));
    return blocks - g.dataStart;
  };
  let mib = options.sizeMiB;
  if (mib === undefined) {
    mib = 4;
    while (dataBlocks(mib * BLOCKS_PER_MIB) < 2 * needs.blocks && mib * BLOCKS_PER_MIB < MAX_FS_BLOCKS) mib++;
  }
  if (!Number.isInteger(mib) || mib < 1 || mib * BLOCKS_PER_MIB > MAX_FS_BLOCKS) {
    throw new UserError(`image size ${mib} MiB is not a whole number from 1 to ${MAX_FS_BLOCKS / BLOCKS_PER_MIB}`);
  }
  const blocks = mib * BLOCKS_PER_MIB;
  const inodes = inodesFor(blocks);
  if (inodes < needs.nodes + 1) throw new UserError(`${needs.nodes} files and directories need more than ${inodes} inodes`);
  if (dataBlocks(blocks) < needs.blocks) {
    throw new UserError(`the files need ${needs.blocks} blocks of ${BLOCK_SIZE} bytes; a ${mib} MiB image holds ${Math.max(0, dataBlocks(blocks))}`);
  }
  return { blocks, inodes };
}

export function buildImage(tree: TreeDir, options: MkfsOptions = {}): MkfsSummary {
  const full = imageTree(tree, options);
  const { blocks, inodes } = planSize(full, options);
  const backend = new MemoryBlockBackend(new Uint8Array(blocks * BLOCK_SIZE), { label: options.label });
  const fs = FileSystem.format(backend, { blocks, inodes, journaled: false, label: options.label ?? 'image' });
  fs.chmod('/', full.mode);
  let files = 0;
  let directories = 1;
  let dataBytes = 0;
  for (const [path, node] of flattenTree(full)) {
    if (node.kind === 'dir') {
      fs.mkdir(path, { mode: node.mode });
      directories++;
    } else if (node.kind === 'device') {
      fs.mknod(path, node.major, node.minor, { mode: node.mode });
    } else {
      fs.create(path, { mode: node.mode });
      fs.write(path, 0, node.data);
      files++;
      dataBytes += node.data.length;
    }
  }
  const usage = fs.usage();
  return { image: backend.data, blocks, inodes, files, directories, dataBytes, freeBlocks: usage.freeBlocks };
}

export function mkfs(outImage: string, hostDir: string, options: MkfsOptions = {}): MkfsSummary {
  const summary = buildImage(readHostTree(hostDir), { label: outImage, ...options });
  writeImageFile(outImage, summary.image);
  return summary;
}

/** Writes through a temporary file and a rename, so a failed build leaves no half image. */
export function writeImageFile(path: string, image: Uint8Array): void {
  if (image.length % SECTOR_BYTES !== 0) throw new Error('writeImageFile: not whole sectors');
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, image);
    renameSync(temporary, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`cannot write '${path}' (${code})`);
  }
}
