// ELF writer: turns a linked image into the bytes of an ELF32 tx86
// executable laid out as drawn in format.ts.
//
//   writeElf(image: ElfImage) -> Uint8Array
//
// The image gives the loadable segments with their contents, the allocated
// sections inside them (by address), and the symbols. The writer adds the
// null section, .symtab, .strtab and .shstrtab, places each segment at a
// file offset congruent to its address modulo 4096, and orders the symbol
// table locals first (as ELF requires: sh_info is the first non-local).
// An image whose sections do not lie inside its segments is a bug in the
// caller and throws a plain Error.

import {
  ELF_HEADER, ELF_HEADER_BYTES, ELF_IDENT, ELF_MAGIC, ELFCLASS32, ELFDATA2LSB, EM_TX86, ET_EXEC, EV_CURRENT,
  PROGRAM_HEADER, PROGRAM_HEADER_BYTES, PT_LOAD, SECTION_HEADER, SECTION_HEADER_BYTES, SEGMENT_ALIGN,
  SHN_ABS, SHT_NOBITS, SHT_PROGBITS, SHT_STRTAB, SHT_SYMTAB, SYMBOL, SYMBOL_BINDING_CODES, SYMBOL_BYTES,
  SYMBOL_TYPE_CODES, type ElfSegment, type ElfSymbol, type Field,
} from './format.ts';

export interface ElfImageSection {
  name: string;
  kind: 'progbits' | 'nobits';
  flags: number;            // SHF_*
  addr: number;
  size: number;
}

export interface ElfImage {
  entry: number;
  segments: ElfSegment[];
  sections: ElfImageSection[];
  symbols: ElfSymbol[];
}

/** A string table under construction: offset 0 is the empty string. */
class StringTable {
  private bytes: number[] = [0];
  private offsets = new Map<string, number>([['', 0]]);

  add(text: string): number {
    const known = this.offsets.get(text);
    if (known !== undefined) return known;
    const offset = this.bytes.length;
    this.bytes.push(...new TextEncoder().encode(text), 0);
    this.offsets.set(text, offset);
    return offset;
  }

