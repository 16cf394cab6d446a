// Interrupt and exception delivery (docs/isa.md §5.3) and iret (§5.4).
//
//   deliver(vector, kind, error, returnEip, faultEip)
//       delivers a hardware interrupt (KIND_IRQ), an exception (KIND_EXC) or int n
//       (KIND_SOFT). returnEip is pushed; if the delivery turns into #GP or #DF,
//       faultEip is pushed instead (int n's own address; otherwise the same).
//       Returns DELIVERED, DELIVERED_OTHER (a #GP or #DF went instead) or
//       TRIPLE_FAULT (the machine is shut down, state otherwise unchanged).
//   iret(insnEip, cost)   executes iret, charging its cost; false when it faulted
//
// Escalation: a gate problem (beyond the limit, not present, DPL refused) while
// delivering the original event delivers #GP(v*8+2) instead; a gate problem
// while delivering that #GP, or a fault while reading a gate or pushing a frame,
// delivers #DF(0); any problem while delivering #DF is a triple fault.
//
// Every access is a ring-0 access: the gate is one 8-byte read, each push its own
// 4-byte write, made in order. Registers change only once the whole frame is
// written, so a failed attempt leaves the registers as they were (the words
// already pushed stay below esp). Cycles: 40, +20 from CPL 3, plus the page
// walks, all attributed to the kernel.

import {
  COUNTER_EXCEPTIONS, COUNTER_INTERRUPTS, COUNTER_MODE_EXCEPTION, COUNTER_MODE_IRQ, COUNTER_MODE_SYSCALL,
  COUNTER_RETURNS_TO_USER, COUNTER_SOFT_INTS, EV_EXC, EV_IRET, EV_IRQ, EV_MODE, EV_SOFTINT, EV_WAKE,
  STATE_CR2, STATE_EIP, STATE_HALTED, STATE_IDT_BASE, STATE_IDT_LIMIT, STATE_INSTRUCTIONS, STATE_KSP,
  STATE_SHUTDOWN, TRACE_INTR, TRACE_MODE,
} from './layout';
import { VEC_DF, VEC_GP, faulted, hasErrorCode, raise, takeFault } from './fault';
import { IF, getEflags, setControlFlag, setEflags } from './flags';
import { descReadAt, descWrite, read, translateSlow } from './memory';
import { ACCESS_READ, ACCESS_WRITE, takeOwedCycles } from './tlb';
import {
  ESP, bump, bumpVector, changeCpl, charge, chargeKernel, cpl, refreshAttention, reg, setReg,
} from './state';
import { emit, tracing } from './trace';

export const KIND_IRQ: u32 = 0;
export const KIND_EXC: u32 = 1;
export const KIND_SOFT: u32 = 2;

export const DELIVERED: u32 = 0;
export const DELIVERED_OTHER: u32 = 1;
export const TRIPLE_FAULT: u32 = 2;

export const DELIVERY_CYCLES: u32 = 40;
export const PRIVILEGE_CHANGE_CYCLES: u32 = 20;
export const IRET_TO_USER_CYCLES: u32 = 10;

const ATTEMPT_OK: u32 = 0;
const GATE_REFUSED: u32 = 1;
const ACCESS_FAULTED: u32 = 2;

const CS_KERNEL: u32 = 0x08;
const CS_USER: u32 = 0x1B;

const GATE_P: u32 = 1;
const GATE_TRAP: u32 = 2;

/** One push of the frame: its own ring-0 write access. */
function pushFrame(at: u32, value: u32): bool {
  if (!translateSlow(at, 4, ACCESS_WRITE, false)) return false;
  descWrite(4, value);
  return true;
}

