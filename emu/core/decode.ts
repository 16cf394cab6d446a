// Instruction decoding (docs/isa.md §2) into decoded blocks (layout.ts).
//
//   decodeBlock(eip, phys)   decodes the block starting at linear eip, whose first
//                            byte is at physical phys (eip's page is the fetch page).
//                            Returns the block's address, or 0 when fetching the
//                            first instruction faulted.
//
// The first instruction is fetched in order through the fetch page rule (§7),
// so its fetch faults come before any decode error and it may cross a page; such
// an instruction, or one outside RAM and ROM, gets an uncached one-instruction
// block in the spare slot. The block then grows with the instructions that
// execute next in the same page, read from physical memory without any lookup
// (the fetch page already maps them), up to BLOCK_MAX_INSNS: after a jcc to a
// target in the page that is backward (a loop) or that jumps over a call (error
// paths: Ball and Larus's call heuristic), both most often taken, those at the
// target (the entry is marked I_FOLLOWS, and the runner leaves the block when
// the jcc is not taken); after any other jcc, those that follow it (the runner leaves
// when it is taken); after a direct jmp or call whose target is in the page,
// those at the target. It stops after any other instruction that ends a block
// (endsBlock), before one that would leave the page, and before one the block
// holds already (a loop is repeated by the runner, not unrolled in the block).
//
// An entry's handler is the opcode of the table case that executes it (a +r or
// condition family maps to its first opcode), plus MEM_FORM when the r/m operand
// is memory. A decode error (no table entry, a broken operand-shape rule) gives
// HANDLER_UD, raised when executed. Registers are numbers 0-7 and
// NO_REG (8), which reads as 0, for an absent base or index.

import * as G from './generated/opcodes';
import {
  BLOCKS, BLOCK_HEADER_SIZE, BLOCK_MAX_INSNS, BLOCK_SIZE, BLOCK_SLOTS, INSN_SIZE, ROM_PHYS,
} from './layout';
import {
  B_COUNT, B_PAGE_WORD, B_PREFIX_CYCLES, B_TAG, EMPTY_TAG, tagOf, I_CC, I_COST, I_DISP, I_FOLLOWS, I_FORM, I_IMM,
  I_INDEX, I_LEN, I_MEM, I_OP, I_PHYS, I_REG, I_RM, I_SCALE, HANDLER_UD, MEM_FORM, claimPage, slotOf,
} from './codecache';
import { faulted } from './fault';
import { FORM_CALL_REL, FORM_JCC_REL, FORM_JMP_REL, JCC_TAKEN_CYCLES, inlineForm } from './inline-forms';
import { fetchByte } from './memory';
import { physRead8 } from './physmem';
import { NO_REG, ramBytes } from './state';

export { HANDLER_UD, MEM_FORM } from './codecache';

/** The spare slot, for instructions that are not cached. */
const SPARE: u32 = BLOCKS + BLOCK_SLOTS * BLOCK_SIZE;
/** Its entry: where a block's first instruction is decoded; scratch once that is copied to a cached block. */
const SPARE_ENTRY: u32 = SPARE + BLOCK_HEADER_SIZE;

const IMM_BYTES: u32 = 0x04020100; // imm code -> bytes, one byte each

// Where decodeInsn takes its bytes: through the fetch unit, or from physical
// memory below a limit.
let fromPhysical = false;
let cursor: u32 = 0;
let limit: u32 = 0;
let overrun = false;

function nextByte(): u32 {
  if (fromPhysical) {
    if (cursor >= limit) {
      overrun = true;
      return 0;
    }
    return physRead8(cursor++);
  }
  return fetchByte(cursor++);
}

@inline function stopped(): bool {
  return faulted || overrun;
}

