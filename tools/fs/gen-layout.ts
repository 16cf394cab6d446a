// Generates the kernel's copy of the disk format, kernel-as/fs/layout.generated.ts,
// and the structure tables of docs/fs.md, from the one definition in format.ts.
//
//   generateKernelLayout(): string        the AssemblyScript file's text
//   withStructTables(docText): string     docs/fs.md with every table rewritten
//   writeLayout(): string[]               writes both, returns their paths
//   fieldNames(struct, field)             the generated names of one field (tests)
//   npx tsx tools/fs/gen-layout.ts        does the same from the command line
//
// The AssemblyScript file holds each shared constant, and for each structure
// its size, one `<STRUCT>_<FIELD>_OFFSET` constant per field and inline
// accessors over a linear-memory address:
//
//   inodeSize(p)              load<u32>(p + INODE_SIZE_OFFSET)
//   setInodeSize(p, v)        store<u32>(p + INODE_SIZE_OFFSET, v)
//   inodeDirect(p, i)         element i of an array field (INODE_DIRECT_COUNT of them)
//   direntName(p)             a bytes field's address (DIRENT_NAME_BYTES long)
//
// A test fails when either output differs from what this script writes.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SHARED_CONSTANTS, SHARED_STRUCTS } from './format.ts';
import type { Field, Struct } from './struct.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KERNEL_LAYOUT_PATH = join(REPO, 'kernel-as', 'fs', 'layout.generated.ts');
export const FS_DOC_PATH = join(REPO, 'docs', 'fs.md');

const AS_TYPE: Record<Field['kind'], string> = { u8: 'u8', u16: 'u16', u32: 'u32', u64: 'u64', bytes: 'u8' };

/** 'doubleIndirect' -> 'DOUBLE_INDIRECT'. */
function upperSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function capitalized(name: string): string {
  return name[0].toUpperCase() + name.slice(1);
}

function constantText(name: string, value: number): string {
  if (name.startsWith('MODE_')) return `0o${value.toString(8)}`;
  return value >= 0x10000 && value % 0x1000 !== 0 ? `0x${value.toString(16).toUpperCase()}` : String(value);
}

/** The generated names of a field: its offset constant, getter and setter. */
export function fieldNames(s: Struct, f: Field): { constant: string; offset: string; getter: string; setter: string } {
  const constant = `${upperSnake(s.name)}_${upperSnake(f.name)}`;
  const getter = s.name + capitalized(f.name);
  return { constant, offset: `${constant}_OFFSET`, getter, setter: 'set' + capitalized(getter) };
}

function structLines(s: Struct): string[] {
  const prefix = upperSnake(s.name);
  const sizeName = `${prefix}_BYTES`;
  const shared = SHARED_CONSTANTS.find(([name]) => name === sizeName);
  if (shared && shared[1] !== s.bytes) throw new Error(`${sizeName} is ${shared[1]}, the structure is ${s.bytes} bytes`);
  const lines = [`// ${s.name} (${s.bytes} bytes)`];
  if (!shared) lines.push(`export const ${sizeName}: u32 = ${s.bytes};`);
  for (const f of s.list) {
    const { constant, offset, getter, setter } = fieldNames(s, f);
    const type = AS_TYPE[f.kind];
    lines.push(`export const ${offset}: u32 = ${f.at};  // ${f.doc}`);
    if (f.kind === 'bytes') {
      lines.push(`export const ${constant}_BYTES: u32 = ${f.count};`);
      lines.push(`@inline export function ${getter}(p: usize): usize { return p + ${offset}; }`);
    } else if (f.count > 1) {
      const shift = Math.log2(f.size);
      const at = `p + ${offset} + (<usize>i << ${shift})`;
      lines.push(`export const ${constant}_COUNT: u32 = ${f.count};`);
      lines.push(`@inline export function ${getter}(p: usize, i: u32): ${type} { return load<${type}>(${at}); }`);
      lines.push(`@inline export function ${setter}(p: usize, i: u32, v: ${type}): void { store<${type}>(${at}, v); }`);
    } else {
      lines.push(`@inline export function ${getter}(p: usize): ${type} { return load<${type}>(p + ${offset}); }`);
      lines.push(`@inline export function ${setter}(p: usize, v: ${type}): void { store<${type}>(p + ${offset}, v); }`);
    }
  }
  return lines;
}

export function generateKernelLayout(): string {
  const width = Math.max(...SHARED_CONSTANTS.map(([name, value]) => name.length + constantText(name, value).length));
  const constants = SHARED_CONSTANTS.map(([name, value, doc]) => {
    const text = `export const ${name}: u32 = ${constantText(name, value)};`;
    return `${text.padEnd(width + 23)}// ${doc}`;
  });
  return [
    '// generated from tools/fs/format.ts by tools/fs/gen-layout.ts — do not edit',
    '//',
    '// The on-disk format of the file system (docs/fs.md), for the kernel. Each',
    '// structure has its size, a <STRUCT>_<FIELD>_OFFSET constant per field, and',
    '// accessors over the linear-memory address p of a structure (a buffer plus',
    "// the structure's offset in it):",
    '//   inodeSize(p), setInodeSize(p, v)         a field',
    '//   inodeDirect(p, i), setInodeDirect(p, i, v)  element i of an array field',
    "//   direntName(p)                              a bytes field's address",
    '// Every multi-byte field is little-endian, as tx86 is.',
    '',
    ...constants,
    '',
    ...SHARED_STRUCTS.flatMap((s) => [...structLines(s), '']),
  ].join('\n');
}

function kindText(f: Field): string {
  if (f.kind === 'bytes') return `${f.count} bytes`;
  return f.count > 1 ? `${f.kind} × ${f.count}` : f.kind;
}

/** The markdown table of one structure. */
export function structTable(s: Struct): string {
  const rows = s.list.map((f) => `| ${f.at} | ${kindText(f)} | \`${f.name}\` | ${f.doc} |`);
  return ['| offset | type | field | meaning |', '|---:|---|---|---|', ...rows].join('\n');
}

export function withStructTables(docText: string): string {
  let text = docText;
  for (const s of SHARED_STRUCTS) {
    const begin = `<!-- BEGIN GENERATED ${s.name} -->`;
    const end = `<!-- END GENERATED ${s.name} -->`;
    const from = text.indexOf(begin);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs/fs.md: no markers for ${s.name}`);
    text = text.slice(0, from + begin.length) + '\n' + structTable(s) + '\n' + text.slice(to);
  }
  return text;
}

export function writeLayout(): string[] {
  mkdirSync(dirname(KERNEL_LAYOUT_PATH), { recursive: true });
  writeFileSync(KERNEL_LAYOUT_PATH, generateKernelLayout());
  writeFileSync(FS_DOC_PATH, withStructTables(readFileSync(FS_DOC_PATH, 'utf8')));
  return [KERNEL_LAYOUT_PATH, FS_DOC_PATH];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const path of writeLayout()) console.log(path);
}
