// Wasm names -> assembler labels (docs/abi.md §6).
//
// Labels may use A-Z a-z 0-9 _ . $ @ (tools/asm/lexer.ts). AssemblyScript names
// use / # < > , | ~ as well, so they are mangled readably:
//
//   mangle('~lib/string/String#concat')         = 'lib.string.String@concat'
//   mangle('~lib/util/sort/insertionSort<i32>') = 'lib.util.sort.insertionSort$i32$'
//   mangle('hello/main~anonymous|0')            = 'hello.main.anonymous$0'
//
// A Namer hands out unique labels: a second name that mangles to a taken label
// (or to a reserved runtime symbol) gets '$2', '$3', ...

const RENAMED: Record<string, string> = { '/': '.', '#': '@', '<': '$', '>': '$', ',': '$', '|': '$', '~': '.', ' ': '_' };

export function mangle(name: string): string {
  let out = '';
  for (const ch of name.replace(/^~+/, '')) {
    if (/[A-Za-z0-9_.$@]/.test(ch)) out += ch;
    else if (RENAMED[ch] !== undefined) out += RENAMED[ch];
    else out += '$' + ch.codePointAt(0)!.toString(16).toUpperCase().padStart(2, '0');
  }
  if (out === '' || /^[0-9]/.test(out)) out = '_' + out;
  // '.L' starts a file-local label in tx86 assembly; keep wasm names global.
  if (out.startsWith('.')) out = '_' + out;
  return out;
}

export class Namer {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
  }

  /** A fresh label for `name`, unique among those handed out so far. */
  label(name: string): string {
    let base = mangle(name);
    if (isReserved(base)) base = '_' + base; // binaryen's own __wasm_* helpers stay clear of the runtime's names
    let candidate = base;
    for (let n = 2; this.taken.has(candidate) || isReserved(candidate); n++) candidate = `${base}$${n}`;
    this.taken.add(candidate);
    return candidate;
  }

  reserve(label: string): void {
    this.taken.add(label);
  }
}

/** Runtime and register names that a wasm name must never become. */
function isReserved(label: string): boolean {
  return label.startsWith('__wasm_') || label.startsWith('__cpu_') || label === '_start' || REGISTER_NAMES.has(label.toLowerCase());
}

const REGISTER_NAMES = new Set([
  'eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di',
  'al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil', 'cr0', 'cr2', 'cr3', 'ksp',
  'byte', 'word', 'dword', 'ptr', 'short', 'near',
]);
