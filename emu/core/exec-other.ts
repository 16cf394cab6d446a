// The less frequent instructions, out of line from the block runner (exec.ts):
// every memory form of the ALU, unary and shift groups, and the instructions the
// runner does not handle itself (docs/isa.md §3).
//
//   executeOther(e, op, eip, next): u32   executes entry e (handler op, without the
//                                         MEM_FORM bit) and returns the eip that
//                                         follows; exceptions are raised (fault.ts)
//                                         before any state changes
//
// None of these need the block's pending accounting: the ones that do (int, iret,
// hlt, in/out, rdtsc) are in exec.ts.

import * as G from './generated/opcodes';
import {
  COUNTER_TLB_INVLPG, EV_CALL, EV_INVLPG, EV_RET, STATE_IDT_BASE, STATE_IDT_LIMIT, STATE_STI_SHADOW, TRACE_CALL, TRACE_MMU,
} from './layout';
import {
  ALU_ADC, ALU_ADD, ALU_AND, ALU_CMP, ALU_OR, ALU_SBB, ALU_SUB, ALU_XOR, SH_ROL, SH_ROR, SH_SAR, SH_SHL,
  SH_SHR, UNARY_DEC, UNARY_INC, UNARY_NEG, UNARY_NOT, alu, divide, imulTruncated, mulOne, shift, unary,
} from './alu';
import { HANDLER_UD } from './decode';
import { VEC_GP, VEC_UD, faulted, raise } from './fault';
import {
  CF, DF, IF, OF, ZF, carry, condition, controlFlags, getEflags, lazyLogic, setArith, setControlFlag, setEflags,
  updateArith, zs8,
} from './flags';
import { descReadAt, handleRead, handleWrite, read, translateSlow, writeHandle } from './memory';
import {
  ccField, ea, immField, isMem, popTo, push, regField, rm16, rm32, rm8, rmField, setRm16, setRm32, setRm8,
} from './operands';
import {
  EBP, ECX, EDX, EAX, ESP, bump, forgetFetchPage, reg, reg16, reg8, refreshAttention, setReg, setReg16, setReg8,
  userMode,
} from './state';
import { movs, stos } from './strings';
import { readControl, writeControl } from './system';
import { ACCESS_READ, invalidatePage } from './tlb';
import { emit, emitFlow, tracing } from './trace';

/** rm32 = rm32 op src (cmp: flags only). */
@inline function aluToRm(e: u32, k: u32, src: u32): void {
  if (isMem(e)) {
    const lin = ea(e);
    if (k == ALU_CMP) {
      const a = read<u32>(lin);
      if (faulted) return;
      alu(k, a, src);
      return;
    }
    const h = writeHandle<u32>(lin);
    if (faulted) return;
    handleWrite<u32>(h, alu(k, handleRead<u32>(h), src));
    return;
  }
  const r = rmField(e);
  const v = alu(k, reg(r), src);
  if (k != ALU_CMP) setReg(r, v);
}

/** r32 = r32 op rm32. */
@inline function aluToReg(e: u32, k: u32): void {
  const src = rm32(e);
  if (faulted) return;
  const r = regField(e);
  const v = alu(k, reg(r), src);
  if (k != ALU_CMP) setReg(r, v);
}

/** The four forms of ALU operation k, whose rm32, r32 opcode is base. */
@inline function aluGroup(e: u32, op: u32, base: u32, k: u32): void {
  if (op == base) aluToRm(e, k, reg(regField(e)));
  else if (op == base + 1) aluToReg(e, k);
  else aluToRm(e, k, immField(e));
}

@inline function unaryRm(e: u32, k: u32): void {
  if (isMem(e)) {
    const h = writeHandle<u32>(ea(e));
    if (faulted) return;
    handleWrite<u32>(h, unary(k, handleRead<u32>(h)));
    return;
  }
  const r = rmField(e);
  setReg(r, unary(k, reg(r)));
}

function shiftRm(e: u32, k: u32, count: u32): void {
  const n = count & 31;
  if (isMem(e)) {
    const h = writeHandle<u32>(ea(e));
    if (faulted || n == 0) return;
    handleWrite<u32>(h, shift(k, handleRead<u32>(h), n));
    return;
  }
  if (n == 0) return;
  const r = rmField(e);
  setReg(r, shift(k, reg(r), n));
}

/** A call at eip to target: pushes the return address next; returns where execution goes. */
function call(eip: u32, next: u32, target: u32): u32 {
  push(next);
  if (faulted) return next;
  if (tracing(TRACE_CALL)) emitFlow(EV_CALL, eip, target);
  return target;
}

