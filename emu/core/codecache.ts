// The decoded-block cache and the code-page map (docs/machine.md §1.1).
//
// Decoded blocks live in a direct-mapped cache keyed by the physical address of
// their first byte (layout.ts draws a block). A block never leaves its page.
// Every RAM page holds a u32 in CODE_PAGES: a generation, and a "has code" bit
// set when a block is decoded from the page. A store into a page with the bit
// set advances the generation and clears the bit, which invalidates every block
// of the page at once (their recorded word no longer matches), and asks the
// running block to stop after the current instruction, so that even the next
// instruction of the same block is decoded afresh (self-modifying code).
// ROM blocks record 0 and are only dropped by flushCodeCache().
//
//   slotOf(phys)             the cache slot for a block starting at phys
//   blockValid(b, phys)      does slot b hold a current block for phys?
//   cachedBlock(phys, ramBytes)   the current block for phys, or 0
//   claimPage(phys): u32     the word a new block of phys's page records (marks the page)
//   pageHasCode(phys)        RAM page marked (a store must call codeWritten)
//   codeWritten(phys)        a store into a marked page
//   invalidateRange(phys, len)   bytes written from outside (DMA, host loader)
//   flushCodeCache()         forget every block (snapshot restore, ROM load)

import { BLOCKS, BLOCKS_SIZE, BLOCK_SIZE, BLOCK_SLOTS, CODE_PAGES, CODE_PAGES_SIZE } from './layout';
import { noteCodeChanged } from './state';

export const HAS_CODE: u32 = 0x80000000;
/** Tag 0 means empty; decodeBlock never caches a block at 0xFFFFFFFF, whose tag that would be. */
export const EMPTY_TAG: u32 = 0;

/** A block's tag: the complement of its physical address, so that zeroed memory is empty. */
@inline export function tagOf(phys: u32): u32 {
  return ~phys;
}

export const B_TAG: u32 = 0;
export const B_COUNT: u32 = 4;
export const B_PAGE_WORD: u32 = 8;
export const B_PREFIX_CYCLES: u32 = 12;

/** Handler of an undefined instruction: above every opcode byte. */
export const HANDLER_UD: u32 = 0x100;
/** Added to an entry's handler when its r/m operand is memory. */
export const MEM_FORM: u32 = 0x200;

export const I_OP: u32 = 0;
export const I_LEN: u32 = 2;
export const I_COST: u32 = 3;
export const I_MEM: u32 = 4;
export const I_REG: u32 = 5;
export const I_RM: u32 = 6;
export const I_INDEX: u32 = 7;
export const I_SCALE: u32 = 8;
export const I_CC: u32 = 9;
export const I_FORM: u32 = 10;
export const I_FOLLOWS: u32 = 11;
export const I_DISP: u32 = 12;
export const I_IMM: u32 = 16;
export const I_PHYS: u32 = 20;

@inline export function slotOf(phys: u32): u32 {
  return BLOCKS + ((phys ^ (phys >>> 13)) & (BLOCK_SLOTS - 1)) * BLOCK_SIZE;
}

@inline function pageWordAddr(phys: u32): u32 {
  return CODE_PAGES + ((phys >>> 12) << 2);
}

@inline export function pageHasCode(phys: u32): bool {
  return (load<u32>(pageWordAddr(phys)) & HAS_CODE) != 0;
}

/** ramBytes is passed by the caller: ROM and unmapped pages have no word. */
@inline export function blockValid(b: u32, phys: u32, ramBytes: u32): bool {
  if (load<u32>(b, B_TAG) != tagOf(phys)) return false;
  if (phys >= ramBytes) return phys != 0xFFFFFFFF; // ROM; 0xFFFFFFFF's tag is the empty tag
  return load<u32>(b, B_PAGE_WORD) == load<u32>(pageWordAddr(phys));
}

/** The current block starting at phys, or 0 (decode it). */
@inline export function cachedBlock(phys: u32, ramBytes: u32): u32 {
  const b = slotOf(phys);
  return blockValid(b, phys, ramBytes) ? b : 0;
}

export function claimPage(phys: u32): u32 {
  const a = pageWordAddr(phys);
  const word = load<u32>(a) | HAS_CODE;
  store<u32>(a, word);
  return word;
}

function advance(a: u32): void {
  store<u32>(a, ((load<u32>(a) & ~HAS_CODE) + 1) & ~HAS_CODE);
}

export function codeWritten(phys: u32): void {
  advance(pageWordAddr(phys));
  noteCodeChanged();
}

export function invalidateRange(phys: u32, len: u32): void {
  if (len == 0) return;
  const end = phys + len; // RAM is below 1 GiB: no wrap
  for (let p = phys & ~0xFFF; p < end; p += 0x1000) {
    if (pageHasCode(p)) {
      advance(pageWordAddr(p));
      noteCodeChanged();
    }
  }
}

export function flushCodeCache(): void {
  memory.fill(BLOCKS, 0, BLOCKS_SIZE);
  memory.fill(CODE_PAGES, 0, CODE_PAGES_SIZE);
}
