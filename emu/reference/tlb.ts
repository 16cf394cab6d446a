// The TLB of docs/isa.md §7, as a data structure (the lookup policy is in translation.ts).
//
//   16 sets x 4 ways = 64 entries; set = vpn & 15.
//
//   set  way 0   way 1   way 2   way 3    next (2-bit FIFO pointer)
//    0  [entry] [entry] [entry] [entry]   0..3
//   ..
//   15  [entry] [entry] [entry] [entry]
//
// A fill always goes to the way under the set's FIFO pointer and advances it,
// whether or not other ways are empty; flushes invalidate entries but leave the
// pointers where they are (only reset() rewinds them).
//
//   find(vpn)                 the matching valid entry's slot, or null
//   fill(entry)               FIFO replacement within the entry's set
//   refillInPlace(slot, e)    the D-bit refill: same way, pointer unchanged
//   invalidateNonGlobal()     cr3 write;  invalidateAll(): cr0 PG/WP change
//   invalidatePage(vpn)       invlpg, whatever the entry's G bit
//   entries()                 a copy of every valid entry with its set and way (tests)

export const TLB_SETS = 16;
export const TLB_WAYS = 4;

export interface TlbEntry {
  vpn: number;       // linear address >>> 12
  frame: number;     // physical address of the page (low 12 bits zero)
  user: boolean;     // effective US (PDE.US AND PTE.US)
  writable: boolean; // effective RW (PDE.RW AND PTE.RW)
  dirty: boolean;    // PTE.D as of the walk that filled the entry
  global: boolean;   // PTE.G
}

export interface TlbSlot {
  set: number;
  way: number;
  entry: TlbEntry;
}

export function tlbSetOf(vpn: number): number {
  return vpn & (TLB_SETS - 1);
}

export class Tlb {
  private readonly ways: (TlbEntry | null)[][] = [];
  private readonly next: number[] = [];

  constructor() {
    this.reset();
  }

  reset(): void {
    this.ways.length = 0;
    this.next.length = 0;
    for (let s = 0; s < TLB_SETS; s++) {
      this.ways.push(new Array<TlbEntry | null>(TLB_WAYS).fill(null));
      this.next.push(0);
    }
  }

  find(vpn: number): TlbSlot | null {
    const set = tlbSetOf(vpn);
    for (let way = 0; way < TLB_WAYS; way++) {
      const entry = this.ways[set][way];
      if (entry && entry.vpn === vpn) return { set, way, entry };
    }
    return null;
  }

  fill(entry: TlbEntry): void {
    const set = tlbSetOf(entry.vpn);
    const way = this.next[set];
    this.ways[set][way] = { ...entry };
    this.next[set] = (way + 1) % TLB_WAYS;
  }

  refillInPlace(slot: TlbSlot, entry: TlbEntry): void {
    this.ways[slot.set][slot.way] = { ...entry };
  }

  invalidateNonGlobal(): void {
    for (const set of this.ways) {
      for (let way = 0; way < TLB_WAYS; way++) if (set[way] && !set[way]!.global) set[way] = null;
    }
  }

  invalidateAll(): void {
    for (const set of this.ways) set.fill(null);
  }

  invalidatePage(vpn: number): void {
    const slot = this.find(vpn);
    if (slot) this.ways[slot.set][slot.way] = null;
  }

  entries(): TlbSlot[] {
    const out: TlbSlot[] = [];
    this.ways.forEach((set, s) => set.forEach((entry, way) => {
      if (entry) out.push({ set: s, way, entry: { ...entry } });
    }));
    return out;
  }
}