/** Decodes one instruction into entry e; false when a fetch faulted or the page ended. */
function decodeInsn(e: u32): bool {
  const start = cursor;
  const b0 = nextByte();
  if (stopped()) return false;
  const info = unchecked(G.OPCODE_INFO[b0]);
  let handler = info >>> G.INFO_HANDLER_SHIFT;
  let ok = (info & G.INFO_DEFINED) != 0;
  let mem: u32 = 0;
  let regf: u32 = 0;
  let rm: u32 = NO_REG;
  let index: u32 = NO_REG;
  let scale: u32 = 0;
  let disp: u32 = 0;
  let imm: u32 = 0;
  const shape = (info >>> G.INFO_SHAPE_SHIFT) & G.INFO_SHAPE_MASK;
  if (ok && shape != G.SHAPE_NONE) {
    const modrm = nextByte();
    if (stopped()) return false;
    const mod = modrm >>> 6;
    regf = (modrm >>> 3) & 7;
    const rmf = modrm & 7;
    rm = rmf;
    if (mod != 3) {
      mem = 1;
      let dispBytes: u32 = mod == 1 ? 1 : mod == 2 ? 4 : 0;
      if (rmf == 4) {
        const sib = nextByte();
        if (stopped()) return false;
        scale = sib >>> 6;
        index = (sib >>> 3) & 7;
        if (index == 4) index = NO_REG;
        rm = sib & 7;
        if (rm == 5 && mod == 0) { rm = NO_REG; dispBytes = 4; }
      } else if (mod == 0 && rmf == 5) {
        rm = NO_REG;
        dispBytes = 4;
      }
      for (let i: u32 = 0; i < dispBytes; i++) {
        disp |= nextByte() << (i << 3);
        if (stopped()) return false;
      }
      if (dispBytes == 1) disp = <u32>(<i32>(disp << 24) >> 24);
    }
    switch (shape) {
      case G.SHAPE_RM: ok = regf == 0; break;
      case G.SHAPE_MEM: ok = mod != 3 && regf == 0; break;
      case G.SHAPE_REG_MEM: ok = mod != 3; break;
      case G.SHAPE_CR: ok = mod == 3 && ((G.CONTROL_REG_MASK >>> regf) & 1) != 0; break;
      default: break;
    }
  }
  if (ok) {
    const immBytes = (IMM_BYTES >>> (((info >>> G.INFO_IMM_SHIFT) & G.INFO_IMM_MASK) << 3)) & 0xFF;
    for (let i: u32 = 0; i < immBytes; i++) {
      imm |= nextByte() << (i << 3);
      if (stopped()) return false;
    }
    if (immBytes == 1 && (info & G.INFO_IMM_SIGNED) != 0) imm = <u32>(<i32>(imm << 24) >> 24);
    if ((info & G.INFO_PLUS_REG) != 0) regf = b0 & 7;
  } else {
    handler = HANDLER_UD;
  }
  if (mem != 0) handler |= MEM_FORM;
  let cost = (info >>> G.INFO_CYCLES_SHIFT) & 0xFF;
  if (mem != 0) {
    const access = (info >>> G.INFO_RM_SHIFT) & G.INFO_RM_MASK;
    cost += access == G.RM_RMW ? 2 : access == G.RM_READ || access == G.RM_WRITE ? 1 : 0;
  }
  store<u16>(e, <u16>handler, I_OP);
  store<u8>(e, <u8>(cursor - start), I_LEN);
  store<u8>(e, <u8>cost, I_COST);
  store<u8>(e, <u8>mem, I_MEM);
  store<u8>(e, <u8>regf, I_REG);
  store<u8>(e, <u8>rm, I_RM);
  store<u8>(e, <u8>index, I_INDEX);
  store<u8>(e, <u8>scale, I_SCALE);
  store<u8>(e, <u8>((info & G.INFO_CONDITION) != 0 ? b0 & 15 : 0), I_CC);
  store<u8>(e, <u8>inlineForm(handler), I_FORM);
  store<u8>(e, 0, I_FOLLOWS);
  store<u32>(e, disp, I_DISP);
  store<u32>(e, imm, I_IMM);
  return true;
}

/**
 * Instructions after which a block ends: control transfers, everything that
 * changes CPL, IF, paging or the fetch page, port accesses, rep (its cycles
 * depend on ecx), and #UD. (After a jcc, or a direct jmp or call, the block may
 * go on all the same: continueAfter.)
 */
export function endsBlock(entryHandler: u32): bool {
  const handler = entryHandler & ~MEM_FORM;
  if (handler == HANDLER_UD) return true;
  const info = unchecked(G.OPCODE_INFO[handler]);
  if ((info & (G.INFO_PRIVILEGED | G.INFO_RELATIVE)) != 0) return true;
  switch (handler) {
    case G.OP_JMP_RM32: case G.OP_CALL_RM32: case G.OP_RET: case G.OP_RET_IMM16:
    case G.OP_INT_IMM8: case G.OP_POPFD: case G.OP_UD2:
    case G.OP_REP_MOVSB: case G.OP_REP_MOVSD: case G.OP_REP_STOSB: case G.OP_REP_STOSD:
      return true;
    default:
      return false;
  }
}

const NO_CONTINUATION: u32 = 0xFFFFFFFF;

/** How far a forward jcc's skipped code is looked at for a call. */
const SKIP_SCAN_BYTES: u32 = 48;

