// ELF reader: decodes and validates an ELF32 tx86 executable.
//
//   readElf(bytes, fileName, limits?) -> ElfProgram
//     { entry, segments (PT_LOAD only), symbols, sections }
//
// Everything docs/isa.md §13 lists is checked: the magic, class, endianness,
// version, machine and type; headers, segments and sections that lie beyond
// the file; overlapping segments; and, when limits.ramBytes is given,
// segments whose physical addresses are outside RAM. Any problem, however the
// file is truncated or corrupted, is reported as a UserError of one line
// naming the file, e.g. "prog.elf: truncated program header table". The
// reader never indexes outside the input.
//
// Segment contents are copies, not views of the input. Symbols of type
// STT_SECTION and STT_FILE and the null symbol are left out; a symbol's
// section is '' when it is absolute or undefined.

import { UserError } from '../../emu/user-error.ts';
import {
  ELF_HEADER, ELF_HEADER_BYTES, ELF_IDENT, ELF_MAGIC, ELFCLASS32, ELFDATA2LSB, EM_TX86, ET_EXEC, EV_CURRENT,
  PROGRAM_HEADER, PROGRAM_HEADER_BYTES, PT_LOAD, SECTION_HEADER, SECTION_HEADER_BYTES, SHN_LORESERVE, SHN_UNDEF,
  SHT_NOBITS, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FUNC, STT_NOTYPE, STT_OBJECT,
  SYMBOL, SYMBOL_BYTES, type ElfProgram, type ElfSection, type ElfSegment, type ElfSymbol, type Field,
  type SymbolBinding, type SymbolType,
} from './format.ts';

export interface ElfLimits {
  /** Bytes of RAM; segments must load (by physical address) below it. */
  ramBytes?: number;
}

/** Bounds-checked little-endian access to the file, failing with the file's name. */
class FileBytes {
  constructor(readonly bytes: Uint8Array, readonly fileName: string) {}

  fail(problem: string): never {
    throw new UserError(`${this.fileName}: ${problem}`);
  }

  /** True when [offset, offset + length) lies inside the file. */
  holds(offset: number, length: number): boolean {
    return offset >= 0 && length >= 0 && offset + length <= this.bytes.length;
  }

  field(base: number, field: Field): number {
    const at = base + field.at;
    if (!this.holds(at, field.size)) this.fail('truncated file');
    let value = 0;
    for (let i = field.size - 1; i >= 0; i--) value = value * 256 + this.bytes[at + i];
    return value;
  }

  slice(offset: number, length: number, what: string): Uint8Array {
    if (!this.holds(offset, length)) this.fail(`${what} extends beyond the end of the file`);
    return this.bytes.slice(offset, offset + length);
  }
}

/** The NUL-terminated string at offset in a string table, or undefined if it runs off the table. */
function stringAt(table: Uint8Array, offset: number): string | undefined {
  if (offset >= table.length) return undefined;
  const end = table.indexOf(0, offset);
  if (end < 0) return undefined;
  return new TextDecoder().decode(table.subarray(offset, end));
}

function hex(value: number): string {
  return '0x' + value.toString(16);
}

