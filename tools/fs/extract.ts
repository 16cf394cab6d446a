// Reading a whole image back: for round trips (files written in the guest,
// read on the host) and for looking inside an image.
//
//   readTree(fs, '/www') -> TreeDir         every file, directory and device below
//   extractTree(fs, '/', hostDir)            writes the tree to a host directory
//   listTree(fs, '/') -> string              one line per node, like `ls -lR`:
//       drwxr-xr-x   2 0:0        4096  /www        (devices show major,minor)
//
// A directory reached twice (a damaged image with a cycle) is a UserError, so
// the walk always ends.

import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../emu/user-error.ts';
import { InodeType } from './format.ts';
import type { FileSystem } from './filesystem.ts';
import type { Inode } from './inode.ts';
import { deviceNode, fileNode, flattenTree, newDir, type TreeDir, type TreeNode } from './tree.ts';

export function readTree(fs: FileSystem, path = '/'): TreeDir {
  const top = fs.stat(path);
  if (top.type !== InodeType.Directory) throw new UserError(`${fs.label}: ${path}: not a directory`);
  return readDir(fs, top, new Set());
}

function readDir(fs: FileSystem, dir: Inode, seen: Set<number>): TreeDir {
  if (seen.has(dir.inum)) throw new UserError(`${fs.label}: directory inode ${dir.inum} is reached twice (a cycle)`);
  seen.add(dir.inum);
  const out = newDir(dir.mode);
  for (const entry of fs.readdirInode(dir)) out.entries.set(entry.name, readNode(fs, fs.inode(entry.inum), seen));
  return out;
}

function readNode(fs: FileSystem, ino: Inode, seen: Set<number>): TreeNode {
  if (ino.type === InodeType.Directory) return readDir(fs, ino, seen);
  if (ino.type === InodeType.Device) return deviceNode(ino.major, ino.minor, ino.mode);
  return fileNode(fs.readInode(ino), ino.mode);
}

/** Writes files and directories below `path` into hostDir (devices are skipped). */
export function extractTree(fs: FileSystem, path: string, hostDir: string): number {
  const tree = readTree(fs, path);
  mkdirSync(hostDir, { recursive: true });
  let files = 0;
  for (const [sub, node] of flattenTree(tree)) {
    const target = join(hostDir, ...sub.split('/'));
    if (node.kind === 'dir') mkdirSync(target, { recursive: true });
    if (node.kind === 'file') {
      writeFileSync(target, node.data);
      chmodSync(target, node.mode & 0o777);
      files++;
    }
  }
  return files;
}

const TYPE_LETTER: Record<number, string> = { [InodeType.Directory]: 'd', [InodeType.File]: '-', [InodeType.Device]: 'c' };

export function modeText(type: number, mode: number): string {
  const bits = 'rwxrwxrwx'.split('').map((c, i) => (mode & (0o400 >> i) ? c : '-'));
  if (mode & 0o4000) bits[2] = bits[2] === 'x' ? 's' : 'S';
  if (mode & 0o2000) bits[5] = bits[5] === 'x' ? 's' : 'S';
  if (mode & 0o1000) bits[8] = bits[8] === 'x' ? 't' : 'T';
  return (TYPE_LETTER[type] ?? '?') + bits.join('');
}

function line(ino: Inode, path: string): string {
  const size = ino.type === InodeType.Device ? `${ino.major},${ino.minor}` : String(ino.size);
  return `${modeText(ino.type, ino.mode)} ${String(ino.nlink).padStart(3)} ${`${ino.uid}:${ino.gid}`.padEnd(7)} ${size.padStart(9)}  ${path}`;
}

export function listTree(fs: FileSystem, path = '/'): string {
  const top = fs.stat(path);
  const lines = [line(top, path)];
  const seen = new Set<number>();
  const walk = (dir: Inode, prefix: string) => {
    if (seen.has(dir.inum)) throw new UserError(`${fs.label}: directory inode ${dir.inum} is reached twice (a cycle)`);
    seen.add(dir.inum);
    for (const entry of fs.readdirInode(dir)) {
      const ino = fs.inode(entry.inum);
      const sub = `${prefix}/${entry.name}`;
      lines.push(line(ino, sub));
      if (ino.type === InodeType.Directory) walk(ino, sub);
    }
  };
  if (top.type === InodeType.Directory) walk(top, path === '/' ? '' : path.replace(/\/+$/, ''));
  return lines.join('\n') + '\n';
}
