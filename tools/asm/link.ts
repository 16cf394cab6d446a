// Linker: a laid-out program -> the ELF image of docs/isa.md §13.
//
//   linkImage(layout, symbols, options, diagnostics) -> { image, entry, symbols }
//
// Segments: text (R+X) holds .text and .rodata with the zero padding between
// them; data (R+W) holds .data, then .bss in memory only. Either is left out
// when its sections are empty. p_paddr = p_vaddr - physOffset (mod 2^32).
//
// Symbols: every label but the .L ones. Type: `.type` if given, else func in
// .text and object elsewhere. Size: `.size` if given, else the distance to
// the next symbol above it in the same section, or to the section's end. A
// label in an empty section is written as absolute (it has no section).
//
// Entry: the named symbol (options.entry, an error when undefined), else
// _start, else the start of the text base.

import { PF_R, PF_W, PF_X, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, type ElfSegment, type ElfSymbol } from '../elf/format.ts';
import type { ElfImage, ElfImageSection } from '../elf/write.ts';
import type { Diagnostics } from './diagnostics.ts';
import type { Layout, SectionImage } from './layout.ts';
import type { SectionName } from './statements.ts';
import type { SymbolTable } from './symbols.ts';

export interface LinkOptions {
  textBase: number;
  physOffset: number;
  entry?: string;
}

const SECTION_FLAGS: Record<SectionName, number> = {
  '.text': SHF_ALLOC | SHF_EXECINSTR,
  '.rodata': SHF_ALLOC,
  '.data': SHF_ALLOC | SHF_WRITE,
  '.bss': SHF_ALLOC | SHF_WRITE,
};

/** One PT_LOAD covering the given sections (those that are not empty), or undefined if all are. */
function segmentOf(sections: SectionImage[], flags: number, physOffset: number): ElfSegment | undefined {
  const present = sections.filter((section) => section.size > 0);
  if (present.length === 0) return undefined;
  const start = present[0].base;
  const last = present[present.length - 1];
  const withContents = present.filter((section) => section.name !== '.bss');
  const fileEnd = withContents.length ? withContents[withContents.length - 1].base + withContents[withContents.length - 1].size : start;
  const fileBytes = new Uint8Array(fileEnd - start);
  for (const section of withContents) fileBytes.set(section.bytes, section.base - start);
  return { vaddr: start, paddr: (start - physOffset) >>> 0, memsz: last.base + last.size - start, flags, fileBytes };
}

function symbolsOf(layout: Layout, symbolTable: SymbolTable): ElfSymbol[] {
  const sectionsByName = new Map(layout.sections.map((section) => [section.name, section]));
  const written = symbolTable.labels().filter((definition) => symbolTable.isWrittenToSymbolTable(definition));
  const placed = written.map((definition) => {
    const section = sectionsByName.get(layout.sectionOf(definition.key)!)!;
    return { definition, section, value: Number(layout.valueOf(definition.key) ?? 0n) };
  });
  // Per section: each distinct symbol address -> the next one above it (or the section's end).
  const nextAddress = new Map<SectionImage, Map<number, number>>();
  for (const section of layout.sections) {
    const addresses = [...new Set(placed.filter((p) => p.section === section).map((p) => p.value))].sort((a, b) => a - b);
    nextAddress.set(section, new Map(addresses.map((address, i) => [address, addresses[i + 1] ?? section.base + section.size])));
  }
  return placed.map(({ definition, section, value }) => {
    const declared = layout.declaredSizes.get(definition.key);
    const measured = section.size > 0 ? nextAddress.get(section)!.get(value)! - value : 0;
    return {
      name: definition.name,
      value,
      size: declared !== undefined ? Number(declared) : measured,
      type: symbolTable.typeOf(definition.key) ?? (section.name === '.text' ? 'func' : 'object'),
      binding: symbolTable.bindingOf(definition.key),
      section: section.size > 0 ? section.name : '',
    };
  });
}

export function linkImage(layout: Layout, symbolTable: SymbolTable, options: LinkOptions, diagnostics: Diagnostics):
  { image: ElfImage; entry: number; symbols: ElfSymbol[] } {
  const [text, rodata, data, bss] = layout.sections;
  const segments = [
    segmentOf([text, rodata], PF_R | PF_X, options.physOffset),
    segmentOf([data, bss], PF_R | PF_W, options.physOffset),
  ].filter((segment): segment is ElfSegment => segment !== undefined);
  const sections: ElfImageSection[] = layout.sections.filter((section) => section.size > 0).map((section) => ({
    name: section.name,
    kind: section.name === '.bss' ? 'nobits' : 'progbits',
    flags: SECTION_FLAGS[section.name],
    addr: section.base,
    size: section.size,
  }));
  const symbols = symbolsOf(layout, symbolTable);

  const entryName = options.entry ?? '_start';
  const entryValue = layout.valueOf(entryName);
  let entry = options.textBase;
  if (entryValue !== undefined) entry = Number(BigInt.asUintN(32, entryValue));
  else if (options.entry !== undefined) diagnostics.report(`entry symbol '${options.entry}' is not defined`);

  return { image: { entry, segments, sections, symbols }, entry, symbols };
}
