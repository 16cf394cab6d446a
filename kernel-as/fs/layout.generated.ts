// generated from tools/fs/format.ts by tools/fs/gen-layout.ts — do not edit
//
// The on-disk format of the file system (docs/fs.md), for the kernel. Each
// structure has its size, a <STRUCT>_<FIELD>_OFFSET constant per field, and
// accessors over the linear-memory address p of a structure (a buffer plus
// the structure's offset in it):
//   inodeSize(p), setInodeSize(p, v)         a field
//   inodeDirect(p, i), setInodeDirect(p, i, v)  element i of an array field
//   direntName(p)                              a bytes field's address
// Every multi-byte field is little-endian, as tx86 is.

export const SECTOR_BYTES: u32 = 512;          // bytes per disk sector
export const BLOCK_SIZE: u32 = 4096;           // bytes per file system block
export const SECTORS_PER_BLOCK: u32 = 8;       // block b is sectors b × SECTORS_PER_BLOCK …
export const FS_MAGIC: u32 = 0x53464C53;       // superblock magic, the bytes "SLFS"
export const FS_VERSION: u32 = 1;              // superblock version
export const SUPERBLOCK_BLOCK: u32 = 1;        // the superblock is at offset 0 of this block
export const LOG_START: u32 = 2;               // first block of the log (its header)
export const ROOT_INODE: u32 = 1;              // inode of the root directory; inode 0 is never used
export const INODE_BYTES: u32 = 128;           // bytes per inode
export const INODES_PER_BLOCK: u32 = 32;       // inodes per inode-table block
export const NDIRECT: u32 = 12;                // direct block pointers in an inode
export const POINTERS_PER_BLOCK: u32 = 1024;   // u32 block pointers in an indirect block
export const MAX_FILE_BLOCKS: u32 = 0x10040C;  // blocks the map can address
export const MAX_FILE_BYTES: u32 = 0x7FFFFFFF; // largest file size (EFBIG beyond)
export const DIRENT_BYTES: u32 = 64;           // bytes per directory entry
export const DIRENTS_PER_BLOCK: u32 = 64;      // directory entries per block
export const NAME_MAX: u32 = 60;               // longest name component (ENAMETOOLONG beyond)
export const BITS_PER_BLOCK: u32 = 32768;      // blocks described by one bitmap block
export const MAX_BITMAP_BLOCKS: u32 = 4;       // bitmap blocks at most
export const MAX_FS_BLOCKS: u32 = 131072;      // largest file system, in blocks
export const LOG_MAX: u32 = 126;               // largest log capacity (block numbers in the header)
export const MAX_OP_BLOCKS: u32 = 32;          // blocks one operation may change; smallest log capacity
export const MAX_WRITE_BLOCKS: u32 = 24;       // data blocks per transaction of a write
export const INODE_TYPE_FREE: u32 = 0;         // inode type: free (the inode is all zero)
export const INODE_TYPE_FILE: u32 = 1;         // inode type: regular file
export const INODE_TYPE_DIRECTORY: u32 = 2;    // inode type: directory
export const INODE_TYPE_DEVICE: u32 = 3;       // inode type: device (major, minor)
export const MODE_SETUID: u32 = 0o4000;        // mode bit: set user ID on exec
export const MODE_SETGID: u32 = 0o2000;        // mode bit: set group ID on exec
export const MODE_STICKY: u32 = 0o1000;        // mode bit: restricted deletion in a directory
export const MODE_PERMISSIONS: u32 = 0o7777;   // all bits mode may hold
export const DEVICE_CONSOLE_MAJOR: u32 = 1;    // major number of /dev/console
export const DEVICE_NULL_MAJOR: u32 = 2;       // major number of /dev/null
export const DEVICE_DISK_MAJOR: u32 = 3;       // major number of /dev/disk (the fixed disk, read-only, by block)

