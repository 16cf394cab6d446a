// The initial ramdisk's host side (docs/kernel.md §9): packs files into the
// archive kernel-as/initrd.ts reads. The constants come from kernel-as/param.ts.
//
//   packInitrd([{ name: 'init', data }, ...]) -> Uint8Array
//   readInitrd(bytes) -> [{ name, data }]      (tests)

import { param } from './params.ts';

export interface InitrdFile { name: string; data: Uint8Array }

const MAGIC = param('INITRD_MAGIC');
const HEADER = param('INITRD_HEADER');
const ENTRY = param('INITRD_ENTRY');
const NAME = param('INITRD_NAME');
const ALIGN = param('INITRD_ALIGN');

const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

export function packInitrd(files: InitrdFile[]): Uint8Array {
  let offset = align(HEADER + files.length * ENTRY);
  const offsets = files.map((f) => {
    if (f.name.length === 0 || new TextEncoder().encode(f.name).length >= NAME || f.name.includes('/')) {
      throw new Error(`initrd: bad file name '${f.name}'`);
    }
    const at = offset;
    offset = align(offset + f.data.length);
    return at;
  });
  const bytes = new Uint8Array(offset);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, files.length, true);
  view.setUint32(8, offset, true);
  files.forEach((f, i) => {
    const entry = HEADER + i * ENTRY;
    bytes.set(new TextEncoder().encode(f.name), entry);
    view.setUint32(entry + NAME, offsets[i], true);
    view.setUint32(entry + NAME + 4, f.data.length, true);
    bytes.set(f.data, offsets[i]);
  });
  return bytes;
}

export function readInitrd(bytes: Uint8Array): InitrdFile[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('initrd: bad magic');
  const files: InitrdFile[] = [];
  for (let i = 0; i < view.getUint32(4, true); i++) {
    const entry = HEADER + i * ENTRY;
    const raw = bytes.subarray(entry, entry + NAME);
    const name = new TextDecoder().decode(raw.subarray(0, raw.indexOf(0) < 0 ? NAME : raw.indexOf(0)));
    const at = view.getUint32(entry + NAME, true);
    files.push({ name, data: bytes.slice(at, at + view.getUint32(entry + NAME + 4, true)) });
  }
  return files;
}
