// Interrupt and exception delivery (docs/isa.md §5.2, §5.3) and iret (§5.4).
//
// deliverEvent(machine, event) delivers one event and returns what was finally
// delivered, or 'triple fault'. It follows §5.3 in this order:
//
//   1. gate check: vector*8+7 > IDT limit, gate P = 0, or int n from CPL 3
//      through a gate with DPL < 3 -> deliver #GP(vector*8+2) instead (once)
//   2. new stack: ksp when CPL = 3 (push the old esp), else the current esp
//   3. push eflags, CS (0x08 / 0x1B), the return eip, then the error code
//   4. CPL = 0, IF cleared unless the gate is a trap gate, eip = handler
//
// Escalation: a #PF while reading the gate or pushing the frame, or a bad gate
// for the #GP of step 1, becomes #DF(0); any failure while delivering #DF is a
// triple fault. #GP and #DF raised this way push the event's `restartEip`.
//
// Every access is a CPL 0 access (U = 0 in a #PF error code, cr0.WP applies):
// the gate is one 8-byte read; each push is its own 4-byte write access, made in
// order, so a push that faults leaves the earlier words written below esp.
// Registers change only when the whole delivery has succeeded.
//
// returnFromInterrupt(ctx) is iret: pops eip, CS, eflags (three read accesses at
// esp, esp+4, esp+8), raises #GP(0) if CS's low two bits are neither 0 nor 3,
// then pops the user esp at esp+12 when they are 3, and only then commits.

import type { CpuCounters } from '../cpu-state.ts';
import type { ExecutionContext } from './execution-context.ts';
import { GateRejected, GuestFault, VECTOR, generalProtection, hasErrorCode } from './faults.ts';
import { readStack } from './operands.ts';
import { FLAG, REG, eflagsFromWord, type Registers } from './registers.ts';
import type { Translation } from './translation.ts';

export type EventKind = 'exception' | 'hardware' | 'software';

export interface InterruptEvent {
  vector: number;
  /** Pushed after the return eip; null for vectors without one (and for int n). */
  errorCode: number | null;
  kind: EventKind;
  /** Pushed as the return address: the faulting instruction, the next one (int n), or the interrupted one. */
  returnEip: number;
  /** Pushed instead by a #GP or #DF that replaces this event: the instruction to restart. */
  restartEip: number;
}

export interface DeliveryMachine {
  regs: Registers;
  mmu: Translation;
}

export type DeliveryOutcome =
  | { delivered: InterruptEvent; fromUser: boolean }
  | { tripleFault: true };

/** The CS selectors pushed and popped (§4). */
export const KERNEL_CS = 0x08;
export const USER_CS = 0x1b;

const GATE = { PRESENT: 1 << 0, TRAP: 1 << 1, DPL_SHIFT: 2 } as const;

export function deliverEvent(machine: DeliveryMachine, event: InterruptEvent): DeliveryOutcome {
  const fromUser = machine.regs.cpl === 3;
  let current = event;
  let stage: 'original' | 'replacement' | 'double fault' = 'original';
  for (;;) {
    try {
      deliverOnce(machine, current);
      return { delivered: current, fromUser };
    } catch (failure) {
      if (!(failure instanceof GuestFault) && !(failure instanceof GateRejected)) throw failure;
      if (stage === 'double fault') return { tripleFault: true };
      if (failure instanceof GateRejected && stage === 'original') {
        current = exceptionReplacing(current, VECTOR.GP, current.vector * 8 + 2);
        stage = 'replacement';
      } else {
        current = exceptionReplacing(current, VECTOR.DF, 0);
        stage = 'double fault';
      }
    }
  }
}

function exceptionReplacing(event: InterruptEvent, vector: number, errorCode: number): InterruptEvent {
  return { vector, errorCode, kind: 'exception', returnEip: event.restartEip, restartEip: event.restartEip };
}

function deliverOnce(machine: DeliveryMachine, event: InterruptEvent): void {
  const { regs, mmu } = machine;
  const fromUser = regs.cpl === 3;

  // Step 1: the gate (§5.2), read through translation as a ring-0 read when paging is on.
  if (event.vector * 8 + 7 > regs.idtLimit) throw new GateRejected(event.vector);
  const gate = mmu.translateRange((regs.idtBase + event.vector * 8) >>> 0, 8, 'read', false);
  const handler = mmu.readSpan(gate.slice(0, 4));
  const flags = mmu.readSpan(gate.slice(4, 8));
  if (!(flags & GATE.PRESENT)) throw new GateRejected(event.vector);
  const dpl = (flags >>> GATE.DPL_SHIFT) & 3;
  if (event.kind === 'software' && fromUser && dpl !== 3) throw new GateRejected(event.vector);

  // Steps 2-3: the frame.
  let esp = fromUser ? regs.ksp : regs.gpr[REG.ESP];
  const push = (value: number): void => {
    esp = (esp - 4) >>> 0;
    mmu.writeSpan(mmu.translateRange(esp, 4, 'write', false), value >>> 0);
  };
  if (fromUser) push(regs.gpr[REG.ESP]);
  push(regs.eflags);
  push(fromUser ? USER_CS : KERNEL_CS);
  push(event.returnEip);
  if (event.errorCode !== null && hasErrorCode(event.vector)) push(event.errorCode);

  // Step 4: commit.
  regs.gpr[REG.ESP] = esp;
  regs.cpl = 0;
  if (!(flags & GATE.TRAP)) regs.setFlag(FLAG.IF, false);
  regs.eip = handler >>> 0;
  regs.halted = false;
  if (fromUser) mmu.forgetFetchPage();
}

/** Statistics of one completed delivery (§8; cpu-state.ts CpuCounters). */
export function countDelivery(counters: CpuCounters, event: InterruptEvent, fromUser: boolean): void {
  switch (event.kind) {
    case 'exception':
      counters.exceptions[event.vector]++;
      if (fromUser) counters.modeSwitches.exception++;
      return;
    case 'hardware':
      counters.interrupts[event.vector]++;
      if (fromUser) counters.modeSwitches.irq++;
      return;
    case 'software':
      counters.softInts[event.vector]++;
      counters.instructions++; // int n retires when its delivery completes
      if (fromUser) counters.modeSwitches.syscall++;
      return;
  }
}

/** §8: iret to CPL 3 costs 10 more cycles. */
export const IRET_TO_USER_CYCLES = 10;

export function returnFromInterrupt(ctx: ExecutionContext): void {
  const regs = ctx.regs;
  const eip = readStack(ctx, 0);
  const cs = readStack(ctx, 4);
  const eflags = readStack(ctx, 8);
  const cpl = cs & 3;
  if (cpl !== 0 && cpl !== 3) throw generalProtection(0);
  const esp = cpl === 3 ? readStack(ctx, 12) : (regs.gpr[REG.ESP] + 12) >>> 0;

  regs.gpr[REG.ESP] = esp;
  regs.eflags = eflagsFromWord(eflags);
  ctx.nextEip = eip;
  if (cpl === 3) {
    regs.cpl = 3;
    ctx.extraCycles += IRET_TO_USER_CYCLES;
    ctx.counters.returnsToUser++;
    ctx.mmu.forgetFetchPage();
  }
}
