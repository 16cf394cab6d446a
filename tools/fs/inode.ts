// Inodes: the decoded form, its codec, and loading, storing, allocating and
// freeing inodes through the log (docs/fs.md §4).
//
//   decodeInode(block, offset, inum) -> Inode      encodeInode(ino, block, offset)
//   loadInode(v, inum) -> Inode    validated: a bad field is a one-line UserError
//   storeInode(v, ino)             into the open transaction
//   allocInode(v, type) -> Inode   the first free inode from the hint (ENOSPC if none)
//   freeInode(v, ino)              zeroes all 128 bytes (its blocks must be gone)
//
// An Inode is a plain copy: change it, then store it.

import {
  INODE, INODE_BYTES, InodeType, MAX_FILE_BYTES, MODE_PERMISSIONS, NDIRECT, ROOT_INODE, inodeBlock, inodeOffset,
} from './format.ts';
import { readField, readU64, writeField, writeU64 } from './struct.ts';
import { corrupt, fsError, type Volume } from './volume.ts';

export interface Inode {
  inum: number;
  type: number;
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
  major: number;
  minor: number;
  size: number;
  mtime: bigint;
  ctime: bigint;
  direct: number[];
  indirect: number;
  doubleIndirect: number;
}

const F = INODE.fields;

export function emptyInode(inum: number): Inode {
  return {
    inum, type: InodeType.Free, mode: 0, uid: 0, gid: 0, nlink: 0, major: 0, minor: 0, size: 0,
    mtime: 0n, ctime: 0n, direct: new Array<number>(NDIRECT).fill(0), indirect: 0, doubleIndirect: 0,
  };
}

export function decodeInode(block: Uint8Array, offset: number, inum: number): Inode {
  const direct: number[] = [];
  for (let i = 0; i < NDIRECT; i++) direct.push(readField(block, offset, F.direct, i));
  return {
    inum,
    type: readField(block, offset, F.type),
    mode: readField(block, offset, F.mode),
    uid: readField(block, offset, F.uid),
    gid: readField(block, offset, F.gid),
    nlink: readField(block, offset, F.nlink),
    major: readField(block, offset, F.major),
    minor: readField(block, offset, F.minor),
    size: readField(block, offset, F.size),
    mtime: readU64(block, offset, F.mtime),
    ctime: readU64(block, offset, F.ctime),
    direct,
    indirect: readField(block, offset, F.indirect),
    doubleIndirect: readField(block, offset, F.doubleIndirect),
  };
}

/** Writes every field; reserved bytes become zero. */
export function encodeInode(ino: Inode, block: Uint8Array, offset: number): void {
  block.fill(0, offset, offset + INODE_BYTES);
  if (ino.type === InodeType.Free) return;
  writeField(block, offset, F.type, ino.type);
  writeField(block, offset, F.mode, ino.mode);
  writeField(block, offset, F.uid, ino.uid);
  writeField(block, offset, F.gid, ino.gid);
  writeField(block, offset, F.nlink, ino.nlink);
  writeField(block, offset, F.major, ino.major);
  writeField(block, offset, F.minor, ino.minor);
  writeField(block, offset, F.size, ino.size);
  writeU64(block, offset, F.mtime, ino.mtime);
  writeU64(block, offset, F.ctime, ino.ctime);
  ino.direct.forEach((b, i) => writeField(block, offset, F.direct, b, i));
  writeField(block, offset, F.indirect, ino.indirect);
  writeField(block, offset, F.doubleIndirect, ino.doubleIndirect);
}

export function inodeIsZero(block: Uint8Array, offset: number): boolean {
  for (let i = offset; i < offset + INODE_BYTES; i++) if (block[i] !== 0) return false;
  return true;
}

export function validInodeType(type: number): boolean {
  return type === InodeType.Directory || type === InodeType.File || type === InodeType.Device;
}

/** Inode `inum`, which a directory entry or the caller names: it must be in use. */
export function loadInode(v: Volume, inum: number): Inode {
  const g = v.geometry;
  if (!Number.isInteger(inum) || inum < ROOT_INODE || inum >= g.inodes) {
    corrupt(v, `inode number ${inum} is outside the inode table (1 … ${g.inodes - 1})`);
  }
  const ino = decodeInode(v.log.peek(inodeBlock(g, inum)), inodeOffset(inum), inum);
  if (ino.type === InodeType.Free) corrupt(v, `inode ${inum} is named but free`);
  if (!validInodeType(ino.type)) corrupt(v, `inode ${inum}: unknown type ${ino.type}`);
  if ((ino.mode & ~MODE_PERMISSIONS) !== 0) corrupt(v, `inode ${inum}: mode 0o${ino.mode.toString(8)} has unknown bits`);
  if (ino.size > MAX_FILE_BYTES) corrupt(v, `inode ${inum}: size ${ino.size} exceeds the limit of ${MAX_FILE_BYTES}`);
  return ino;
}

export function storeInode(v: Volume, ino: Inode): void {
  const n = inodeBlock(v.geometry, ino.inum);
  const block = v.log.get(n);
  encodeInode(ino, block, inodeOffset(ino.inum));
  v.log.put(n, block);
}

/** A new inode of the given type, nlink 0, stamped now (the caller sets the rest and stores it). */
export function allocInode(v: Volume, type: number, label: string): Inode {
  const g = v.geometry;
  const span = g.inodes - ROOT_INODE;
  for (let step = 0; step < span; step++) {
    const inum = ROOT_INODE + ((v.hint.inode - ROOT_INODE + step) % span + span) % span;
    const block = v.log.peek(inodeBlock(g, inum));
    if (readField(block, inodeOffset(inum), F.type) === InodeType.Free) {
      v.hint.inode = inum + 1;
      const ino = emptyInode(inum);
      ino.type = type;
      ino.mtime = ino.ctime = v.now();
      return ino;
    }
  }
  return fsError(v, 'ENOSPC', label, 'no free inodes');
}

export function freeInode(v: Volume, ino: Inode): void {
  storeInode(v, emptyInode(ino.inum));
}