function readHeader(file: FileBytes) {
  const { bytes } = file;
  if (bytes.length < ELF_MAGIC.length || ELF_MAGIC.some((b, i) => bytes[ELF_IDENT.magic + i] !== b)) {
    file.fail('not an ELF file (bad magic)');
  }
  if (bytes.length < ELF_HEADER_BYTES) file.fail('truncated ELF header');
  if (bytes[ELF_IDENT.class] !== ELFCLASS32) file.fail(`not a 32-bit ELF file (class ${bytes[ELF_IDENT.class]})`);
  if (bytes[ELF_IDENT.data] !== ELFDATA2LSB) file.fail('not a little-endian ELF file');
  if (bytes[ELF_IDENT.version] !== EV_CURRENT) file.fail(`unsupported ELF version ${bytes[ELF_IDENT.version]}`);
  const version = file.field(0, ELF_HEADER.version);
  if (version !== EV_CURRENT) file.fail(`unsupported ELF version ${version}`);
  const machine = file.field(0, ELF_HEADER.machine);
  if (machine !== EM_TX86) file.fail(`not a tx86 executable (machine ${hex(machine)})`);
  const type = file.field(0, ELF_HEADER.type);
  if (type !== ET_EXEC) file.fail(`not an executable (ELF type ${type})`);
  return {
    entry: file.field(0, ELF_HEADER.entry),
    phoff: file.field(0, ELF_HEADER.phoff),
    phentsize: file.field(0, ELF_HEADER.phentsize),
    phnum: file.field(0, ELF_HEADER.phnum),
    shoff: file.field(0, ELF_HEADER.shoff),
    shentsize: file.field(0, ELF_HEADER.shentsize),
    shnum: file.field(0, ELF_HEADER.shnum),
    shstrndx: file.field(0, ELF_HEADER.shstrndx),
  };
}

function readSegments(file: FileBytes, header: ReturnType<typeof readHeader>, limits: ElfLimits): ElfSegment[] {
  if (header.phnum === 0) return [];
  if (header.phentsize !== PROGRAM_HEADER_BYTES) file.fail(`bad program header size ${header.phentsize}`);
  if (!file.holds(header.phoff, header.phnum * PROGRAM_HEADER_BYTES)) file.fail('truncated program header table');

  const loads: { index: number; segment: ElfSegment }[] = [];
  for (let index = 0; index < header.phnum; index++) {
    const base = header.phoff + index * PROGRAM_HEADER_BYTES;
    if (file.field(base, PROGRAM_HEADER.type) !== PT_LOAD) continue;
    const offset = file.field(base, PROGRAM_HEADER.offset);
    const filesz = file.field(base, PROGRAM_HEADER.filesz);
    const memsz = file.field(base, PROGRAM_HEADER.memsz);
    const vaddr = file.field(base, PROGRAM_HEADER.vaddr);
    const paddr = file.field(base, PROGRAM_HEADER.paddr);
    const what = `segment ${index}`;
    if (filesz > memsz) file.fail(`${what} has a file size larger than its memory size`);
    if (vaddr + memsz > 2 ** 32 || paddr + memsz > 2 ** 32) file.fail(`${what} wraps around the end of the address space`);
    if (limits.ramBytes !== undefined && memsz > 0 && paddr + memsz > limits.ramBytes) {
      file.fail(`${what} (${hex(paddr)}-${hex(paddr + memsz - 1)}) lies outside RAM`);
    }
    const fileBytes = file.slice(offset, filesz, what);
    loads.push({ index, segment: { vaddr, paddr, memsz, flags: file.field(base, PROGRAM_HEADER.flags), fileBytes } });
  }

  for (let i = 0; i < loads.length; i++) {
    for (let j = i + 1; j < loads.length; j++) {
      const a = loads[i].segment;
      const b = loads[j].segment;
      const overlaps = (startA: number, startB: number) =>
        a.memsz > 0 && b.memsz > 0 && startA < startB + b.memsz && startB < startA + a.memsz;
      if (overlaps(a.vaddr, b.vaddr) || overlaps(a.paddr, b.paddr)) {
        file.fail(`segments ${loads[i].index} and ${loads[j].index} overlap`);
      }
    }
  }
  return loads.map((load) => load.segment);
}

interface RawSection extends ElfSection { link: number; entsize: number }

