// System instructions and the paths that leave the block runner (docs/isa.md
// §3.11, §5). Each works on the state in memory, which the block runner has made
// exact (flushed) before calling.
//
//   retireOne(e, next)          account one completed instruction (eip, cycles, count)
//   instructionFault(eip)       charge what the faulting instruction owes, deliver its exception
//   softwareInterrupt(e, eip, next)   int n
//   portAccess(e, op, next)     in/out, then retire; EXEC_STOP when the host asked to stop
//   deliverInterrupt()          a hardware interrupt at a boundary: acknowledge, deliver
//   writeControl(n, v)/readControl(n)   mov cr (§3.11: flushes and their counts)
//
// Results: EXEC_DONE, EXEC_STOP, EXEC_HALT, EXEC_TRIPLE_FAULT.

import {
  COUNTER_CR3_LOADS, COUNTER_TLB_FLUSHES, EV_CR3, EV_FLUSH, STATE_CR0, STATE_CR2, STATE_CR3, STATE_EIP,
  STATE_INSTRUCTIONS, STATE_KSP, STOP_REQUEST, TRACE_MMU,
} from './layout';
import * as G from './generated/opcodes';
import { DELIVERED, KIND_EXC, KIND_IRQ, KIND_SOFT, TRIPLE_FAULT, deliver } from './deliver';
import { faultError, takeFault } from './fault';
import { intAck, portRead, portWrite } from './io';
import { costField, immField } from './operands';
import {
  CR0_PG, CR0_WP, EAX, EDX, bump, charge, forgetFetchPage, reg, reg16, reg8, refreshAttention, refreshDerived,
  setReg, setReg16, setReg8,
} from './state';
import { flushAll, flushNonGlobal, owedCycles, takeOwedCycles } from './tlb';
import { emit, tracing } from './trace';

export const EXEC_DONE: u32 = 0;
export const EXEC_STOP: u32 = 1;
export const EXEC_TRIPLE_FAULT: u32 = 2;
export const EXEC_HALT: u32 = 3;

@inline function countInstruction(): void {
  store<u64>(0, load<u64>(0, STATE_INSTRUCTIONS) + 1, STATE_INSTRUCTIONS);
}

export function retireOne(e: u32, next: u32): void {
  store<u32>(0, next, STATE_EIP);
  let cost = costField(e);
  if (owedCycles != 0) cost += takeOwedCycles();
  charge(<u64>cost);
  countInstruction();
}

export function instructionFault(eip: u32): u32 {
  charge(<u64>takeOwedCycles());
  const vector = takeFault();
  return deliver(vector, KIND_EXC, faultError, eip, eip) == TRIPLE_FAULT ? EXEC_TRIPLE_FAULT : EXEC_DONE;
}

/** int n: its own cost belongs to the CPL it ran at; it retires when delivered. */
export function softwareInterrupt(e: u32, eip: u32, next: u32): u32 {
  charge(<u64>(costField(e) + takeOwedCycles()));
  const r = deliver(immField(e) & 0xFF, KIND_SOFT, 0, next, eip);
  if (r == TRIPLE_FAULT) return EXEC_TRIPLE_FAULT;
  if (r == DELIVERED) countInstruction();
  return EXEC_DONE;
}

export function deliverInterrupt(): u32 {
  const vector = intAck() & 0xFF;
  const eip = load<u32>(0, STATE_EIP);
  const r = deliver(vector, KIND_IRQ, 0, eip, eip);
  refreshAttention();
  return r == TRIPLE_FAULT ? EXEC_TRIPLE_FAULT : EXEC_DONE;
}

export function portAccess(e: u32, op: u32, next: u32): u32 {
  const imm8Port = op == G.OP_IN_AL_IMM8 || op == G.OP_IN_EAX_IMM8 || op == G.OP_OUT_IMM8_AL
    || op == G.OP_OUT_IMM8_EAX;
  const port = imm8Port ? immField(e) & 0xFF : reg16(EDX);
  switch (op) {
    case G.OP_IN_AL_DX: case G.OP_IN_AL_IMM8: setReg8(EAX, portRead(port, 1)); break;
    case G.OP_IN_AX_DX: setReg16(EAX, portRead(port, 2)); break;
    case G.OP_IN_EAX_DX: case G.OP_IN_EAX_IMM8: setReg(EAX, portRead(port, 4)); break;
    case G.OP_OUT_DX_AL: case G.OP_OUT_IMM8_AL: portWrite(port, 1, reg8(EAX)); break;
    case G.OP_OUT_DX_AX: portWrite(port, 2, reg16(EAX)); break;
    default: portWrite(port, 4, reg(EAX)); break;
  }
  retireOne(e, next);
  refreshAttention();
  if (load<u32>(0, STOP_REQUEST) != 0) {
    store<u32>(0, 0, STOP_REQUEST);
    return EXEC_STOP;
  }
  return EXEC_DONE;
}

export function writeControl(n: u32, v: u32, eip: u32): void {
  if (n == 0) {
    const old = load<u32>(0, STATE_CR0);
    const now = v & (CR0_PG | CR0_WP);
    store<u32>(0, now, STATE_CR0);
    forgetFetchPage();
    if (((old ^ now) & (CR0_PG | CR0_WP)) != 0) {
      flushAll();
      bump(COUNTER_TLB_FLUSHES);
      if (tracing(TRACE_MMU)) emit(EV_FLUSH, 1, 0, eip, 0, 0);
    }
    refreshDerived();
  } else if (n == 2) {
    store<u32>(0, v, STATE_CR2);
  } else if (n == 3) {
    const cr3 = v & ~0xFFF;
    store<u32>(0, cr3, STATE_CR3);
    bump(COUNTER_CR3_LOADS);
    flushNonGlobal();
    bump(COUNTER_TLB_FLUSHES);
    forgetFetchPage();
    if (tracing(TRACE_MMU)) {
      emit(EV_CR3, 0, 0, eip, cr3, 0);
      emit(EV_FLUSH, 0, 0, eip, 0, 0);
    }
  } else {
    store<u32>(0, v, STATE_KSP);
  }
}

export function readControl(n: u32): u32 {
  if (n == 0) return load<u32>(0, STATE_CR0);
  if (n == 2) return load<u32>(0, STATE_CR2);
  if (n == 3) return load<u32>(0, STATE_CR3);
  return load<u32>(0, STATE_KSP);
}
