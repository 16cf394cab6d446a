// The sample document root, /www on the default disk: the hand-written pages
// in www/ (index.html, style.css, robots.txt) plus generated files of fixed
// sizes with deterministic contents, for the HTTP measurements.
//
//   sampleDocumentRoot() -> TreeDir          the tree to mount at /www
//   SAMPLE_FILES                              the generated files: path below
//                                             /www, size, kind
//   sampleContents(file) -> Uint8Array        one generated file's bytes
//
// Text and HTML are words from a fixed list chosen by a xorshift generator
// seeded from the file's name, cut to the exact size; binary files are the
// generator's bytes. Nothing depends on the host or the date.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addNode, fileNode, readHostTree, type TreeDir } from './tree.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WWW_SOURCES = join(REPO, 'www');

export interface SampleFile {
  path: string;
  size: number;
  kind: 'text' | 'html' | 'binary';
}

const KIB = 1024;

export const SAMPLE_FILES: readonly SampleFile[] = [
  { path: '/files/empty.txt', size: 0, kind: 'text' },
  { path: '/files/100.txt', size: 100, kind: 'text' },
  { path: '/files/1k.html', size: KIB, kind: 'html' },
  { path: '/files/4k.html', size: 4 * KIB, kind: 'html' },
  { path: '/files/16k.html', size: 16 * KIB, kind: 'html' },
  { path: '/files/64k.html', size: 64 * KIB, kind: 'html' },
  { path: '/files/256k.bin', size: 256 * KIB, kind: 'binary' },
  { path: '/files/1m.bin', size: 1024 * KIB, kind: 'binary' },
];

const WORDS = (
  'cycle mode switch context kernel user request reply cache lookup dentry inode block sector disk ' +
  'buffer page frame packet socket thread interrupt timer clock trap return copy zero atomic server ' +
  'client header length byte path name file directory open read write close send receive queue'
).split(' ');

/** xorshift32 from a seed derived from the name. */
function generator(name: string): () => number {
  let state = 0x9e3779b9;
  for (const c of name) state = Math.imul(state ^ c.charCodeAt(0), 0x01000193) >>> 0;
  if (state === 0) state = 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

function words(next: () => number, length: number): string {
  let text = '';
  let column = 0;
  while (text.length < length) {
    const word = WORDS[next() % WORDS.length];
    const sep = column + word.length > 72 ? '\n' : ' ';
    column = sep === '\n' ? 0 : column + 1;
    text += (text ? sep : '') + word;
    column += word.length;
  }
  return text.slice(0, length);
}

export function sampleContents(file: SampleFile): Uint8Array {
  const next = generator(file.path);
  if (file.kind === 'binary') {
    const bytes = new Uint8Array(file.size);
    for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
    return bytes;
  }
  if (file.size === 0) return new Uint8Array(0);
  if (file.kind === 'text') return new TextEncoder().encode(words(next, file.size - 1) + '\n');
  const title = file.path.slice(file.path.lastIndexOf('/') + 1);
  const head = `<!DOCTYPE html>\n<html>\n<head><title>${title}</title><link rel="stylesheet" href="/style.css"></head>\n<body>\n<p>`;
  const tail = '</p>\n</body>\n</html>\n';
  const room = file.size - head.length - tail.length;
  if (room < 0) throw new Error(`sample file ${file.path}: ${file.size} bytes is too small for a page`);
  return new TextEncoder().encode(head + words(next, room) + tail);
}

export function sampleDocumentRoot(): TreeDir {
  const root = readHostTree(WWW_SOURCES);
  for (const file of SAMPLE_FILES) addNode(root, file.path, fileNode(sampleContents(file)));
  return root;
}