function attempt(vector: u32, kind: u32, error: u32, ret: u32, at: u32): u32 {
  if (vector * 8 + 7 > load<u32>(0, STATE_IDT_LIMIT)) return GATE_REFUSED;
  if (!translateSlow(load<u32>(0, STATE_IDT_BASE) + vector * 8, 8, ACCESS_READ, false)) return ACCESS_FAULTED;
  const handler = descReadAt(0, 4);
  const flags = descReadAt(4, 4);
  if ((flags & GATE_P) == 0) return GATE_REFUSED;
  const fromUser = cpl() == 3;
  if (kind == KIND_SOFT && fromUser && ((flags >>> 2) & 3) != 3) return GATE_REFUSED;

  let sp = fromUser ? load<u32>(0, STATE_KSP) : reg(ESP);
  if (fromUser && !pushFrame(sp -= 4, reg(ESP))) return ACCESS_FAULTED;
  if (!pushFrame(sp -= 4, getEflags())) return ACCESS_FAULTED;
  if (!pushFrame(sp -= 4, fromUser ? CS_USER : CS_KERNEL)) return ACCESS_FAULTED;
  if (!pushFrame(sp -= 4, ret)) return ACCESS_FAULTED;
  if (kind == KIND_EXC && hasErrorCode(vector) && !pushFrame(sp -= 4, error)) return ACCESS_FAULTED;
  setReg(ESP, sp);

  if (tracing(TRACE_INTR)) {
    if (kind == KIND_IRQ) emit(EV_IRQ, vector, 0, at, 0, 0);
    else if (kind == KIND_SOFT) emit(EV_SOFTINT, vector, 0, at, 0, 0);
    else emit(EV_EXC, vector, 0, at, hasErrorCode(vector) ? error : 0, load<u32>(0, STATE_CR2));
  }
  bumpVector(kind == KIND_IRQ ? COUNTER_INTERRUPTS : kind == KIND_SOFT ? COUNTER_SOFT_INTS : COUNTER_EXCEPTIONS, vector);
  if (fromUser) {
    changeCpl(0);
    bump(kind == KIND_IRQ ? COUNTER_MODE_IRQ : kind == KIND_SOFT ? COUNTER_MODE_SYSCALL : COUNTER_MODE_EXCEPTION);
    if (tracing(TRACE_MODE)) emit(EV_MODE, 3, 0, handler, kind == KIND_SOFT ? 0 : kind == KIND_IRQ ? 1 : 2, 0);
  }
  if ((flags & GATE_TRAP) == 0) setControlFlag(IF, false);
  store<u32>(0, handler, STATE_EIP);
  if (load<u32>(0, STATE_HALTED) != 0) {
    store<u32>(0, 0, STATE_HALTED);
    if (tracing(TRACE_MODE)) emit(EV_WAKE, 0, 0, ret, 0, 0);
  }
  charge(<u64>(DELIVERY_CYCLES + (fromUser ? PRIVILEGE_CHANGE_CYCLES : 0) + takeOwedCycles()));
  return ATTEMPT_OK;
}

export function deliver(vector: u32, kind: u32, error: u32, returnEip: u32, faultEip: u32): u32 {
  let v = vector;
  let k = kind;
  let e = error;
  let ret = returnEip;
  let stage: u32 = 0; // 0 the event, 1 its replacement #GP, 2 #DF
  while (true) {
    const r = attempt(v, k, e, ret, faultEip);
    if (r == ATTEMPT_OK) {
      refreshAttention();
      return stage == 0 ? DELIVERED : DELIVERED_OTHER;
    }
    if (faulted) takeFault();
    if (stage == 2) break;
    if (r == GATE_REFUSED && stage == 0) {
      e = v * 8 + 2;
      v = VEC_GP;
      stage = 1;
    } else {
      e = 0;
      v = VEC_DF;
      stage = 2;
    }
    k = KIND_EXC;
    ret = faultEip;
  }
  chargeKernel(<u64>takeOwedCycles());
  store<u32>(0, 1, STATE_SHUTDOWN);
  refreshAttention();
  return TRIPLE_FAULT;
}

export function iret(insnEip: u32, cost: u32): bool {
  const esp = reg(ESP);
  const eip = read<u32>(esp);
  if (faulted) return false;
  const cs = read<u32>(esp + 4);
  if (faulted) return false;
  const flags = read<u32>(esp + 8);
  if (faulted) return false;
  const rpl = cs & 3;
  let newEsp = esp + 12;
  if (rpl == 3) {
    newEsp = read<u32>(esp + 12);
    if (faulted) return false;
  }
  if (rpl != 0 && rpl != 3) {
    raise(VEC_GP, 0);
    return false;
  }
  if (tracing(TRACE_INTR)) emit(EV_IRET, 0, rpl, insnEip, eip, 0);
  if (rpl == 3 && tracing(TRACE_MODE)) emit(EV_MODE, 0, 3, eip, 3, 0);
  charge(<u64>(cost + (rpl == 3 ? IRET_TO_USER_CYCLES : 0) + takeOwedCycles()));
  store<u64>(0, load<u64>(0, STATE_INSTRUCTIONS) + 1, STATE_INSTRUCTIONS);
  setEflags(flags);
  setReg(ESP, newEsp);
  store<u32>(0, eip, STATE_EIP);
  if (rpl == 3) {
    changeCpl(3);
    bump(COUNTER_RETURNS_TO_USER);
  }
  refreshAttention();
  return true;
}