/** Does the code from physical from up to to, which a forward jcc jumps over, call (or trap)? */
function skipsCall(from: u32, to: u32): bool {
  if (to - from > SKIP_SCAN_BYTES) return false;
  const resume = cursor;
  let found = false;
  cursor = from;
  while (cursor < to && decodeInsn(SPARE_ENTRY)) {
    const handler = <u32>load<u16>(SPARE_ENTRY, I_OP) & ~MEM_FORM;
    if (handler == G.OP_CALL_REL32 || handler == G.OP_CALL_RM32 || handler == G.OP_UD2) {
      found = true;
      break;
    }
  }
  cursor = resume;
  overrun = false;
  return found;
}

@inline function entryAt(b: u32, i: u32): u32 {
  return b + BLOCK_HEADER_SIZE + i * INSN_SIZE;
}

/** Does block b, of count entries so far, hold an instruction starting at physical p? */
function holds(b: u32, count: u32, p: u32): bool {
  for (let i: u32 = 0; i < count; i++) {
    if (load<u32>(entryAt(b, i), I_PHYS) == p) return true;
  }
  return false;
}

/**
 * Where block b, of count entries so far, goes on after its last entry: the
 * physical address of the next instruction to decode, or NO_CONTINUATION. A jcc
 * followed to its target is marked (I_FOLLOWS). Code the block holds already is
 * not decoded again: a loop is repeated by the runner, not unrolled in the block.
 */
function continueAfter(b: u32, count: u32): u32 {
  const e = entryAt(b, count - 1);
  const end = load<u32>(e, I_PHYS) + <u32>load<u8>(e, I_LEN);
  const form = <u32>load<u8>(e, I_FORM);
  let resume = end;
  if (form == FORM_JCC_REL || form == FORM_JMP_REL || form == FORM_CALL_REL) {
    const target = end + load<u32>(e, I_IMM);
    const followed = ((target ^ end) & ~0xFFF) == 0 && !holds(b, count, target)
      && (form != FORM_JCC_REL || target < end || skipsCall(end, target));
    if (followed) {
      if (form == FORM_JCC_REL) store<u8>(e, 1, I_FOLLOWS);
      resume = target;
    } else if (form != FORM_JCC_REL) {
      return NO_CONTINUATION;
    }
  } else if (endsBlock(<u32>load<u16>(e, I_OP))) {
    return NO_CONTINUATION;
  }
  return holds(b, count, resume) ? NO_CONTINUATION : resume;
}

/** Cycles entry e may add before the next instruction starts: its cost, and a followed jcc's. */
function cyclesBeforeNext(e: u32): u32 {
  return <u32>load<u8>(e, I_COST) + (load<u8>(e, I_FOLLOWS) != 0 ? JCC_TAKEN_CYCLES : 0);
}

export function decodeBlock(eip: u32, phys: u32): u32 {
  const first = SPARE_ENTRY;
  fromPhysical = false;
  overrun = false;
  cursor = eip;
  if (!decodeInsn(first)) return 0;
  const len = <u32>load<u8>(first, I_LEN);
  const inRam = phys < ramBytes && phys + len <= ramBytes;
  const cacheable = (phys & 0xFFF) + len <= 0x1000 && (inRam || phys >= ROM_PHYS)
    && tagOf(phys) != EMPTY_TAG;
  if (!cacheable) {
    store<u32>(SPARE, EMPTY_TAG, B_TAG);
    store<u32>(SPARE, 1, B_COUNT);
    store<u32>(SPARE, 0, B_PREFIX_CYCLES);
    return SPARE;
  }
  const b = slotOf(phys);
  memory.copy(entryAt(b, 0), first, INSN_SIZE);
  store<u32>(entryAt(b, 0), phys, I_PHYS);
  let count: u32 = 1;
  let prefix: u32 = 0;
  fromPhysical = true;
  limit = (phys & ~0xFFF) + 0x1000;
  let resume = continueAfter(b, count);
  while (count < BLOCK_MAX_INSNS && resume != NO_CONTINUATION) {
    const e = entryAt(b, count);
    cursor = resume;
    if (!decodeInsn(e)) break;
    store<u32>(e, resume, I_PHYS);
    prefix += cyclesBeforeNext(e - INSN_SIZE);
    count++;
    resume = continueAfter(b, count);
  }
  fromPhysical = false;
  overrun = false;
  store<u32>(b, tagOf(phys), B_TAG);
  store<u32>(b, count, B_COUNT);
  store<u32>(b, inRam ? claimPage(phys) : 0, B_PAGE_WORD);
  store<u32>(b, prefix, B_PREFIX_CYCLES);
  return b;
}