// superblock (64 bytes)
export const SUPERBLOCK_BYTES: u32 = 64;
export const SUPERBLOCK_MAGIC_OFFSET: u32 = 0;  // FS_MAGIC
@inline export function superblockMagic(p: usize): u32 { return load<u32>(p + SUPERBLOCK_MAGIC_OFFSET); }
@inline export function setSuperblockMagic(p: usize, v: u32): void { store<u32>(p + SUPERBLOCK_MAGIC_OFFSET, v); }
export const SUPERBLOCK_VERSION_OFFSET: u32 = 4;  // FS_VERSION
@inline export function superblockVersion(p: usize): u32 { return load<u32>(p + SUPERBLOCK_VERSION_OFFSET); }
@inline export function setSuperblockVersion(p: usize, v: u32): void { store<u32>(p + SUPERBLOCK_VERSION_OFFSET, v); }
export const SUPERBLOCK_BLOCK_SIZE_OFFSET: u32 = 8;  // BLOCK_SIZE
@inline export function superblockBlockSize(p: usize): u32 { return load<u32>(p + SUPERBLOCK_BLOCK_SIZE_OFFSET); }
@inline export function setSuperblockBlockSize(p: usize, v: u32): void { store<u32>(p + SUPERBLOCK_BLOCK_SIZE_OFFSET, v); }
export const SUPERBLOCK_BLOCKS_OFFSET: u32 = 12;  // size of the file system in blocks
@inline export function superblockBlocks(p: usize): u32 { return load<u32>(p + SUPERBLOCK_BLOCKS_OFFSET); }
@inline export function setSuperblockBlocks(p: usize, v: u32): void { store<u32>(p + SUPERBLOCK_BLOCKS_OFFSET, v); }
export const SUPERBLOCK_INODES_OFFSET: u32 = 16;  // inodes in the table, inode 0 included (a multiple of INODES_PER_BLOCK)
@inline export function superblockInodes(p: usize): u32 { return load<u32>(p + SUPERBLOCK_INODES_OFFSET); }
@inline export function setSuperblockInodes(p: usize, v: u32): void { store<u32>(p + SUPERBLOCK_INODES_OFFSET, v); }
export const SUPERBLOCK_LOG_START_OFFSET: u32 = 20;  // first log block (the header): LOG_START
@inline export function superblockLogStart(p: usize): u32 { return load<u32>(p + SUPERBLOCK_LOG_START_OFFSET); }
@inline export function setSuperblockLogStart(p: usize, v: u32): void { store<u32>(p + SUPERBLOCK_LOG_START_OFFSET, v); }
export const SUPERBLOCK_LOG_BLOCKS_OFFSET: u32 = 24;  // log blocks, the header included (capacity + 1)
@inline export function superblockLogBlocks(p: usize): u32 { return load<u32>(p + SUPERBLOCK_LOG_BLOCKS_OFFSET); }
@inline export function setSuperblockLogBlocks(p: usize, v: u32): void { store<u32>(p + SUPERBLOCK_LOG_BLOCKS_OFFSET, v); }
export const SUPERBLOCK_INODE_START_OFFSET: u32 = 28;  // first inode-table block
@inline export function superblockInodeStart(p: usize): u32 { return load<u32>(p + SUPERBLOCK_INODE_START_OFFSET); }
@inline export function setSuperblockInodeStart(p: usize, v: u32): void { store<u32>(p + SUPERBLOCK_INODE_START_OFFSET, v); }
export const SUPERBLOCK_BITMAP_START_OFFSET: u32 = 32;  // first bitmap block
@inline export function superblockBitmapStart(p: usize): u32 { return load<u32>(p + SUPERBLOCK_BITMAP_START_OFFSET); }
@inline export function setSuperblockBitmapStart(p: usize, v: u32): void { store<u32>(p + SUPERBLOCK_BITMAP_START_OFFSET, v); }
export const SUPERBLOCK_DATA_START_OFFSET: u32 = 36;  // first data block
@inline export function superblockDataStart(p: usize): u32 { return load<u32>(p + SUPERBLOCK_DATA_START_OFFSET); }
@inline export function setSuperblockDataStart(p: usize, v: u32): void { store<u32>(p + SUPERBLOCK_DATA_START_OFFSET, v); }
export const SUPERBLOCK_SPARE_OFFSET: u32 = 40;  // reserved, zero
export const SUPERBLOCK_SPARE_BYTES: u32 = 24;
@inline export function superblockSpare(p: usize): usize { return p + SUPERBLOCK_SPARE_OFFSET; }

