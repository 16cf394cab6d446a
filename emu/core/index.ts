// The wasm core's exports (docs/machine.md §1.2): the layout globals, lifecycle,
// and the run loop.
//
//   init(ramBytes): u32       grow memory, clear everything, reset; 0 on success
//   reset()                   the reset state of docs/isa.md §11; cycles, counters
//                             and the TLB are zeroed, RAM and ROM untouched
//   run(target: u64): u32     execute until the cycle counter reaches target or a
//                             stop; returns a StopReason (emu/cpu-state.ts)
//   step(): u32               one instruction or one interrupt delivery
//   getEflags()/setEflags(v)  eflags, materialised from the lazy flags
//   addIdleCycles(n: u64)     time passing while halted
//   invalidateCode(phys, len) RAM written from outside (DMA, host loader)
//   flushDecodeCache()        forget all decoded code (snapshot restore, ROM load)
//   stateChanged()            the host wrote state fields: recompute derived values
//   discardTransient()        the host set a new state: empty the TLB (uncounted),
//                             forget the fetch page, the sti shadow and a shutdown
//   setCpl(cpl)               change CPL from the host (settles cycle attribution,
//                             forgets the fetch page)
//   forgetFetchPage()         the host changed cr0/cr3 or eip's mapping
//   syncCounters()            make the user/kernel cycle counters exact in memory
//
// Boundary work (interrupts, hlt, the sti shadow, tracing, a full event buffer)
// is only looked at when `attention` is set, so the common path is: budget
// check, fetch through the fetch page, decoded-block lookup, runBlock.

export * from './layout';
export { getEflags, setEflags } from './flags';

import {
  AS_DATA, AS_DATA_SIZE, COUNTER_IDLE_CYCLES, CPU, EV_INSN, INTR_LINE, MAX_RAM_BYTES, RAM_BASE, RAM_BYTES,
  ROM_BASE, ROM_PHYS, ROM_SIZE, STATE_CYCLES, STATE_CYCLE_MARK, STATE_EIP, STATE_FETCH_LINEAR,
  STATE_FETCH_PHYS, STATE_HALTED, STATE_SHUTDOWN, STATE_STI_SHADOW, STOP_BUDGET, STOP_DEAD,
  STOP_EVENTS_FULL, STOP_HALTED, STOP_REQUEST, STOP_REQUESTED, STOP_STEP, STOP_TRIPLE_FAULT, TRACE_INSN,
  TRACE_MASK, STATE_EFLAGS, SAVED_SIZE,
} from './layout';
import { cachedBlock, flushCodeCache, invalidateRange } from './codecache';
import { decodeBlock } from './decode';
import { EXEC_DONE, EXEC_HALT, EXEC_STOP, EXEC_TRIPLE_FAULT, deliverInterrupt, instructionFault, runBlock } from './exec';
import { IF, setEflags } from './flags';
import { fetchLookup } from './memory';
import { flushAll } from './tlb';
import * as S from './state';
import { emit, eventsNearlyFull } from './trace';

const BOUNDARY_CONTINUE: u32 = 100;
const BOUNDARY_DELIVERED: u32 = 101;

function boundary(): u32 {
  if (load<u32>(0, STATE_SHUTDOWN) != 0) return STOP_TRIPLE_FAULT;
  if (load<u32>(0, TRACE_MASK) != 0 && eventsNearlyFull()) return STOP_EVENTS_FULL;
  const shadow = load<u32>(0, STATE_STI_SHADOW) != 0;
  if (shadow) store<u32>(0, 0, STATE_STI_SHADOW);
  const interruptsOn = (load<u32>(0, STATE_EFLAGS) & IF) != 0;
  if (load<u32>(0, INTR_LINE) != 0 && interruptsOn && !shadow) {
    return deliverInterrupt() == EXEC_TRIPLE_FAULT ? STOP_TRIPLE_FAULT : BOUNDARY_DELIVERED;
  }
  if (load<u32>(0, STATE_HALTED) != 0) return interruptsOn ? STOP_HALTED : STOP_DEAD;
  if ((load<u32>(0, TRACE_MASK) & TRACE_INSN) != 0) emit(EV_INSN, 0, 0, load<u32>(0, STATE_EIP), 0, 0);
  S.refreshAttention();
  return BOUNDARY_CONTINUE;
}

/**
 * Runs the block at eip: the fetch lookup of eip's page unless it is the fetch
 * page, the decoded block (decoding it if needed), then runBlock. single: only
 * its first instruction.
 */
@inline function executeNext(target: u64, single: bool): u32 {
  const eip = load<u32>(0, STATE_EIP);
  if ((eip & ~0xFFF) != load<u32>(0, STATE_FETCH_LINEAR)) {
    if (!fetchLookup(eip)) return instructionFault(eip);
  }
  const phys = load<u32>(0, STATE_FETCH_PHYS) | (eip & 0xFFF);
  let b = cachedBlock(phys, S.ramBytes);
  if (b == 0) {
    b = decodeBlock(eip, phys);
    if (b == 0) return instructionFault(eip);
  }
  return runBlock(b, eip, target, single);
}