export function executeOther(e: u32, op: u32, eip: u32, next: u32): u32 {
  switch (op) {
    case G.OP_ADD_RM32_R32: case G.OP_ADD_R32_RM32: case G.OP_ADD_RM32_IMM32: case G.OP_ADD_RM32_SIMM8:
      aluGroup(e, op, G.OP_ADD_RM32_R32, ALU_ADD); break;
    case G.OP_OR_RM32_R32: case G.OP_OR_R32_RM32: case G.OP_OR_RM32_IMM32: case G.OP_OR_RM32_SIMM8:
      aluGroup(e, op, G.OP_OR_RM32_R32, ALU_OR); break;
    case G.OP_ADC_RM32_R32: case G.OP_ADC_R32_RM32: case G.OP_ADC_RM32_IMM32: case G.OP_ADC_RM32_SIMM8:
      aluGroup(e, op, G.OP_ADC_RM32_R32, ALU_ADC); break;
    case G.OP_SBB_RM32_R32: case G.OP_SBB_R32_RM32: case G.OP_SBB_RM32_IMM32: case G.OP_SBB_RM32_SIMM8:
      aluGroup(e, op, G.OP_SBB_RM32_R32, ALU_SBB); break;
    case G.OP_AND_RM32_R32: case G.OP_AND_R32_RM32: case G.OP_AND_RM32_IMM32: case G.OP_AND_RM32_SIMM8:
      aluGroup(e, op, G.OP_AND_RM32_R32, ALU_AND); break;
    case G.OP_SUB_RM32_R32: case G.OP_SUB_R32_RM32: case G.OP_SUB_RM32_IMM32: case G.OP_SUB_RM32_SIMM8:
      aluGroup(e, op, G.OP_SUB_RM32_R32, ALU_SUB); break;
    case G.OP_XOR_RM32_R32: case G.OP_XOR_R32_RM32: case G.OP_XOR_RM32_IMM32: case G.OP_XOR_RM32_SIMM8:
      aluGroup(e, op, G.OP_XOR_RM32_R32, ALU_XOR); break;
    case G.OP_CMP_RM32_R32: case G.OP_CMP_R32_RM32: case G.OP_CMP_RM32_IMM32: case G.OP_CMP_RM32_SIMM8:
      aluGroup(e, op, G.OP_CMP_RM32_R32, ALU_CMP); break;

    case G.OP_TEST_RM32_R32: case G.OP_TEST_RM32_IMM32: {
      const v = rm32(e);
      if (faulted) break;
      lazyLogic(v & (op == G.OP_TEST_RM32_R32 ? reg(regField(e)) : immField(e)));
      break;
    }
    case G.OP_TEST_RM8_IMM8: {
      const v = rm8(e);
      if (faulted) break;
      setArith(zs8(v & immField(e)));
      break;
    }
    case G.OP_CMP_RM8_IMM8: {
      const a = rm8(e);
      if (faulted) break;
      const b = immField(e) & 0xFF;
      const r = (a - b) & 0xFF;
      setArith(zs8(r) | (a < b ? CF : 0) | ((((a ^ b) & (a ^ r)) & 0x80) != 0 ? OF : 0));
      break;
    }
    case G.OP_XCHG_RM32_R32: {
      const r = regField(e);
      if (isMem(e)) {
        const h = writeHandle<u32>(ea(e));
        if (faulted) break;
        const v = handleRead<u32>(h);
        handleWrite<u32>(h, reg(r));
        setReg(r, v);
      } else {
        const m = rmField(e);
        const v = reg(m);
        setReg(m, reg(r));
        setReg(r, v);
      }
      break;
    }
    case G.OP_LEA_R32_M: setReg(regField(e), ea(e)); break;
    case G.OP_CDQ: setReg(EDX, <u32>(<i32>reg(EAX) >> 31)); break;
    case G.OP_LEAVE: {
      const bp = reg(EBP);
      const v = read<u32>(bp);
      if (faulted) break;
      setReg(ESP, bp + 4);
      setReg(EBP, v);
      break;
    }
    case G.OP_NOP: break;
    case G.OP_PUSHFD: push(getEflags()); break;
    case G.OP_POPFD: {
      const sp = reg(ESP);
      let v = read<u32>(sp);
      if (faulted) break;
      if (userMode) v = (v & ~IF) | (controlFlags() & IF);
      setReg(ESP, sp + 4);
      setEflags(v);
      refreshAttention();
      break;
    }
    case G.OP_PUSH_IMM32: case G.OP_PUSH_SIMM8: push(immField(e)); break;
    case G.OP_PUSH_RM32: {
      const v = rm32(e);
      if (faulted) break;
      push(v);
      break;
    }
    case G.OP_POP_RM32: {
      const sp = reg(ESP);
      const v = read<u32>(sp);
      if (faulted) break;
      setReg(ESP, sp + 4);
      if (isMem(e)) {
        setRm32(e, v);
        if (faulted) setReg(ESP, sp);
      } else {
        setReg(rmField(e), v);
      }
      break;
    }
    case G.OP_UD2: case HANDLER_UD: raise(VEC_UD, 0); break;
    case G.OP_PUSH_R32: push(reg(regField(e))); break;
    case G.OP_POP_R32: popTo(regField(e)); break;

    case G.OP_MOV_R32_IMM32: setReg(regField(e), immField(e)); break;
    case G.OP_MOV_RM32_R32: setRm32(e, reg(regField(e))); break;
    case G.OP_MOV_R32_RM32: {
      const v = rm32(e);
      if (faulted) break;
      setReg(regField(e), v);
      break;
    }
    case G.OP_MOV_RM32_IMM32: setRm32(e, immField(e)); break;
    case G.OP_MOV_RM8_R8: setRm8(e, reg8(regField(e))); break;
    case G.OP_MOV_R8_RM8: {
      const v = rm8(e);
      if (faulted) break;
      setReg8(regField(e), v);
      break;
    }
    case G.OP_MOV_RM8_IMM8: setRm8(e, immField(e)); break;
    case G.OP_MOV_RM16_R16: setRm16(e, reg16(regField(e))); break;
    case G.OP_MOV_RM16_IMM16: setRm16(e, immField(e)); break;
    case G.OP_MOV_R16_RM16: {
      const v = rm16(e);
      if (faulted) break;
      setReg16(regField(e), v);
      break;
    }
    case G.OP_MOVZX_R32_RM8: case G.OP_MOVSX_R32_RM8: {
      const v = rm8(e);
      if (faulted) break;
      setReg(regField(e), op == G.OP_MOVZX_R32_RM8 ? v : <u32><i32><i8>v);
      break;
    }
    case G.OP_MOVZX_R32_RM16: case G.OP_MOVSX_R32_RM16: {
      const v = rm16(e);
      if (faulted) break;
      setReg(regField(e), op == G.OP_MOVZX_R32_RM16 ? v : <u32><i32><i16>v);
      break;
    }

    case G.OP_NOT_RM32: unaryRm(e, UNARY_NOT); break;
    case G.OP_NEG_RM32: unaryRm(e, UNARY_NEG); break;
    case G.OP_INC_RM32: unaryRm(e, UNARY_INC); break;
    case G.OP_DEC_RM32: unaryRm(e, UNARY_DEC); break;
    case G.OP_MUL_RM32: case G.OP_IMUL_RM32: {
      const v = rm32(e);
      if (faulted) break;
      mulOne(v, op == G.OP_IMUL_RM32);
      break;
    }
    case G.OP_DIV_RM32: case G.OP_IDIV_RM32: {
      const v = rm32(e);
      if (faulted) break;
      divide(v, op == G.OP_IDIV_RM32);
      break;
    }
    case G.OP_IMUL_R32_RM32: {
      const v = rm32(e);
      if (faulted) break;
      const r = regField(e);
      setReg(r, imulTruncated(reg(r), v));
      break;
    }
    case G.OP_IMUL_R32_RM32_IMM32: case G.OP_IMUL_R32_RM32_SIMM8: {
      const v = rm32(e);
      if (faulted) break;
      setReg(regField(e), imulTruncated(v, immField(e)));
      break;
    }
    case G.OP_BSF_R32_RM32: case G.OP_BSR_R32_RM32: {
      const v = rm32(e);
      if (faulted) break;
      if (v == 0) {
        updateArith(ZF, ZF);
      } else {
        updateArith(ZF, 0);
        setReg(regField(e), op == G.OP_BSF_R32_RM32 ? ctz<u32>(v) : 31 - clz<u32>(v));
      }
      break;
    }
    case G.OP_POPCNT_R32_RM32: {
      const v = rm32(e);
      if (faulted) break;
      setReg(regField(e), popcnt<u32>(v));
      setArith(v == 0 ? ZF : 0);
      break;
    }

    case G.OP_SHL_RM32_IMM8: shiftRm(e, SH_SHL, immField(e)); break;
    case G.OP_SHL_RM32_CL: shiftRm(e, SH_SHL, reg(ECX)); break;
    case G.OP_SHR_RM32_IMM8: shiftRm(e, SH_SHR, immField(e)); break;
    case G.OP_SHR_RM32_CL: shiftRm(e, SH_SHR, reg(ECX)); break;
    case G.OP_SAR_RM32_IMM8: shiftRm(e, SH_SAR, immField(e)); break;
    case G.OP_SAR_RM32_CL: shiftRm(e, SH_SAR, reg(ECX)); break;
    case G.OP_ROL_RM32_IMM8: shiftRm(e, SH_ROL, immField(e)); break;
    case G.OP_ROL_RM32_CL: shiftRm(e, SH_ROL, reg(ECX)); break;
    case G.OP_ROR_RM32_IMM8: shiftRm(e, SH_ROR, immField(e)); break;
    case G.OP_ROR_RM32_CL: shiftRm(e, SH_ROR, reg(ECX)); break;

    case G.OP_JMP_REL8: case G.OP_JMP_REL32: return next + immField(e);
    case G.OP_JMP_RM32: {
      const t = rm32(e);
      return faulted ? next : t;
    }
    case G.OP_CALL_REL32: return call(eip, next, next + immField(e));
    case G.OP_CALL_RM32: {
      const t = rm32(e);
      if (faulted) break;
      return call(eip, next, t);
    }
    case G.OP_RET: case G.OP_RET_IMM16: {
      const sp = reg(ESP);
      const t = read<u32>(sp);
      if (faulted) break;
      setReg(ESP, sp + 4 + (op == G.OP_RET_IMM16 ? immField(e) : 0));
      if (tracing(TRACE_CALL)) emitFlow(EV_RET, eip, t);
      return t;
    }
    case G.OP_SETCC_RM8: setRm8(e, condition(ccField(e)) ? 1 : 0); break;
    case G.OP_CMOVCC_R32_RM32: {
      const v = rm32(e);
      if (faulted) break;
      if (condition(ccField(e))) setReg(regField(e), v);
      break;
    }

    case G.OP_MOVSB: movs(1, false); break;
    case G.OP_MOVSD: movs(4, false); break;
    case G.OP_STOSB: stos(1, false); break;
    case G.OP_STOSD: stos(4, false); break;
    case G.OP_REP_MOVSB: movs(1, true); break;
    case G.OP_REP_MOVSD: movs(4, true); break;
    case G.OP_REP_STOSB: stos(1, true); break;
    case G.OP_REP_STOSD: stos(4, true); break;
    case G.OP_CLD: setControlFlag(DF, false); break;
    case G.OP_STD: setControlFlag(DF, true); break;
    case G.OP_CLC: updateArith(CF, 0); break;
    case G.OP_STC: updateArith(CF, CF); break;
    case G.OP_CMC: updateArith(CF, carry() ^ 1); break;

    default: {
      // §3.11: the remaining privileged instructions, #GP(0) at CPL 3.
      if (userMode) {
        raise(VEC_GP, 0);
        break;
      }
      switch (op) {
        case G.OP_CLI: {
          setControlFlag(IF, false);
          refreshAttention();
          break;
        }
        case G.OP_STI: {
          if ((controlFlags() & IF) == 0) {
            setControlFlag(IF, true);
            store<u32>(0, 1, STATE_STI_SHADOW);
            refreshAttention();
          }
          break;
        }
        case G.OP_MOV_CR_R32: writeControl(regField(e), reg(rmField(e)), eip); break;
        case G.OP_MOV_R32_CR: setReg(rmField(e), readControl(regField(e))); break;
        case G.OP_INVLPG_M: {
          const lin = ea(e);
          invalidatePage(lin);
          bump(COUNTER_TLB_INVLPG);
          forgetFetchPage();
          if (tracing(TRACE_MMU)) emit(EV_INVLPG, 0, 0, eip, lin, 0);
          break;
        }
        case G.OP_LIDT_M: {
          if (!translateSlow(ea(e), 6, ACCESS_READ, false)) break;
          store<u32>(0, descReadAt(0, 2), STATE_IDT_LIMIT);
          store<u32>(0, descReadAt(2, 4), STATE_IDT_BASE);
          break;
        }
        default: raise(VEC_UD, 0); break;
      }
    }
  }
  return next;
}