// inode (128 bytes)
export const INODE_TYPE_OFFSET: u32 = 0;  // INODE_TYPE_*; 0 = free
@inline export function inodeType(p: usize): u16 { return load<u16>(p + INODE_TYPE_OFFSET); }
@inline export function setInodeType(p: usize, v: u16): void { store<u16>(p + INODE_TYPE_OFFSET, v); }
export const INODE_MODE_OFFSET: u32 = 2;  // permission bits (MODE_PERMISSIONS)
@inline export function inodeMode(p: usize): u16 { return load<u16>(p + INODE_MODE_OFFSET); }
@inline export function setInodeMode(p: usize, v: u16): void { store<u16>(p + INODE_MODE_OFFSET, v); }
export const INODE_UID_OFFSET: u32 = 4;  // owner
@inline export function inodeUid(p: usize): u16 { return load<u16>(p + INODE_UID_OFFSET); }
@inline export function setInodeUid(p: usize, v: u16): void { store<u16>(p + INODE_UID_OFFSET, v); }
export const INODE_GID_OFFSET: u32 = 6;  // group
@inline export function inodeGid(p: usize): u16 { return load<u16>(p + INODE_GID_OFFSET); }
@inline export function setInodeGid(p: usize, v: u16): void { store<u16>(p + INODE_GID_OFFSET, v); }
export const INODE_NLINK_OFFSET: u32 = 8;  // directory entries naming the inode, . and .. included
@inline export function inodeNlink(p: usize): u16 { return load<u16>(p + INODE_NLINK_OFFSET); }
@inline export function setInodeNlink(p: usize, v: u16): void { store<u16>(p + INODE_NLINK_OFFSET, v); }
export const INODE_MAJOR_OFFSET: u32 = 10;  // device inodes: driver; else 0
@inline export function inodeMajor(p: usize): u16 { return load<u16>(p + INODE_MAJOR_OFFSET); }
@inline export function setInodeMajor(p: usize, v: u16): void { store<u16>(p + INODE_MAJOR_OFFSET, v); }
export const INODE_MINOR_OFFSET: u32 = 12;  // device inodes: unit; else 0
@inline export function inodeMinor(p: usize): u16 { return load<u16>(p + INODE_MINOR_OFFSET); }
@inline export function setInodeMinor(p: usize, v: u16): void { store<u16>(p + INODE_MINOR_OFFSET, v); }
export const INODE_FLAGS_OFFSET: u32 = 14;  // reserved, zero
@inline export function inodeFlags(p: usize): u16 { return load<u16>(p + INODE_FLAGS_OFFSET); }
@inline export function setInodeFlags(p: usize, v: u16): void { store<u16>(p + INODE_FLAGS_OFFSET, v); }
export const INODE_SIZE_OFFSET: u32 = 16;  // bytes in the file
@inline export function inodeSize(p: usize): u32 { return load<u32>(p + INODE_SIZE_OFFSET); }
@inline export function setInodeSize(p: usize, v: u32): void { store<u32>(p + INODE_SIZE_OFFSET, v); }
export const INODE_SPARE1_OFFSET: u32 = 20;  // reserved, zero
@inline export function inodeSpare1(p: usize): u32 { return load<u32>(p + INODE_SPARE1_OFFSET); }
@inline export function setInodeSpare1(p: usize, v: u32): void { store<u32>(p + INODE_SPARE1_OFFSET, v); }
export const INODE_MTIME_OFFSET: u32 = 24;  // cycle count when the contents last changed
@inline export function inodeMtime(p: usize): u64 { return load<u64>(p + INODE_MTIME_OFFSET); }
@inline export function setInodeMtime(p: usize, v: u64): void { store<u64>(p + INODE_MTIME_OFFSET, v); }
export const INODE_CTIME_OFFSET: u32 = 32;  // cycle count when the inode last changed
@inline export function inodeCtime(p: usize): u64 { return load<u64>(p + INODE_CTIME_OFFSET); }
@inline export function setInodeCtime(p: usize, v: u64): void { store<u64>(p + INODE_CTIME_OFFSET, v); }
export const INODE_DIRECT_OFFSET: u32 = 40;  // blocks 0 … NDIRECT−1 of the file
export const INODE_DIRECT_COUNT: u32 = 12;
@inline export function inodeDirect(p: usize, i: u32): u32 { return load<u32>(p + INODE_DIRECT_OFFSET + (<usize>i << 2)); }
@inline export function setInodeDirect(p: usize, i: u32, v: u32): void { store<u32>(p + INODE_DIRECT_OFFSET + (<usize>i << 2), v); }
export const INODE_INDIRECT_OFFSET: u32 = 88;  // block of pointers to blocks NDIRECT …
@inline export function inodeIndirect(p: usize): u32 { return load<u32>(p + INODE_INDIRECT_OFFSET); }
@inline export function setInodeIndirect(p: usize, v: u32): void { store<u32>(p + INODE_INDIRECT_OFFSET, v); }
export const INODE_DOUBLE_INDIRECT_OFFSET: u32 = 92;  // block of pointers to indirect blocks
@inline export function inodeDoubleIndirect(p: usize): u32 { return load<u32>(p + INODE_DOUBLE_INDIRECT_OFFSET); }
@inline export function setInodeDoubleIndirect(p: usize, v: u32): void { store<u32>(p + INODE_DOUBLE_INDIRECT_OFFSET, v); }
export const INODE_SPARE2_OFFSET: u32 = 96;  // reserved, zero
export const INODE_SPARE2_BYTES: u32 = 32;
@inline export function inodeSpare2(p: usize): usize { return p + INODE_SPARE2_OFFSET; }