  contents(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function putField(view: DataView, base: number, field: Field, value: number): void {
  if (field.size === 1) view.setUint8(base + field.at, value);
  else if (field.size === 2) view.setUint16(base + field.at, value, true);
  else view.setUint32(base + field.at, value >>> 0, true);
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** Largest power of two (at most a page) that divides addr: the section's sh_addralign. */
function naturalAlignment(addr: number): number {
  let alignment = 1;
  while (alignment < SEGMENT_ALIGN && addr % (alignment * 2) === 0) alignment *= 2;
  return alignment;
}

interface SectionHeader {
  name: string; type: number; flags: number; addr: number; offset: number; size: number;
  link: number; info: number; addralign: number; entsize: number;
}

export function writeElf(image: ElfImage): Uint8Array {
  const headersEnd = ELF_HEADER_BYTES + image.segments.length * PROGRAM_HEADER_BYTES;

  // Segment contents: each at the first offset past the previous one that is
  // congruent to its address modulo the page size.
  let cursor = headersEnd;
  const segmentOffsets = image.segments.map((segment) => {
    const offset = cursor + ((segment.vaddr - cursor) % SEGMENT_ALIGN + SEGMENT_ALIGN) % SEGMENT_ALIGN;
    cursor = offset + segment.fileBytes.length;
    return offset;
  });

  const sectionHeaders: SectionHeader[] = [
    { name: '', type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, info: 0, addralign: 0, entsize: 0 },
  ];
  for (const section of image.sections) {
    const index = image.segments.findIndex((segment) =>
      section.addr >= segment.vaddr && section.addr + section.size <= segment.vaddr + segment.memsz);
    if (index < 0) throw new Error(`writeElf: section ${section.name} lies outside every segment`);
    const segment = image.segments[index];
    if (section.kind === 'progbits' && section.addr + section.size > segment.vaddr + segment.fileBytes.length) {
      throw new Error(`writeElf: section ${section.name} extends past its segment's file bytes`);
    }
    sectionHeaders.push({
      name: section.name,
      type: section.kind === 'nobits' ? SHT_NOBITS : SHT_PROGBITS,
      flags: section.flags,
      addr: section.addr,
      offset: segmentOffsets[index] + (section.addr - segment.vaddr),
      size: section.size,
      link: 0, info: 0, addralign: naturalAlignment(section.addr), entsize: 0,
    });
  }
  const sectionIndex = new Map(sectionHeaders.slice(1).map((header, i) => [header.name, i + 1]));

  // Symbol table: the null symbol, then locals, then everything else.
  const strtab = new StringTable();
  const ordered = [
    ...image.symbols.filter((symbol) => symbol.binding === 'local'),
    ...image.symbols.filter((symbol) => symbol.binding !== 'local'),
  ];
  const firstNonLocal = 1 + ordered.filter((symbol) => symbol.binding === 'local').length;
  const symtab = new Uint8Array((ordered.length + 1) * SYMBOL_BYTES);
  const symtabView = new DataView(symtab.buffer);
  ordered.forEach((symbol, i) => {
    const base = (i + 1) * SYMBOL_BYTES;
    putField(symtabView, base, SYMBOL.name, strtab.add(symbol.name));
    putField(symtabView, base, SYMBOL.value, symbol.value);
    putField(symtabView, base, SYMBOL.size, symbol.size);
    putField(symtabView, base, SYMBOL.info, (SYMBOL_BINDING_CODES[symbol.binding] << 4) | SYMBOL_TYPE_CODES[symbol.type]);
    putField(symtabView, base, SYMBOL.other, 0);
    putField(symtabView, base, SYMBOL.shndx, sectionIndex.get(symbol.section) ?? SHN_ABS);
  });
  const strtabBytes = strtab.contents();

  const symtabIndex = sectionHeaders.length;
  const shstrtab = new StringTable();
  const tables: { header: SectionHeader; bytes: Uint8Array }[] = [
    { header: { name: '.symtab', type: SHT_SYMTAB, flags: 0, addr: 0, offset: 0, size: symtab.length,
      link: symtabIndex + 1, info: firstNonLocal, addralign: 4, entsize: SYMBOL_BYTES }, bytes: symtab },
    { header: { name: '.strtab', type: SHT_STRTAB, flags: 0, addr: 0, offset: 0, size: strtabBytes.length,
      link: 0, info: 0, addralign: 1, entsize: 0 }, bytes: strtabBytes },
    { header: { name: '.shstrtab', type: SHT_STRTAB, flags: 0, addr: 0, offset: 0, size: 0,
      link: 0, info: 0, addralign: 1, entsize: 0 }, bytes: new Uint8Array() },
  ];
  for (const header of [...sectionHeaders, ...tables.map((table) => table.header)]) shstrtab.add(header.name);
  const shstrtabTable = tables[2];
  shstrtabTable.bytes = shstrtab.contents();
  shstrtabTable.header.size = shstrtabTable.bytes.length;

  cursor = alignUp(cursor, 4);
  for (const table of tables) {
    table.header.offset = cursor;
    cursor += table.bytes.length;
    sectionHeaders.push(table.header);
  }
  const sectionHeadersOffset = alignUp(cursor, 4);
  const fileBytes = new Uint8Array(sectionHeadersOffset + sectionHeaders.length * SECTION_HEADER_BYTES);
  const view = new DataView(fileBytes.buffer);

  fileBytes.set(ELF_MAGIC, ELF_IDENT.magic);
  fileBytes[ELF_IDENT.class] = ELFCLASS32;
  fileBytes[ELF_IDENT.data] = ELFDATA2LSB;
  fileBytes[ELF_IDENT.version] = EV_CURRENT;
  putField(view, 0, ELF_HEADER.type, ET_EXEC);
  putField(view, 0, ELF_HEADER.machine, EM_TX86);
  putField(view, 0, ELF_HEADER.version, EV_CURRENT);
  putField(view, 0, ELF_HEADER.entry, image.entry);
  putField(view, 0, ELF_HEADER.phoff, image.segments.length ? ELF_HEADER_BYTES : 0);
  putField(view, 0, ELF_HEADER.shoff, sectionHeadersOffset);
  putField(view, 0, ELF_HEADER.flags, 0);
  putField(view, 0, ELF_HEADER.ehsize, ELF_HEADER_BYTES);
  putField(view, 0, ELF_HEADER.phentsize, PROGRAM_HEADER_BYTES);
  putField(view, 0, ELF_HEADER.phnum, image.segments.length);
  putField(view, 0, ELF_HEADER.shentsize, SECTION_HEADER_BYTES);
  putField(view, 0, ELF_HEADER.shnum, sectionHeaders.length);
  putField(view, 0, ELF_HEADER.shstrndx, sectionHeaders.length - 1);

  image.segments.forEach((segment, i) => {
    const base = ELF_HEADER_BYTES + i * PROGRAM_HEADER_BYTES;
    putField(view, base, PROGRAM_HEADER.type, PT_LOAD);
    putField(view, base, PROGRAM_HEADER.offset, segmentOffsets[i]);
    putField(view, base, PROGRAM_HEADER.vaddr, segment.vaddr);
    putField(view, base, PROGRAM_HEADER.paddr, segment.paddr);
    putField(view, base, PROGRAM_HEADER.filesz, segment.fileBytes.length);
    putField(view, base, PROGRAM_HEADER.memsz, segment.memsz);
    putField(view, base, PROGRAM_HEADER.flags, segment.flags);
    putField(view, base, PROGRAM_HEADER.align, SEGMENT_ALIGN);
    fileBytes.set(segment.fileBytes, segmentOffsets[i]);
  });
  for (const table of tables) fileBytes.set(table.bytes, table.header.offset);

  sectionHeaders.forEach((header, i) => {
    const base = sectionHeadersOffset + i * SECTION_HEADER_BYTES;
    putField(view, base, SECTION_HEADER.name, shstrtab.add(header.name));
    putField(view, base, SECTION_HEADER.type, header.type);
    putField(view, base, SECTION_HEADER.flags, header.flags);
    putField(view, base, SECTION_HEADER.addr, header.addr);
    putField(view, base, SECTION_HEADER.offset, header.offset);
    putField(view, base, SECTION_HEADER.size, header.size);
    putField(view, base, SECTION_HEADER.link, header.link);
    putField(view, base, SECTION_HEADER.info, header.info);
    putField(view, base, SECTION_HEADER.addralign, header.addralign);
    putField(view, base, SECTION_HEADER.entsize, header.entsize);
  });
  return fileBytes;
}
