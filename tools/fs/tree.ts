// A file tree in memory: what mkfs writes to an image and what extract reads
// back from one, so round trips compare two trees.
//
//   const root = newDir();
//   addNode(root, '/bin/sh', fileNode(bytes, 0o755))     creates /bin on the way
//   readHostTree('/some/dir') -> TreeDir                 a host directory
//   sortedEntries(dir) -> [name, node][]                 bytewise name order
//   treeDigest(root) -> string                           a hash of names, kinds, modes and contents
//
// Host trees keep only the execute bit of files (0o755 or 0o644; directories
// 0o755), so the same checkout gives the same tree whatever the umask. A host
// name longer than NAME_MAX bytes, a symbolic link or a special file is a
// UserError naming it.

import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../emu/user-error.ts';
import { encodeName, nameProblem } from './directory.ts';
import { NAME_MAX } from './format.ts';

export interface TreeFile { kind: 'file'; mode: number; data: Uint8Array }
export interface TreeDevice { kind: 'device'; mode: number; major: number; minor: number }
export interface TreeDir { kind: 'dir'; mode: number; entries: Map<string, TreeNode> }
export type TreeNode = TreeFile | TreeDevice | TreeDir;

export function newDir(mode = 0o755): TreeDir {
  return { kind: 'dir', mode, entries: new Map() };
}

export function fileNode(data: Uint8Array, mode = 0o644): TreeFile {
  return { kind: 'file', mode, data };
}

export function deviceNode(major: number, minor: number, mode = 0o666): TreeDevice {
  return { kind: 'device', mode, major, minor };
}

function checkName(name: string, where: string): void {
  const problem = nameProblem(encodeName(name));
  if (problem === 'ENAMETOOLONG') throw new UserError(`${where}: name longer than ${NAME_MAX} bytes`);
  if (problem || name === '.' || name === '..') throw new UserError(`${where}: invalid name '${name}'`);
}

/** Puts node at an absolute path, creating directories on the way; an existing directory there is merged. */
export function addNode(root: TreeDir, path: string, node: TreeNode): void {
  const names = path.split('/').filter((c) => c.length > 0);
  if (names.length === 0) throw new UserError(`'${path}': cannot replace the root`);
  let dir = root;
  names.forEach((name, i) => {
    checkName(name, path);
    const existing = dir.entries.get(name);
    if (i === names.length - 1) {
      if (existing?.kind === 'dir' && node.kind === 'dir') return mergeDirs(existing, node, path);
      if (existing) throw new UserError(`'${path}' is given twice`);
      dir.entries.set(name, node);
      return;
    }
    if (existing && existing.kind !== 'dir') throw new UserError(`'${path}': '${name}' is not a directory`);
    if (!existing) dir.entries.set(name, newDir());
    dir = dir.entries.get(name) as TreeDir;
  });
}

function mergeDirs(into: TreeDir, from: TreeDir, path: string): void {
  for (const [name, node] of from.entries) addNode(into, `${path}/${name}`, node);
}

/** Entries in bytewise order of their UTF-8 names (the order mkfs writes them). */
export function sortedEntries(dir: TreeDir): [string, TreeNode][] {
  return [...dir.entries].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

export function readHostTree(hostDir: string): TreeDir {
  const stat = statOrFail(hostDir);
  if (!stat.isDirectory()) throw new UserError(`'${hostDir}' is not a directory`);
  const root = newDir();
  readInto(root, hostDir);
  return root;
}

function statOrFail(path: string) {
  try {
    return lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`'${path}': ${code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code})`}`);
  }
}

function readInto(dir: TreeDir, hostDir: string): void {
  for (const name of readdirSync(hostDir).sort()) {
    const path = join(hostDir, name);
    checkName(name, path);
    const stat = statOrFail(path);
    if (stat.isSymbolicLink()) throw new UserError(`'${path}': symbolic links are not supported`);
    if (stat.isDirectory()) {
      const sub = newDir();
      readInto(sub, path);
      dir.entries.set(name, sub);
    } else if (stat.isFile()) {
      dir.entries.set(name, fileNode(new Uint8Array(readFileSync(path)), (stat.mode & 0o100) !== 0 ? 0o755 : 0o644));
    } else {
      throw new UserError(`'${path}': not a regular file or directory`);
    }
  }
}

/** Every path below root, depth first in mkfs order: [path, node]. */
export function flattenTree(root: TreeDir, prefix = ''): [string, TreeNode][] {
  const out: [string, TreeNode][] = [];
  for (const [name, node] of sortedEntries(root)) {
    const path = `${prefix}/${name}`;
    out.push([path, node]);
    if (node.kind === 'dir') out.push(...flattenTree(node, path));
  }
  return out;
}

export function treeDigest(root: TreeDir): string {
  const hash = createHash('sha256');
  hash.update(`dir ${root.mode.toString(8)}\n`);
  for (const [path, node] of flattenTree(root)) {
    hash.update(`${path} ${node.kind} ${node.mode.toString(8)}`);
    if (node.kind === 'file') hash.update(` ${node.data.length} `).update(node.data);
    if (node.kind === 'device') hash.update(` ${node.major}:${node.minor}`);
    hash.update('\n');
  }
  return hash.digest('hex');
}
