// The one definition of the disk format (tools/fs/format.ts) and its copies:
// the kernel's generated layout file and docs/fs.md's tables must be current,
// and the kernel's accessors, compiled by asc, must read and write exactly the
// bytes the host tools do. Regenerate with `npx tsx tools/fs/gen-layout.ts`.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import asc from 'assemblyscript/asc';
import { describe, expect, it } from 'vitest';
import {
  BLOCK_SIZE, DIRENT, INODE, LOG_HEADER, LOG_MAX, SECTOR_BYTES, SHARED_CONSTANTS, SHARED_STRUCTS, SUPERBLOCK,
  inodeBlock, inodeOffset,
} from '../../tools/fs/format.ts';
import {
  FS_DOC_PATH, KERNEL_LAYOUT_PATH, fieldNames, generateKernelLayout, withStructTables,
} from '../../tools/fs/gen-layout.ts';
import { readField, readU64, writeField, writeU64, type Field } from '../../tools/fs/struct.ts';
import { mountCopy, pattern, smallImage } from './fs-harness.ts';
import { addNode, fileNode, newDir } from '../../tools/fs/tree.ts';

describe('generated copies of the format', () => {
  it('kernel-as/fs/layout.generated.ts is current', () => {
    const text = readFileSync(KERNEL_LAYOUT_PATH, 'utf8');
    expect(text === generateKernelLayout(), 'run npx tsx tools/fs/gen-layout.ts').toBe(true);
    expect(text.startsWith('// generated from tools/fs/format.ts')).toBe(true);
    expect(text).toContain('do not edit');
  });

  it('docs/fs.md holds the current structure tables', () => {
    const text = readFileSync(FS_DOC_PATH, 'utf8');
    expect(withStructTables(text) === text, 'run npx tsx tools/fs/gen-layout.ts').toBe(true);
  });

  it('structures have the documented sizes and fit where they live', () => {
    expect([SUPERBLOCK.bytes, INODE.bytes, DIRENT.bytes, LOG_HEADER.bytes]).toEqual([64, 128, 64, SECTOR_BYTES]);
    expect(BLOCK_SIZE % INODE.bytes).toBe(0);
    expect(BLOCK_SIZE % DIRENT.bytes).toBe(0);
    expect(LOG_HEADER.fields.blocks.count).toBe(LOG_MAX);
    expect(INODE.fields.mtime.at % 8).toBe(0);
  });
});

// ---- the kernel's accessors, compiled and run ----

const REPO = join(import.meta.dirname, '..', '..');
const PROBE = join(REPO, 'kernel-as', 'fs', 'probe.ts');

/** An AssemblyScript module exporting every generated accessor and constant under a uniform name. */
function probeSource(): string {
  const names = SHARED_STRUCTS.flatMap((s) => s.list.filter((f) => f.kind !== 'bytes').map((f) => ({ s, f, n: fieldNames(s, f) })));
  const imports = [
    ...SHARED_CONSTANTS.map(([name]) => name),
    ...names.flatMap(({ n }) => [n.getter, n.setter]),
    ...SHARED_STRUCTS.flatMap((s) => s.list.filter((f) => f.kind === 'bytes').map((f) => fieldNames(s, f).getter)),
  ];
  const lines = [`import { ${imports.join(', ')} } from './layout.generated';`];
  for (const [name] of SHARED_CONSTANTS) lines.push(`export function const_${name}(): u32 { return ${name}; }`);
  for (const { s, f, n } of names) {
    const id = `${s.name}_${f.name}`;
    const type = f.kind;
    const index = f.count > 1 ? ', i' : '';
    lines.push(`export function get_${id}(p: usize, i: u32): u64 { return <u64>${n.getter}(p${index}); }`);
    lines.push(`export function set_${id}(p: usize, i: u32, v: u64): void { ${n.setter}(p${index}, <${type}>v); }`);
  }
  for (const s of SHARED_STRUCTS) {
    for (const f of s.list.filter((x) => x.kind === 'bytes')) {
      lines.push(`export function addr_${s.name}_${f.name}(p: usize): usize { return ${fieldNames(s, f).getter}(p); }`);
    }
  }
  return lines.join('\n') + '\n';
}

