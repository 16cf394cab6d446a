// Linear-address translation: the TLB policy, fetch page and flushes of docs/isa.md §7,
// on top of the page walk (page-walk.ts) and the TLB structure (tlb.ts).
//
//   lookup(linear, intent, user)     one §7 lookup; returns the page's physical frame
//                                    or raises #PF (cr2 = linear, pageFaults + 1)
//   translateRange(linear, size, intent, user)
//                                    the physical address of each byte of one memory
//                                    operand access: one lookup per page it touches,
//                                    first page first (§3, §7 "data lookups")
//   fetchByte(linear, user)          one instruction byte through the fetch page rule
//   readSpan/writeSpan               little-endian value of the bytes of a span
//   loadedCr3(), writtenCr0(old), invalidatePage(linear), forgetFetchPage()
//                                    the §7 flushes and their statistics
//   walkCycles                       page-walk cycles since the caller last took them
//
// With paging off (cr0.PG = 0) linear addresses are physical, nothing is looked
// up and nothing is counted (§6).
//
// Invariant: a raised lookup fills nothing; earlier lookups of the same
// instruction keep their fills and A/D updates (they were permitted).

import type { CpuCounters } from '../cpu-state.ts';
import { GuestFault, PF, VECTOR } from './faults.ts';
import { accessPermitted, accessErrorBits, walkPageTables, type AccessIntent, type MemoryAccess } from './page-walk.ts';
import type { PhysicalMemory } from './physical-memory.ts';
import { CR0_PG, CR0_WP, type Registers } from './registers.ts';
import { Tlb, type TlbEntry } from './tlb.ts';

/** §8: one page walk, whether it fills, refills the D bit or faults. */
export const PAGE_WALK_CYCLES = 20;

const PAGE_SIZE = 0x1000;

/** Physical address of each byte of an access, in order. */
export type PhysicalSpan = number[];

export class Translation {
  readonly tlb = new Tlb();
  walkCycles = 0;
  private fetchPage: { vpn: number; frame: number } | null = null;

  constructor(
    private readonly memory: PhysicalMemory,
    private readonly regs: Registers,
    private readonly counters: CpuCounters,
  ) {}

  reset(): void {
    this.tlb.reset();
    this.fetchPage = null;
    this.walkCycles = 0;
  }

  /** Forget every cached translation without counting a flush (host state loads). */
  discardCachedTranslations(): void {
    this.tlb.invalidateAll();
    this.fetchPage = null;
  }

  takeWalkCycles(): number {
    const n = this.walkCycles;
    this.walkCycles = 0;
    return n;
  }

  lookup(linear: number, intent: AccessIntent, user: boolean): number {
    const access: MemoryAccess = {
      linear: linear >>> 0, intent, user, writeProtect: this.regs.writeProtect, cr3: this.regs.cr3,
    };
    const vpn = access.linear >>> 12;
    const slot = this.tlb.find(vpn);
    if (slot) {
      if (!accessPermitted(slot.entry.user, slot.entry.writable, access)) {
        this.counters.tlb.hits++;
        this.raisePageFault(access.linear, accessErrorBits(access) | PF.PRESENT);
      }
      if (!(intent === 'write' && !slot.entry.dirty)) {
        this.counters.tlb.hits++;
        return slot.entry.frame;
      }
      // A write through an entry whose D is 0: a miss that walks and refills in place.
      const result = this.walk(access);
      this.tlb.refillInPlace(slot, result);
      return result.frame;
    }
    const result = this.walk(access);
    this.tlb.fill(result);
    return result.frame;
  }

  translateRange(linear: number, size: number, intent: AccessIntent, user: boolean): PhysicalSpan {
    const first = linear >>> 0;
    const last = (first + size - 1) >>> 0;
    if (!this.regs.pagingEnabled) {
      return Array.from({ length: size }, (_, i) => (first + i) >>> 0);
    }
    const firstFrame = this.lookup(first, intent, user);
    const crosses = (first >>> 12) !== (last >>> 12);
    const lastFrame = crosses ? this.lookup((last & ~(PAGE_SIZE - 1)) >>> 0, intent, user) : firstFrame;
    return Array.from({ length: size }, (_, i) => {
      const byte = (first + i) >>> 0;
      const frame = (byte >>> 12) === (first >>> 12) ? firstFrame : lastFrame;
      return (frame + (byte & (PAGE_SIZE - 1))) >>> 0;
    });
  }

  /**
   * §7 fetch lookups: a byte in the fetch page needs no lookup; any other byte
   * looks its page up, which becomes the fetch page. Since bytes are fetched in
   * order this is exactly "each page holding its bytes, except the fetch page
   * when its first byte lies there; the fetch page is then the page of its last byte".
   */
  fetchByte(linear: number, user: boolean): number {
    const address = linear >>> 0;
    if (!this.regs.pagingEnabled) return this.memory.read8(address);
    const vpn = address >>> 12;
    if (!this.fetchPage || this.fetchPage.vpn !== vpn) {
      const frame = this.lookup(address, 'fetch', user);
      this.fetchPage = { vpn, frame };
    }
    return this.memory.read8(this.fetchPage.frame + (address & (PAGE_SIZE - 1)));
  }

  readSpan(span: PhysicalSpan): number {
    let value = 0;
    for (let i = span.length - 1; i >= 0; i--) value = value * 256 + this.memory.read8(span[i]);
    return value;
  }

  writeSpan(span: PhysicalSpan, value: number): void {
    let rest = value;
    for (const address of span) {
      this.memory.write8(address, rest & 0xff);
      rest = Math.floor(rest / 256);
    }
  }

  readLinear(linear: number, size: number, intent: 'read' | 'write', user: boolean): number {
    return this.readSpan(this.translateRange(linear, size, intent, user));
  }

  /** §3.11/§7: a cr3 write flushes the non-global entries. */
  loadedCr3(): void {
    this.tlb.invalidateNonGlobal();
    this.counters.tlb.flushes++;
    this.counters.cr3Loads++;
    this.fetchPage = null;
  }

  /** §3.11/§7: every cr0 write forgets the fetch page; a PG or WP change flushes all. */
  writtenCr0(previous: number): void {
    this.fetchPage = null;
    if (((previous ^ this.regs.cr0) & (CR0_PG | CR0_WP)) !== 0) {
      this.tlb.invalidateAll();
      this.counters.tlb.flushes++;
    }
  }

  /** §3.11/§7: invlpg drops the page's entry, global or not, and the fetch page. */
  invalidatePage(linear: number): void {
    this.tlb.invalidatePage(linear >>> 12);
    this.counters.tlb.invlpg++;
    this.fetchPage = null;
  }

  /** §7: every change of CPL forgets the fetch page. */
  forgetFetchPage(): void {
    this.fetchPage = null;
  }

  private walk(access: MemoryAccess): TlbEntry {
    this.counters.tlb.misses++;
    this.walkCycles += PAGE_WALK_CYCLES;
    const result = walkPageTables(this.memory, access);
    if (!result.ok) this.raisePageFault(access.linear, result.errorCode);
    return result.entry;
  }

  private raisePageFault(linear: number, errorCode: number): never {
    this.regs.cr2 = linear >>> 0;
    this.counters.pageFaults++;
    throw new GuestFault(VECTOR.PF, errorCode);
  }
}