// dirent (64 bytes)
export const DIRENT_INUM_OFFSET: u32 = 0;  // inode number; 0 = free slot (all zero)
@inline export function direntInum(p: usize): u32 { return load<u32>(p + DIRENT_INUM_OFFSET); }
@inline export function setDirentInum(p: usize, v: u32): void { store<u32>(p + DIRENT_INUM_OFFSET, v); }
export const DIRENT_NAME_OFFSET: u32 = 4;  // name, NUL-padded (no NUL when NAME_MAX bytes long)
export const DIRENT_NAME_BYTES: u32 = 60;
@inline export function direntName(p: usize): usize { return p + DIRENT_NAME_OFFSET; }

// logHeader (512 bytes)
export const LOG_HEADER_BYTES: u32 = 512;
export const LOG_HEADER_COUNT_OFFSET: u32 = 0;  // blocks in the committed transaction; 0 = log empty
@inline export function logHeaderCount(p: usize): u32 { return load<u32>(p + LOG_HEADER_COUNT_OFFSET); }
@inline export function setLogHeaderCount(p: usize, v: u32): void { store<u32>(p + LOG_HEADER_COUNT_OFFSET, v); }
export const LOG_HEADER_BLOCKS_OFFSET: u32 = 4;  // home block of log block i (block LOG_START + 1 + i)
export const LOG_HEADER_BLOCKS_COUNT: u32 = 126;
@inline export function logHeaderBlocks(p: usize, i: u32): u32 { return load<u32>(p + LOG_HEADER_BLOCKS_OFFSET + (<usize>i << 2)); }
@inline export function setLogHeaderBlocks(p: usize, i: u32, v: u32): void { store<u32>(p + LOG_HEADER_BLOCKS_OFFSET + (<usize>i << 2), v); }
export const LOG_HEADER_SPARE_OFFSET: u32 = 508;  // reserved, zero
export const LOG_HEADER_SPARE_BYTES: u32 = 4;
@inline export function logHeaderSpare(p: usize): usize { return p + LOG_HEADER_SPARE_OFFSET; }