type Exports = Record<string, (...args: (number | bigint)[]) => number | bigint> & { memory: { buffer: ArrayBuffer; grow(n: number): number } };

async function compileProbe(): Promise<Exports> {
  const outputs = new Map<string, Uint8Array | string>();
  let log = '';
  const sink = { write(chunk: string | Uint8Array): boolean { log += String(chunk); return true; } };
  const source = probeSource();
  const { error } = await asc.main([PROBE, '--outFile', 'probe.wasm', '--runtime', 'stub', '--exportRuntime', '-O1'], {
    stdout: sink,
    stderr: sink,
    readFile: async (name: string, baseDir: string) => {
      const path = resolve(baseDir, name);
      if (path === PROBE) return source;
      try { return readFileSync(path, 'utf8'); } catch { return null; }
    },
    writeFile: async (name: string, contents: Uint8Array | string) => { outputs.set(name, contents); },
    listFiles: async () => [],
  });
  if (error) throw new Error(`asc: ${error.message}\n${log}`);
  const wasm = (globalThis as unknown as { WebAssembly: { instantiate(b: Uint8Array, i: object): Promise<{ instance: { exports: Exports } }> } }).WebAssembly;
  const { instance } = await wasm.instantiate(outputs.get('probe.wasm') as Uint8Array, { env: { abort() { throw new Error('abort'); } } });
  return instance.exports;
}

describe('the kernel accessors (asc-compiled) agree with the host', async () => {
  const probe = await compileProbe();
  const base = probe.memory.grow(1) * 65536;
  const memory = () => new Uint8Array(probe.memory.buffer);

  it('every constant has the host value', () => {
    for (const [name, value] of SHARED_CONSTANTS) expect(Number(probe[`const_${name}`]()) >>> 0, name).toBe(value);
  });

  const hostGet = (bytes: Uint8Array, at: number, f: Field, i: number): bigint =>
    f.kind === 'u64' ? readU64(bytes, at, f) : BigInt(readField(bytes, at, f, i));

  it('every getter reads the bytes the host reads, every setter writes what the host writes', () => {
    const noise = pattern(4096, 7);
    for (const s of SHARED_STRUCTS) {
      for (const f of s.list) {
        if (f.kind === 'bytes') {
          expect(Number(probe[`addr_${s.name}_${f.name}`](base)) - base).toBe(f.at);
          continue;
        }
        for (let i = 0; i < f.count; i++) {
          memory().set(noise.subarray(0, s.bytes), base);
          expect(BigInt.asUintN(64, BigInt(probe[`get_${s.name}_${f.name}`](base, i))), `${s.name}.${f.name}[${i}]`)
            .toBe(hostGet(memory(), base, f, i));
          const value = f.kind === 'u64' ? 0x0123456789abcdefn : BigInt(0x89abcdef % 2 ** (8 * f.size));
          probe[`set_${s.name}_${f.name}`](base, i, value);
          const expected = noise.slice(0, s.bytes);
          if (f.kind === 'u64') writeU64(expected, 0, f, value);
          else writeField(expected, 0, f, Number(value), i);
          expect([...memory().subarray(base, base + s.bytes)], `${s.name}.${f.name}[${i}] set`).toEqual([...expected]);
        }
      }
    }
  });

  it('reads an inode of an mkfs image as the host library does', () => {
    const tree = newDir();
    addNode(tree, '/big', fileNode(pattern(300_000, 1)));
    const { fs } = mountCopy(smallImage(tree));
    const ino = fs.stat('/big');
    memory().set(fs.log.peek(inodeBlock(fs.geometry, ino.inum)), base);
    const p = base + inodeOffset(ino.inum);
    expect(Number(probe.get_inode_size(p, 0))).toBe(300_000);
    expect(Number(probe.get_inode_type(p, 0))).toBe(ino.type);
    expect(Number(probe.get_inode_indirect(p, 0))).toBe(ino.indirect);
    for (let i = 0; i < 12; i++) expect(Number(probe.get_inode_direct(p, i))).toBe(ino.direct[i]);
  });
});