function readSections(file: FileBytes, header: ReturnType<typeof readHeader>): RawSection[] {
  if (header.shnum === 0) return [];
  if (header.shentsize !== SECTION_HEADER_BYTES) file.fail(`bad section header size ${header.shentsize}`);
  if (!file.holds(header.shoff, header.shnum * SECTION_HEADER_BYTES)) file.fail('truncated section header table');

  const raw = Array.from({ length: header.shnum }, (_, index) => {
    const base = header.shoff + index * SECTION_HEADER_BYTES;
    const section = {
      nameOffset: file.field(base, SECTION_HEADER.name),
      type: file.field(base, SECTION_HEADER.type),
      flags: file.field(base, SECTION_HEADER.flags),
      addr: file.field(base, SECTION_HEADER.addr),
      offset: file.field(base, SECTION_HEADER.offset),
      size: file.field(base, SECTION_HEADER.size),
      link: file.field(base, SECTION_HEADER.link),
      entsize: file.field(base, SECTION_HEADER.entsize),
    };
    if (section.type !== SHT_NOBITS && !file.holds(section.offset, section.size)) {
      file.fail(`section ${index} extends beyond the end of the file`);
    }
    return section;
  });

  let names: Uint8Array | undefined;
  if (header.shstrndx !== SHN_UNDEF) {
    const table = raw[header.shstrndx];
    if (!table || table.type !== SHT_STRTAB) file.fail(`bad section name table index ${header.shstrndx}`);
    names = file.slice(table.offset, table.size, 'section name table');
  }
  return raw.map((section, index) => {
    const name = names ? stringAt(names, section.nameOffset) : '';
    if (name === undefined) file.fail(`section ${index} has a bad name offset`);
    const { nameOffset: _unused, ...rest } = section;
    return { name, ...rest };
  });
}

const SYMBOL_TYPES = new Map<number, SymbolType>([[STT_NOTYPE, 'notype'], [STT_OBJECT, 'object'], [STT_FUNC, 'func']]);
const SYMBOL_BINDINGS = new Map<number, SymbolBinding>([[STB_LOCAL, 'local'], [STB_GLOBAL, 'global'], [STB_WEAK, 'weak']]);

function readSymbols(file: FileBytes, sections: RawSection[]): ElfSymbol[] {
  const symbols: ElfSymbol[] = [];
  for (const table of sections.filter((section) => section.type === SHT_SYMTAB)) {
    if (table.entsize !== SYMBOL_BYTES || table.size % SYMBOL_BYTES !== 0) {
      file.fail(`symbol table ${table.name} has a bad entry size`);
    }
    const strings = sections[table.link];
    if (!strings || strings.type !== SHT_STRTAB) file.fail(`symbol table ${table.name} has a bad string table link`);
    const names = file.slice(strings.offset, strings.size, `string table ${strings.name}`);
    for (let base = table.offset + SYMBOL_BYTES; base < table.offset + table.size; base += SYMBOL_BYTES) {
      const info = file.field(base, SYMBOL.info);
      const type = SYMBOL_TYPES.get(info & 0xf);
      const binding = SYMBOL_BINDINGS.get(info >> 4);
      const index = (base - table.offset) / SYMBOL_BYTES;
      const name = stringAt(names, file.field(base, SYMBOL.name));
      if (name === undefined) file.fail(`symbol ${index} has a bad name offset`);
      const shndx = file.field(base, SYMBOL.shndx);
      if (shndx < SHN_LORESERVE && shndx >= sections.length) file.fail(`symbol '${name}' has a bad section index ${shndx}`);
      if (type === undefined || binding === undefined) continue; // section, file and unknown kinds
      const section = shndx === SHN_UNDEF || shndx >= SHN_LORESERVE ? '' : sections[shndx].name;
      symbols.push({
        name, type, binding, section,
        value: file.field(base, SYMBOL.value),
        size: file.field(base, SYMBOL.size),
      });
    }
  }
  return symbols;
}

export function readElf(bytes: Uint8Array, fileName: string, limits: ElfLimits = {}): ElfProgram {
  const file = new FileBytes(bytes, fileName);
  const header = readHeader(file);
  const segments = readSegments(file, header, limits);
  const rawSections = readSections(file, header);
  const symbols = readSymbols(file, rawSections);
  const sections = rawSections.slice(1).map(({ name, type, flags, addr, offset, size }) =>
    ({ name, type, flags, addr, offset, size }));
  return { entry: header.entry, segments, symbols, sections };
}
