// The ELF32 format as tx86 uses it (docs/isa.md §13): the one definition of
// the on-disk structures, shared by the writer (write.ts) and the reader
// (read.ts).
//
// Interface:
//   ELF_HEADER, PROGRAM_HEADER, SECTION_HEADER, SYMBOL   field offsets/sizes
//   *_BYTES                                               structure sizes
//   EM_TX86, ET_EXEC, PT_LOAD, PF_*, SHT_*, SHF_*, STB_*, STT_*, SHN_*
//   ElfSymbol, ElfSegment, ElfSection, ElfProgram         the decoded forms
//
// Every multi-byte field is little-endian. Each structure is a record of
// fields { at: byte offset, size: 1 | 2 | 4 }, read and written by the same
// description so the two sides cannot drift apart.
//
// The file the writer produces:
//
//   offset 0        +-----------------------------+
//                   | ELF header (52 bytes)       |
//   52              | program headers (32 each)   |
//                   +-----------------------------+
//   ≡ vaddr (4096)  | text segment: .text, zero   |  PT_LOAD R+X
//                   | padding, .rodata            |
//                   +-----------------------------+
//   ≡ vaddr (4096)  | data segment: .data         |  PT_LOAD R+W (.bss only in memory)
//                   +-----------------------------+
//                   | .symtab .strtab .shstrtab   |
//                   | section headers (40 each)   |
//                   +-----------------------------+

export interface Field { at: number; size: 1 | 2 | 4 }

export const ELF_HEADER_BYTES = 52;
export const PROGRAM_HEADER_BYTES = 32;
export const SECTION_HEADER_BYTES = 40;
export const SYMBOL_BYTES = 16;

/** e_ident occupies bytes 0-15; the named fields follow. */
export const ELF_IDENT = {
  magic: 0,          // 0x7F 'E' 'L' 'F'
  class: 4,          // ELFCLASS32
  data: 5,           // ELFDATA2LSB
  version: 6,        // EV_CURRENT
} as const;
export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;
export const ELFCLASS32 = 1;
export const ELFDATA2LSB = 1;
export const EV_CURRENT = 1;

export const ELF_HEADER = {
  type: { at: 16, size: 2 },
  machine: { at: 18, size: 2 },
  version: { at: 20, size: 4 },
  entry: { at: 24, size: 4 },
  phoff: { at: 28, size: 4 },
  shoff: { at: 32, size: 4 },
  flags: { at: 36, size: 4 },
  ehsize: { at: 40, size: 2 },
  phentsize: { at: 42, size: 2 },
  phnum: { at: 44, size: 2 },
  shentsize: { at: 46, size: 2 },
  shnum: { at: 48, size: 2 },
  shstrndx: { at: 50, size: 2 },
} as const satisfies Record<string, Field>;

export const PROGRAM_HEADER = {
  type: { at: 0, size: 4 },
  offset: { at: 4, size: 4 },
  vaddr: { at: 8, size: 4 },
  paddr: { at: 12, size: 4 },
  filesz: { at: 16, size: 4 },
  memsz: { at: 20, size: 4 },
  flags: { at: 24, size: 4 },
  align: { at: 28, size: 4 },
} as const satisfies Record<string, Field>;

export const SECTION_HEADER = {
  name: { at: 0, size: 4 },
  type: { at: 4, size: 4 },
  flags: { at: 8, size: 4 },
  addr: { at: 12, size: 4 },
  offset: { at: 16, size: 4 },
  size: { at: 20, size: 4 },
  link: { at: 24, size: 4 },
  info: { at: 28, size: 4 },
  addralign: { at: 32, size: 4 },
  entsize: { at: 36, size: 4 },
} as const satisfies Record<string, Field>;

export const SYMBOL = {
  name: { at: 0, size: 4 },
  value: { at: 4, size: 4 },
  size: { at: 8, size: 4 },
  info: { at: 12, size: 1 },   // binding << 4 | type
  other: { at: 13, size: 1 },  // visibility: always STV_DEFAULT (0)
  shndx: { at: 14, size: 2 },
} as const satisfies Record<string, Field>;

export const EM_TX86 = 0x7886;
export const ET_EXEC = 2;

export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
export const SEGMENT_ALIGN = 0x1000;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHF_WRITE = 1;
export const SHF_ALLOC = 2;
export const SHF_EXECINSTR = 4;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;

export type SymbolType = 'func' | 'object' | 'notype';
export type SymbolBinding = 'local' | 'global' | 'weak';

export const SYMBOL_TYPE_CODES: Record<SymbolType, number> = { notype: STT_NOTYPE, object: STT_OBJECT, func: STT_FUNC };
export const SYMBOL_BINDING_CODES: Record<SymbolBinding, number> = { local: STB_LOCAL, global: STB_GLOBAL, weak: STB_WEAK };

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  type: SymbolType;
  binding: SymbolBinding;
  /** Name of the section holding the symbol; '' for an absolute symbol. */
  section: string;
}

/** A PT_LOAD segment. fileBytes.length is p_filesz; memory past it up to memsz is zero. */
export interface ElfSegment {
  vaddr: number;
  paddr: number;
  memsz: number;
  flags: number;            // PF_R | PF_W | PF_X
  fileBytes: Uint8Array;
}

export interface ElfSection {
  name: string;
  type: number;             // SHT_*
  flags: number;            // SHF_*
  addr: number;
  offset: number;
  size: number;
}

export interface ElfProgram {
  entry: number;
  segments: ElfSegment[];
  symbols: ElfSymbol[];
  sections: ElfSection[];
}
