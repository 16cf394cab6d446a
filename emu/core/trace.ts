// Trace event records (docs/machine.md §1, record format in layout.ts).
//
//   tracing(bit)                      is this category enabled (TRACE_MASK)?
//   emit(type, aux1, aux2, eip, a, b) append one record stamped with the current
//                                     cycle counter and CPL; a full buffer drops the
//                                     record and counts it in EVENTS_DROPPED
//   emitFlow(type, eip, target)       a call or ret (EV_CALL, EV_RET): also esp and cr3
//   eventsNearlyFull()                fewer than EVENTS_RESERVE records free: run()
//                                     returns EventsFull at the next boundary
//
// Recording never touches anything a guest can observe, cycles included.

import {
  EVENTS, EVENTS_CAPACITY, EVENTS_COUNT, EVENTS_DROPPED, EVENTS_RESERVE, EVENT_SIZE, EV_A, EV_AUX1,
  EV_AUX2, EV_B, EV_C, EV_CPL, EV_CYCLE, EV_EIP, EV_TYPE, STATE_CPL, STATE_CR3, STATE_CYCLES, TRACE_MASK,
} from './layout';
import { ESP, reg } from './state';

@inline export function tracing(bit: u32): bool {
  return (load<u32>(0, TRACE_MASK) & bit) != 0;
}

export function emit(type: u32, aux1: u32, aux2: u32, eip: u32, a: u32, b: u32): void {
  const n = load<u32>(0, EVENTS_COUNT);
  if (n >= EVENTS_CAPACITY) {
    store<u32>(0, load<u32>(0, EVENTS_DROPPED) + 1, EVENTS_DROPPED);
    return;
  }
  const r = EVENTS + n * EVENT_SIZE;
  store<u64>(r, load<u64>(0, STATE_CYCLES), EV_CYCLE);
  store<u8>(r, <u8>type, EV_TYPE);
  store<u8>(r, <u8>load<u32>(0, STATE_CPL), EV_CPL);
  store<u8>(r, <u8>aux1, EV_AUX1);
  store<u8>(r, <u8>aux2, EV_AUX2);
  store<u32>(r, eip, EV_EIP);
  store<u32>(r, a, EV_A);
  store<u32>(r, b, EV_B);
  store<u64>(r, 0, EV_C);
  store<u32>(0, n + 1, EVENTS_COUNT);
}

/** A call (target: where it goes) or ret (target: where it returns), after its push or pop. */
export function emitFlow(type: u32, eip: u32, target: u32): void {
  const n = load<u32>(0, EVENTS_COUNT);
  emit(type, 0, 0, eip, target, reg(ESP));
  if (load<u32>(0, EVENTS_COUNT) > n) store<u32>(EVENTS + n * EVENT_SIZE, load<u32>(0, STATE_CR3), EV_C);
}

export function eventsNearlyFull(): bool {
  return load<u32>(0, EVENTS_COUNT) + EVENTS_RESERVE > EVENTS_CAPACITY;
}
