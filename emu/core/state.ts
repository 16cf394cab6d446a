// Register, control-state and counter access for the rest of the core.
//
//   reg(r)/setReg(r, v), reg8/setReg8, reg16/setReg16   general registers (§1;
//                       register 8 reads 0 and stands for "no base / no index")
//   paging, userMode, needRead, needWrite, ramBytes, ramLast4 ...
//                       values derived from the state, kept in globals for the hot
//                       path; refreshDerived() recomputes them after any change of
//                       cr0, CPL or RAM size (and after the host writes the state)
//   forgetFetchPage()   §7: the fetch unit forgets its page
//   bump(counter)/bumpVector(array, v)   u64 counters
//   settleCycles()      bring the user/kernel cycle counters up to date (they are
//                       settled lazily, at CPL changes and when the core returns)
//   charge(n)           add n cycles, attributed to the current CPL
//   chargeKernel(n)     add n cycles attributed to the kernel
//   attention/refreshAttention()   whether a boundary needs the slow checks
//   blockBreak, codeChanged   the running block must check its budget again, or
//                       stop, after this instruction

import {
  COUNTER_KERNEL_CYCLES, COUNTER_USER_CYCLES, INTR_LINE, RAM_BYTES, STATE_CPL, STATE_CR0, STATE_CYCLES,
  STATE_CYCLE_MARK, STATE_EFLAGS, STATE_FETCH_LINEAR, STATE_HALTED, STATE_REGS, STATE_SHUTDOWN, STATE_STI_SHADOW,
  TRACE_MASK,
} from './layout';

export const EAX: u32 = 0;
export const ECX: u32 = 1;
export const EDX: u32 = 2;
export const EBX: u32 = 3;
export const ESP: u32 = 4;
export const EBP: u32 = 5;
export const ESI: u32 = 6;
export const EDI: u32 = 7;
export const NO_REG: u32 = 8;

export const CR0_PG: u32 = 0x80000000;
export const CR0_WP: u32 = 0x00010000;

/** PTE/TLB bits (docs/isa.md §6). */
export const PTE_P: u32 = 1 << 0;
export const PTE_RW: u32 = 1 << 1;
export const PTE_US: u32 = 1 << 2;
export const PTE_A: u32 = 1 << 5;
export const PTE_D: u32 = 1 << 6;
export const PTE_PS: u32 = 1 << 7;
export const PTE_G: u32 = 1 << 8;

export const FETCH_FORGOTTEN: u32 = 1;

export let paging: bool = false;
export let userMode: bool = false;
export let writeProtect: bool = false;
/** TLB entry bits a hit needs for a data read / a write (and D, so a clean page refills). */
export let needRead: u32 = 0;
export let needWrite: u32 = PTE_D;
export let ramBytes: u32 = 0;
export let ramLast1: u32 = 0;
export let ramLast2: u32 = 0;
export let ramLast4: u32 = 0;

export function refreshDerived(): void {
  const cr0 = load<u32>(0, STATE_CR0);
  paging = (cr0 & CR0_PG) != 0;
  writeProtect = (cr0 & CR0_WP) != 0;
  userMode = load<u32>(0, STATE_CPL) == 3;
  needRead = userMode ? PTE_US : 0;
  needWrite = userMode ? PTE_US | PTE_RW | PTE_D : (writeProtect ? PTE_RW | PTE_D : PTE_D);
  ramBytes = load<u32>(0, RAM_BYTES);
  // Sizes below 4 bytes are not supported (init refuses them); the subtraction cannot wrap.
  ramLast1 = ramBytes - 1;
  ramLast2 = ramBytes - 2;
  ramLast4 = ramBytes - 4;
}

@inline export function reg(r: u32): u32 {
  return load<u32>(r << 2, STATE_REGS);
}

@inline export function setReg(r: u32, v: u32): void {
  store<u32>(r << 2, v, STATE_REGS);
}

