// Pending exceptions (docs/isa.md §5.1).
//
// A memory access or an executor that detects an exception calls raise(); the
// first exception of an instruction wins and later ones are ignored. Executors
// check `faulted` after every step that can fault and stop before changing any
// state; the run loop then delivers the exception (deliver.ts) with eip at the
// faulting instruction.
//
//   raise(vector, error)   record an exception (error ignored for vectors without one)
//   raisePageFault(linear, error)   #PF: also sets cr2 and counts the page fault
//   takeFault()            clears and returns the pending vector

import { COUNTER_PAGE_FAULTS, STATE_CR2 } from './layout';
import { bump, requestBlockBreak } from './state';

export const VEC_DE: u32 = 0;
export const VEC_UD: u32 = 6;
export const VEC_DF: u32 = 8;
export const VEC_GP: u32 = 13;
export const VEC_PF: u32 = 14;

export const PF_P: u32 = 1 << 0;
export const PF_W: u32 = 1 << 1;
export const PF_U: u32 = 1 << 2;
export const PF_RSVD: u32 = 1 << 3;
export const PF_I: u32 = 1 << 4;

export let faulted: bool = false;
export let faultVector: u32 = 0;
export let faultError: u32 = 0;

export function raise(vector: u32, error: u32): void {
  if (faulted) return;
  faulted = true;
  requestBlockBreak();
  faultVector = vector;
  faultError = error;
}

export function raisePageFault(linear: u32, error: u32): void {
  if (faulted) return;
  store<u32>(0, linear, STATE_CR2);
  bump(COUNTER_PAGE_FAULTS);
  raise(VEC_PF, error);
}

export function takeFault(): u32 {
  faulted = false;
  return faultVector;
}

/** §5.1: #DF, #GP and #PF push an error code. */
@inline export function hasErrorCode(vector: u32): bool {
  return vector == VEC_DF || vector == VEC_GP || vector == VEC_PF;
}
