// objdump-style listing of an ELF executable's code.
//
//   disassembleElf(elfBytes, fileName) -> string
//   withTargetSymbol(decoded, symbolizer) -> 'jb 0x100031 <fib.fib+0x31>'
//
//   prog.elf:     file format elf32-tx86
//
//
//   Disassembly of section .text:
//
//   00100000 <_start>:
//     100000:	40 01 00 00 00      	mov eax, 0x1
//     100005:	78 f9               	jmp 0x100000 <_start>
//
// Every executable section (SHF_EXECINSTR) is decoded from start to end; a
// file without section headers has its executable segments decoded instead.
// A header line precedes each address where a function or object symbol
// starts (the Symbolizer's preferred name), and the region's start when no
// symbol is there. Branch and call targets get `<name+0xoff>` when a symbol
// holds them. Undecodable bytes show as `(bad)`, one byte per line.

import { PF_X, SHF_EXECINSTR } from '../elf/format.ts';
import { readElf } from '../elf/read.ts';
import { Symbolizer } from '../elf/symbolizer.ts';
import { decodeInstruction } from './decode.ts';

interface CodeRegion { name: string; address: number; bytes: Uint8Array }

/** Bytes-column width: seven bytes, as objdump shows them; longer instructions push the text right. */
const BYTES_COLUMN = 20;

function codeRegions(program: ReturnType<typeof readElf>): CodeRegion[] {
  const executableSections = program.sections.filter((section) => section.flags & SHF_EXECINSTR);
  if (executableSections.length === 0) {
    return program.segments
      .map((segment, i) => ({ segment, i }))
      .filter(({ segment }) => segment.flags & PF_X)
      .map(({ segment, i }) => ({ name: `segment ${i}`, address: segment.vaddr, bytes: segment.fileBytes }));
  }
  return executableSections.map((section) => {
    const segment = program.segments.find((candidate) =>
      section.addr >= candidate.vaddr && section.addr + section.size <= candidate.vaddr + candidate.fileBytes.length);
    const start = segment ? section.addr - segment.vaddr : 0;
    const bytes = segment ? segment.fileBytes.subarray(start, start + section.size) : new Uint8Array();
    return { name: section.name, address: section.addr, bytes };
  });
}

export function disassembleElf(elfBytes: Uint8Array, fileName: string): string {
  const program = readElf(elfBytes, fileName);
  const symbolizer = new Symbolizer(program.symbols);
  const symbolStarts = new Set(program.symbols
    .filter((symbol) => symbol.type === 'func' || symbol.type === 'object')
    .map((symbol) => symbol.value));
  const lines = [`${fileName}:     file format elf32-tx86`, ''];

  for (const region of codeRegions(program)) {
    lines.push('', `Disassembly of section ${region.name}:`);
    for (let offset = 0; offset < region.bytes.length;) {
      const address = region.address + offset;
      if (symbolStarts.has(address) || offset === 0) {
        const name = symbolStarts.has(address) ? symbolizer.format(address) : region.name;
        lines.push('', `${address.toString(16).padStart(8, '0')} <${name}>:`);
      }
      const decoded = decodeInstruction(region.bytes, offset, address);
      const bytes = [...region.bytes.subarray(offset, offset + decoded.length)]
        .map((b) => b.toString(16).padStart(2, '0')).join(' ');
      const text = withTargetSymbol(decoded, symbolizer);
      lines.push(`${address.toString(16).padStart(8)}:\t${bytes.padEnd(BYTES_COLUMN)}\t${text}`);
      offset += decoded.length;
    }
  }
  return lines.join('\n') + '\n';
}

/** An instruction's text, its branch or call target followed by `<symbol+0xoff>` when a symbol holds it. */
export function withTargetSymbol(decoded: { text: string; invalid?: boolean; target?: number }, symbolizer: Symbolizer | undefined): string {
  if (decoded.invalid || decoded.target === undefined || !symbolizer?.lookup(decoded.target)) return decoded.text;
  return `${decoded.text} <${symbolizer.format(decoded.target)}>`;
}