@inline export function reg8(r: u32): u32 {
  return <u32>load<u8>(r << 2, STATE_REGS);
}

@inline export function setReg8(r: u32, v: u32): void {
  store<u8>(r << 2, <u8>v, STATE_REGS);
}

@inline export function reg16(r: u32): u32 {
  return <u32>load<u16>(r << 2, STATE_REGS);
}

@inline export function setReg16(r: u32, v: u32): void {
  store<u16>(r << 2, <u16>v, STATE_REGS);
}

@inline export function cpl(): u32 {
  return load<u32>(0, STATE_CPL);
}

@inline export function forgetFetchPage(): void {
  store<u32>(0, FETCH_FORGOTTEN, STATE_FETCH_LINEAR);
}

@inline export function bump(counter: u32): void {
  store<u64>(counter, load<u64>(counter) + 1);
}

@inline export function bumpVector(array: u32, vector: u32): void {
  const a = array + (vector << 3);
  store<u64>(a, load<u64>(a) + 1);
}

@inline export function cycles(): u64 {
  return load<u64>(0, STATE_CYCLES);
}

export function settleCycles(): void {
  const now = load<u64>(0, STATE_CYCLES);
  const mark = load<u64>(0, STATE_CYCLE_MARK);
  if (now == mark) return;
  const counter = load<u32>(0, STATE_CPL) == 3 ? COUNTER_USER_CYCLES : COUNTER_KERNEL_CYCLES;
  store<u64>(counter, load<u64>(counter) + (now - mark));
  store<u64>(0, now, STATE_CYCLE_MARK);
}

/** Changes CPL (0 or 3), settling the cycles spent at the old one first. */
export function changeCpl(to: u32): void {
  if (load<u32>(0, STATE_CPL) == to) return;
  settleCycles();
  store<u32>(0, to, STATE_CPL);
  forgetFetchPage();
  refreshDerived();
}

@inline export function charge(n: u64): void {
  store<u64>(0, load<u64>(0, STATE_CYCLES) + n, STATE_CYCLES);
}

/** Adds n cycles that belong to the kernel whatever the CPL (a failed delivery's walks). */
export function chargeKernel(n: u64): void {
  settleCycles();
  const now = load<u64>(0, STATE_CYCLES) + n;
  store<u64>(0, now, STATE_CYCLES);
  store<u64>(0, now, STATE_CYCLE_MARK);
  store<u64>(COUNTER_KERNEL_CYCLES, load<u64>(COUNTER_KERNEL_CYCLES) + n);
}

/**
 * True when the run loop must look at more than the cycle budget at the next
 * boundary: an interrupt line with IF set, tracing, hlt, an sti shadow or a shutdown.
 */
const EFLAGS_IF: u32 = 1 << 9;
export let attention: bool = true;

/** Call after anything that changes IF, the interrupt line, tracing, hlt, the sti shadow or a shutdown. */
export function refreshAttention(): void {
  const interruptible = (load<u32>(0, STATE_EFLAGS) & EFLAGS_IF) != 0 && load<u32>(0, INTR_LINE) != 0;
  attention = interruptible || load<u32>(0, TRACE_MASK) != 0 || load<u32>(0, STATE_HALTED) != 0
    || load<u32>(0, STATE_STI_SHADOW) != 0 || load<u32>(0, STATE_SHUTDOWN) != 0;
}

/**
 * Set when the running block must look beyond its common path after the current
 * instruction: an exception was raised, a page walk added cycles (the budget
 * must be checked again), or code was written (codeChanged: the block must stop).
 */
export let blockBreak: bool = false;
export let codeChanged: bool = false;

export function requestBlockBreak(): void {
  blockBreak = true;
}

export function noteCodeChanged(): void {
  codeChanged = true;
  blockBreak = true;
}

export function clearBlockBreak(): void {
  blockBreak = false;
  codeChanged = false;
}