@inline function stopOf(exec: u32): u32 {
  if (exec == EXEC_HALT) return (load<u32>(0, STATE_EFLAGS) & IF) != 0 ? STOP_HALTED : STOP_DEAD;
  return exec == EXEC_STOP ? STOP_REQUESTED : STOP_TRIPLE_FAULT;
}

/** Blocks per runSlice call: few enough that the engine soon optimizes it. */
const SLICE: u32 = 1024;
const SLICE_DONE: u32 = 200;

/**
 * At most SLICE boundaries of run(): returns a stop reason, or SLICE_DONE. The
 * loop lives here rather than in run() because engines optimize a function
 * for its next call, not during a call already running.
 */
function runSlice(target: u64): u32 {
  for (let n = SLICE; n != 0; n--) {
    if (load<u64>(0, STATE_CYCLES) >= target) return STOP_BUDGET;
    let single = false;
    if (S.attention) {
      const b = boundary();
      if (b == BOUNDARY_DELIVERED) continue;
      if (b != BOUNDARY_CONTINUE) return b;
      single = true;
    }
    const x = executeNext(target, single);
    if (x != EXEC_DONE) return stopOf(x);
  }
  return SLICE_DONE;
}

export function run(target: u64): u32 {
  S.refreshAttention();
  if (load<u32>(0, STOP_REQUEST) != 0) {
    store<u32>(0, 0, STOP_REQUEST);
    return STOP_REQUESTED;
  }
  let reason = runSlice(target);
  while (reason == SLICE_DONE) reason = runSlice(target);
  S.settleCycles();
  return reason;
}

function executeOnce(): u32 {
  return executeNext(0, true);
}

export function step(): u32 {
  S.refreshAttention();
  let reason: u32 = STOP_STEP;
  const b = boundary();
  if (b == BOUNDARY_CONTINUE) {
    const x = executeOnce();
    if (x != EXEC_DONE) reason = stopOf(x);
  } else if (b != BOUNDARY_DELIVERED) {
    reason = b;
  }
  S.settleCycles();
  return reason;
}

let initialized = false;

export function init(ramBytes: u32): u32 {
  if (ramBytes < 0x10000 || ramBytes > MAX_RAM_BYTES || (ramBytes & 0xFFF) != 0) return 1;
  if (__heap_base > AS_DATA + AS_DATA_SIZE) return 2;
  const pages = <i32>((<u64>RAM_BASE + <u64>ramBytes + 0xFFFF) >>> 16);
  const have = memory.size();
  // Memory the module grows is zeroed already: only a second init must clear.
  if (initialized) {
    memory.fill(CPU, 0, ROM_BASE - CPU);
    memory.fill(RAM_BASE, 0, min<u32>(ramBytes, (<u32>have << 16) - RAM_BASE));
  }
  if (have < pages && memory.grow(pages - have) < 0) return 3;
  initialized = true;
  memory.fill(ROM_BASE, 0xFF, ROM_SIZE);
  store<u32>(0, ramBytes, RAM_BYTES);
  reset();
  return 0;
}

export function reset(): void {
  memory.fill(CPU, 0, SAVED_SIZE); // state, cycles, counters, TLB and its FIFO pointers
  for (let r: u32 = 0; r < 9; r++) S.setReg(r, 0);
  setEflags(0);
  store<u32>(0, ROM_PHYS, STATE_EIP);
  S.forgetFetchPage();
  S.refreshDerived();
  S.refreshAttention();
}

export function addIdleCycles(n: u64): void {
  S.settleCycles();
  const now = load<u64>(0, STATE_CYCLES) + n;
  store<u64>(0, now, STATE_CYCLES);
  store<u64>(0, now, STATE_CYCLE_MARK);
  store<u64>(0, load<u64>(0, COUNTER_IDLE_CYCLES) + n, COUNTER_IDLE_CYCLES);
}

export function invalidateCode(phys: u32, len: u32): void {
  const ram = load<u32>(0, RAM_BYTES);
  if (phys >= ram) return;
  invalidateRange(phys, len > ram - phys ? ram - phys : len);
}

export function flushDecodeCache(): void {
  flushCodeCache();
}

export function stateChanged(): void {
  S.refreshDerived();
  S.refreshAttention();
}

export function discardTransient(): void {
  flushAll();
  S.forgetFetchPage();
  store<u32>(0, 0, STATE_STI_SHADOW);
  store<u32>(0, 0, STATE_SHUTDOWN);
  S.refreshAttention();
}

export function setCpl(cpl: u32): void {
  S.changeCpl(cpl == 3 ? 3 : 0);
}

export function forgetFetchPage(): void {
  S.forgetFetchPage();
}

export function syncCounters(): void {
  S.settleCycles();
}
