// Bounds checks of loads and stores, on the targets that set bounds (bare;
// docs/abi.md §8.2).
//
//   const bounds = new MemoryBounds(initialPages);
//   bounds.word(k)        label of the word holding memory bytes - k: an access
//                         of `bytes` at wasm address a + offset is in bounds
//                         iff a <= that word (k = offset + bytes), unsigned
//   bounds.needsPages(k)  pages memory must have before the word can be trusted
//                         (0 when the initial memory already has k bytes)
//   bounds.inInitialMemory(end)   end <= the initial memory's bytes
//   bounds.assembly()     the words, initialised for the initial memory, and
//                         __wasm_bounds_update, which memory.grow calls
//
//   const known = new CheckedAddresses();   // per function, fed every line emitted
//   known.covers(reg, k)  a check on this path showed reg + k within memory, and
//                         reg has not been written since: no need to check again
//   known.record(reg, k)  after a check;  known.instruction(line) after every
//                         instruction (a jump to a label leaves what holds
//                         there);  known.join(label) at a label all of whose
//                         jumps came before it (a block's end), which keeps
//                         what holds on every way in;  known.clear() at any
//                         other label (a loop head, a br_table target)
//
// Memory never shrinks, so a word computed for the current size stays valid
// until the next grow, an access that ends within the initial memory needs no
// check at all, and a check passed stays passed while its register is unchanged.

const PAGE_BYTES = 65536;

export class MemoryBounds {
  private readonly ks = new Set<number>();
  private readonly initialBytes: number;

  constructor(initialPages: number) {
    this.initialBytes = initialPages * PAGE_BYTES;
  }

  word(k: number): string {
    const kept = k >>> 0;
    this.ks.add(kept);
    return `__wasm_bound_${kept}`;
  }

  needsPages(k: number): number {
    return k <= this.initialBytes ? 0 : Math.ceil(k / PAGE_BYTES);
  }

  inInitialMemory(end: number): boolean {
    return end <= this.initialBytes;
  }

  assembly(): string[] {
    const ks = [...this.ks].sort((a, b) => a - b);
    const out = ['', '.data', '.align 4'];
    for (const k of ks) out.push(`__wasm_bound_${k}: .long ${(this.initialBytes - k) >>> 0}`);
    out.push('', '.text', '; after memory.grow: __wasm_bound_K = memory bytes - K; keeps every register',
      '.global __wasm_bounds_update', '__wasm_bounds_update:');
    if (ks.length > 0) {
      out.push('    push eax', '    mov eax, [__wasm_memory_pages]', '    shl eax, 16');
      for (const k of ks) out.push(`    sub eax, ${k}`, `    mov [__wasm_bound_${k}], eax`, `    add eax, ${k}`);
      out.push('    pop eax');
    }
    out.push('    ret');
    return out;
  }
}

/** Full registers by the names of their parts. */
const FULL_REGISTER: Record<string, string> = {
  al: 'eax', ah: 'eax', ax: 'eax', cl: 'ecx', ch: 'ecx', cx: 'ecx', dl: 'edx', dh: 'edx', dx: 'edx',
  bl: 'ebx', bh: 'ebx', bx: 'ebx', si: 'esi', di: 'edi', bp: 'ebp', sp: 'esp',
};
/** Instructions whose only register write is their first operand. */
const WRITES_FIRST_OPERAND = new Set([
  'mov', 'movzx', 'movsx', 'lea', 'add', 'sub', 'and', 'or', 'xor', 'adc', 'sbb', 'shl', 'shr', 'sar',
  'rol', 'ror', 'neg', 'not', 'inc', 'dec', 'bsr', 'bsf', 'pop',
]);
const WRITES_NO_REGISTER = new Set(['cmp', 'test', 'push']);
/** What a call may change: the caller-saved registers (docs/abi.md §5); memory only grows. */
const CALL_CLOBBERS = ['eax', 'ecx', 'edx'];

type Facts = Map<string, number>;

function intersect(a: Facts, b: Facts): Facts {
  const out: Facts = new Map();
  for (const [reg, k] of a) {
    const other = b.get(reg);
    if (other !== undefined) out.set(reg, Math.min(k, other));
  }
  return out;
}

export class CheckedAddresses {
  /** What holds here; null where no way in is known (after a jmp). */
  private facts: Facts | null = new Map();
  private readonly atLabels = new Map<string, Facts>();

  covers(reg: string, k: number): boolean {
    return (this.facts?.get(reg) ?? -1) >= k;
  }

  record(reg: string, k: number): void {
    this.facts?.set(reg, Math.max(k, this.facts.get(reg) ?? 0));
  }

  clear(): void {
    this.facts = new Map();
  }

  /** At a label whose every jump has been emitted: what holds on all ways in (the fall-through too, unless after a jmp). */
  join(label: string): void {
    const jumped = this.atLabels.get(label);
    if (jumped && this.facts) this.facts = intersect(jumped, this.facts);
    else this.facts = new Map(jumped ?? this.facts ?? []);
  }

  /** Forgets what `line` (one instruction) may have changed; what it does not know forgets all. */
  instruction(line: string): void {
    if (!this.facts) return; // after a jmp: nothing reaches here
    const text = line.trimStart();
    if (this.facts.size === 0 && text[0] !== 'j') return; // nothing to forget (a jump still records what holds: nothing)
    const match = /^(\S+)\s*(.*)$/.exec(text.trimEnd());
    if (!match) return;
    const [, mnemonic, rest] = match;
    const operands = rest.split(',').map((o) => o.trim());
    if (mnemonic.startsWith('j')) {
      const label = /^\.L\d+$/.test(operands[0]) ? operands[0] : null;
      if (label) {
        const before = this.atLabels.get(label);
        this.atLabels.set(label, before ? intersect(before, this.facts) : new Map(this.facts));
      }
      if (mnemonic === 'jmp') this.facts = null;
      return;
    }
    if (WRITES_NO_REGISTER.has(mnemonic)) return;
    const first = FULL_REGISTER[operands[0]] ?? operands[0];
    if (mnemonic === 'call') CALL_CLOBBERS.forEach((r) => this.facts!.delete(r));
    else if (mnemonic === 'cdq') this.facts.delete('edx');
    else if (WRITES_FIRST_OPERAND.has(mnemonic) || mnemonic.startsWith('set') || mnemonic.startsWith('cmov') ||
      (mnemonic === 'imul' && operands.length > 1)) {
      this.facts.delete(first);
    } else this.clear();
  }
}
