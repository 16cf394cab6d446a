// The block runner: executes the instructions of decoded blocks (docs/isa.md
// §3, §8). The most frequent instruction forms are handled here, in line; the
// rest go to executeOther (exec-other.ts).
//
//   runBlock(b, eip, target, single): u32
//       runs block b, whose first instruction is at eip. single: only the first
//       instruction. Otherwise every instruction of the block, unless the cycle
//       budget could run out inside it: then the budget is checked before each
//       (an instruction starts only while cycles < target). Then, as long as the
//       run loop would start the next block at once (no boundary work pending,
//       budget left, its page the fetch page, its decoded block current), the
//       next block here, for up to LOOP_CYCLES. Returns EXEC_DONE, EXEC_STOP (a
//       port access asked the core to stop), EXEC_HALT (hlt retired) or
//       EXEC_TRIPLE_FAULT.
//
// Dispatch is on the entry's inline form (inline-forms.ts), a dense number the
// decoder derives from the opcode-table handler, so that it is one jump table.
//
// Contract of every case: do each access that can fault first; change
// registers, flags and memory only once nothing can fault any more (precise
// exceptions, §5.1). Completed instructions are accounted when a block stops:
// eip, cycles (costs, a taken jcc's +2, and what page walks and rep elements
// owe), instructions. A faulting instruction is charged only what it owes, then
// its exception is delivered. int, iret, hlt and in/out work on the state in
// memory, so they flush the block's accounting first (they always end a block).
// After an instruction that sets blockBreak (state.ts) the block stops on an
// exception or a store into code; after a page walk it goes on, its cycles
// counted, checking the budget before each instruction when it must. A block
// goes on after a jcc one way (decode.ts): the jcc leaves the block when it goes
// the other. A block that jumps back to its first instruction runs again in
// place, as long as the budget allows.

import {
  BLOCK_HEADER_SIZE, EV_CALL, EV_HALT, EV_RET, INSN_SIZE, STATE_CYCLES, STATE_EIP, STATE_FETCH_LINEAR, STATE_FETCH_PHYS,
  STATE_HALTED, STATE_INSTRUCTIONS, TRACE_CALL, TRACE_MODE,
} from './layout';
import {
  ALU_ADC, ALU_ADD, ALU_AND, ALU_CMP, ALU_OR, ALU_SBB, ALU_SUB, ALU_XOR, SH_ROL, SH_ROR, SH_SAR, SH_SHL,
  SH_SHR, UNARY_DEC, UNARY_INC, UNARY_NEG, UNARY_NOT, alu, imulTruncated, shift, unary,
} from './alu';
import { B_COUNT, B_PREFIX_CYCLES, I_COST, I_FOLLOWS, I_FORM, I_LEN, I_OP, MEM_FORM, cachedBlock } from './codecache';
import { iret } from './deliver';
import { executeOther } from './exec-other';
import {
  FORM_ADC_RM_IMM, FORM_ADC_RM_R, FORM_ADC_R_MEM, FORM_ADC_R_RM, FORM_ADD_RM_IMM, FORM_ADD_RM_R, FORM_ADD_R_MEM,
  FORM_ADD_R_RM, FORM_AND_RM_IMM, FORM_AND_RM_R, FORM_AND_R_MEM, FORM_AND_R_RM, FORM_CALL_REL, FORM_CMOV_R,
  FORM_CMP_MEM_IMM, FORM_CMP_RM_IMM, FORM_CMP_RM_R, FORM_CMP_R_MEM, FORM_CMP_R_RM, FORM_DEC, FORM_HLT, FORM_IMUL_IMM,
  FORM_INC, FORM_INT, FORM_IRET, FORM_JCC_REL, FORM_JMP_REL, FORM_LEA, FORM_LOAD_R_RM, FORM_LOAD_ZX16, FORM_LOAD_ZX8,
  FORM_MOVZX8_R, FORM_MOV_RM_R, FORM_MOV_R_IMM, FORM_MOV_R_RM, FORM_NEG, FORM_NOT, FORM_OR_RM_IMM, FORM_OR_RM_R,
  FORM_OR_R_MEM, FORM_OR_R_RM, FORM_POP_R, FORM_PORT, FORM_PUSH_IMM, FORM_PUSH_MEM, FORM_PUSH_R, FORM_RDTSC, FORM_RET,
  FORM_ROL_CL, FORM_ROL_IMM, FORM_ROR_CL, FORM_ROR_IMM, FORM_SAR_CL, FORM_SAR_IMM, FORM_SBB_RM_IMM, FORM_SBB_RM_R,
  FORM_SBB_R_MEM, FORM_SBB_R_RM, FORM_SETCC_R, FORM_SHL_CL, FORM_SHL_IMM, FORM_SHR_CL, FORM_SHR_IMM, FORM_STORE8_IMM,
  FORM_STORE8_R, FORM_STORE_RM_IMM, FORM_STORE_RM_R, FORM_SUB_RM_IMM, FORM_SUB_RM_R, FORM_SUB_R_MEM, FORM_SUB_R_RM,
  FORM_TEST_RM_R, FORM_XOR_RM_IMM, FORM_XOR_RM_R, FORM_XOR_R_MEM, FORM_XOR_R_RM, JCC_TAKEN_CYCLES,
} from './inline-forms';
import { VEC_GP, faulted, raise } from './fault';
import { condition, lazyLogic } from './flags';
import { read, write } from './memory';
import { ccField, costField, ea, immField, popTo, push, regField, rmField } from './operands';
import {
  EAX, ECX, EDX, ESP, attention, blockBreak, charge, clearBlockBreak, codeChanged, ramBytes, refreshAttention, reg,
  reg8, setReg, setReg8, userMode,
} from './state';
import {
  EXEC_DONE, EXEC_HALT, instructionFault, portAccess, retireOne, softwareInterrupt,
} from './system';
import { owedCycles, takeOwedCycles } from './tlb';
import { emit, emitFlow, tracing } from './trace';

export { EXEC_DONE, EXEC_HALT, EXEC_STOP, EXEC_TRIPLE_FAULT, deliverInterrupt, instructionFault } from './system';

/** Accounts `retired` completed instructions costing `cycles` before pc: the state is then exact at pc. */
@inline function flush(pc: u32, cycles: u32, retired: u32): void {
  store<u32>(0, pc, STATE_EIP);
  charge(<u64>cycles);
  store<u64>(0, load<u64>(0, STATE_INSTRUCTIONS) + <u64>retired, STATE_INSTRUCTIONS);
}

@inline function aluRegRm(e: u32, k: u32): void {
  const r = rmField(e);
  const v = alu(k, reg(r), reg(regField(e)));
  if (k != ALU_CMP) setReg(r, v);
}

@inline function aluRegReg(e: u32, k: u32): void {
  const r = regField(e);
  const v = alu(k, reg(r), reg(rmField(e)));
  if (k != ALU_CMP) setReg(r, v);
}

@inline function aluRegImm(e: u32, k: u32): void {
  const r = rmField(e);
  const v = alu(k, reg(r), immField(e));
  if (k != ALU_CMP) setReg(r, v);
}

@inline function aluRegMem(e: u32, k: u32): void {
  const v = read<u32>(ea(e));
  if (faulted) return;
  const r = regField(e);
  const x = alu(k, reg(r), v);
  if (k != ALU_CMP) setReg(r, x);
}

@inline function unaryReg(e: u32, k: u32): void {
  const r = rmField(e);
  setReg(r, unary(k, reg(r)));
}

@inline function shiftReg(e: u32, k: u32, count: u32): void {
  const n = count & 31;
  if (n != 0) {
    const r = rmField(e);
    setReg(r, shift(k, reg(r), n));
  }
}

/**
 * A block that loops on itself returns to the run loop after this many cycles
 * (which also lets the engine replace a long-running first call with optimized code).
 */
const LOOP_CYCLES: u32 = 1 << 16;

export function runBlock(b: u32, eip: u32, target: u64, single: bool): u32 {
  let chained: u32 = 0; // cycles of the blocks this call has run before the current one
  while (true) {
    const first = b + BLOCK_HEADER_SIZE;
    const count = single ? 1 : load<u32>(b, B_COUNT);
    const last = first + count * INSN_SIZE;
    let end = last; // a jcc that leaves the block ends its pass early
    const prefix = <u64>load<u32>(b, B_PREFIX_CYCLES);
    const start = load<u64>(0, STATE_CYCLES);
    // Cycles this block may spend before an instruction must not start.
    let room: u32 = 0xFFFFFFFF;
    if (!single && start + prefix >= target) room = <u32>(target - start);
    let e = first;
    let pc = eip;
    let next = eip;
    let spent: u32 = 0;
    let retired: u32 = 0; // instructions of the completed passes of a block that jumps back to its start
    while (true) {
      next = pc + <u32>load<u8>(e, I_LEN);
      switch (<u32>load<u8>(e, I_FORM)) {
        case FORM_ADD_RM_R: aluRegRm(e, ALU_ADD); break;
        case FORM_OR_RM_R: aluRegRm(e, ALU_OR); break;
        case FORM_ADC_RM_R: aluRegRm(e, ALU_ADC); break;
        case FORM_SBB_RM_R: aluRegRm(e, ALU_SBB); break;
        case FORM_AND_RM_R: aluRegRm(e, ALU_AND); break;
        case FORM_SUB_RM_R: aluRegRm(e, ALU_SUB); break;
        case FORM_XOR_RM_R: aluRegRm(e, ALU_XOR); break;
        case FORM_CMP_RM_R: aluRegRm(e, ALU_CMP); break;
        case FORM_ADD_R_RM: aluRegReg(e, ALU_ADD); break;
        case FORM_OR_R_RM: aluRegReg(e, ALU_OR); break;
        case FORM_ADC_R_RM: aluRegReg(e, ALU_ADC); break;
        case FORM_SBB_R_RM: aluRegReg(e, ALU_SBB); break;
        case FORM_AND_R_RM: aluRegReg(e, ALU_AND); break;
        case FORM_SUB_R_RM: aluRegReg(e, ALU_SUB); break;
        case FORM_XOR_R_RM: aluRegReg(e, ALU_XOR); break;
        case FORM_CMP_R_RM: aluRegReg(e, ALU_CMP); break;
        case FORM_ADD_RM_IMM: aluRegImm(e, ALU_ADD); break;
        case FORM_OR_RM_IMM: aluRegImm(e, ALU_OR); break;
        case FORM_ADC_RM_IMM: aluRegImm(e, ALU_ADC); break;
        case FORM_SBB_RM_IMM: aluRegImm(e, ALU_SBB); break;
        case FORM_AND_RM_IMM: aluRegImm(e, ALU_AND); break;
        case FORM_SUB_RM_IMM: aluRegImm(e, ALU_SUB); break;
        case FORM_XOR_RM_IMM: aluRegImm(e, ALU_XOR); break;
        case FORM_CMP_RM_IMM: aluRegImm(e, ALU_CMP); break;
        case FORM_ADD_R_MEM: aluRegMem(e, ALU_ADD); break;
        case FORM_OR_R_MEM: aluRegMem(e, ALU_OR); break;
        case FORM_ADC_R_MEM: aluRegMem(e, ALU_ADC); break;
        case FORM_SBB_R_MEM: aluRegMem(e, ALU_SBB); break;
        case FORM_AND_R_MEM: aluRegMem(e, ALU_AND); break;
        case FORM_SUB_R_MEM: aluRegMem(e, ALU_SUB); break;
        case FORM_XOR_R_MEM: aluRegMem(e, ALU_XOR); break;
        case FORM_CMP_R_MEM: aluRegMem(e, ALU_CMP); break;
        case FORM_CMP_MEM_IMM: {
          const a = read<u32>(ea(e));
          if (!faulted) alu(ALU_CMP, a, immField(e));
          break;
        }
        case FORM_TEST_RM_R: lazyLogic(reg(rmField(e)) & reg(regField(e))); break;

        case FORM_MOV_R_IMM: setReg(regField(e), immField(e)); break;
        case FORM_MOV_RM_R: setReg(rmField(e), reg(regField(e))); break;
        case FORM_STORE_RM_R: write<u32>(ea(e), reg(regField(e))); break;
        case FORM_MOV_R_RM: setReg(regField(e), reg(rmField(e))); break;
        case FORM_LOAD_R_RM: {
          const v = read<u32>(ea(e));
          if (!faulted) setReg(regField(e), v);
          break;
        }
        case FORM_STORE_RM_IMM: write<u32>(ea(e), immField(e)); break;
        case FORM_STORE8_R: write<u8>(ea(e), reg8(regField(e))); break;
        case FORM_STORE8_IMM: write<u8>(ea(e), immField(e)); break;
        case FORM_MOVZX8_R: setReg(regField(e), reg8(rmField(e))); break;
        case FORM_LOAD_ZX8: {
          const v = read<u8>(ea(e));
          if (!faulted) setReg(regField(e), v);
          break;
        }
        case FORM_LOAD_ZX16: {
          const v = read<u16>(ea(e));
          if (!faulted) setReg(regField(e), v);
          break;
        }
        case FORM_LEA: setReg(regField(e), ea(e)); break;
        case FORM_SETCC_R: setReg8(rmField(e), condition(ccField(e)) ? 1 : 0); break;
        case FORM_CMOV_R: {
          if (condition(ccField(e))) setReg(regField(e), reg(rmField(e)));
          break;
        }

        case FORM_NOT: unaryReg(e, UNARY_NOT); break;
        case FORM_NEG: unaryReg(e, UNARY_NEG); break;
        case FORM_INC: unaryReg(e, UNARY_INC); break;
        case FORM_DEC: unaryReg(e, UNARY_DEC); break;
        case FORM_SHL_IMM: shiftReg(e, SH_SHL, immField(e)); break;
        case FORM_SHR_IMM: shiftReg(e, SH_SHR, immField(e)); break;
        case FORM_SAR_IMM: shiftReg(e, SH_SAR, immField(e)); break;
        case FORM_ROL_IMM: shiftReg(e, SH_ROL, immField(e)); break;
        case FORM_ROR_IMM: shiftReg(e, SH_ROR, immField(e)); break;
        case FORM_SHL_CL: shiftReg(e, SH_SHL, reg(ECX)); break;
        case FORM_SHR_CL: shiftReg(e, SH_SHR, reg(ECX)); break;
        case FORM_SAR_CL: shiftReg(e, SH_SAR, reg(ECX)); break;
        case FORM_ROL_CL: shiftReg(e, SH_ROL, reg(ECX)); break;
        case FORM_ROR_CL: shiftReg(e, SH_ROR, reg(ECX)); break;
        case FORM_IMUL_IMM: setReg(regField(e), imulTruncated(reg(rmField(e)), immField(e))); break;

        case FORM_PUSH_R: push(reg(regField(e))); break;
        case FORM_PUSH_IMM: push(immField(e)); break;
        case FORM_PUSH_MEM: {
          const v = read<u32>(ea(e));
          if (!faulted) push(v);
          break;
        }
        case FORM_POP_R: popTo(regField(e)); break;

        case FORM_JMP_REL: next += immField(e); break;
        case FORM_JCC_REL: {
          const taken = condition(ccField(e));
          if (taken) {
            next += immField(e);
            spent += JCC_TAKEN_CYCLES;
          }
          // The block goes on one way (decode.ts): the other leaves it.
          if (taken != (load<u8>(e, I_FOLLOWS) != 0)) end = e + INSN_SIZE;
          break;
        }
        case FORM_CALL_REL: {
          push(next);
          next += immField(e);
          if (tracing(TRACE_CALL) && !faulted) emitFlow(EV_CALL, pc, next);
          break;
        }
        case FORM_RET: {
          const sp = reg(ESP);
          const t = read<u32>(sp);
          if (faulted) break;
          setReg(ESP, sp + 4 + immField(e));
          next = t;
          if (tracing(TRACE_CALL)) emitFlow(EV_RET, pc, t);
          break;
        }
        case FORM_RDTSC: {
          const c = load<u64>(0, STATE_CYCLES) + <u64>spent;
          setReg(EAX, <u32>c);
          setReg(EDX, <u32>(c >>> 32));
          break;
        }

        case FORM_INT: {
          flush(pc, spent, retired + (e - first) / INSN_SIZE);
          return softwareInterrupt(e, pc, next);
        }
        case FORM_IRET: {
          if (userMode) { raise(VEC_GP, 0); break; }
          flush(pc, spent, retired + (e - first) / INSN_SIZE);
          if (iret(pc, costField(e))) return EXEC_DONE;
          return instructionFault(pc);
        }
        case FORM_HLT: {
          if (userMode) { raise(VEC_GP, 0); break; }
          flush(pc, spent, retired + (e - first) / INSN_SIZE);
          store<u32>(0, 1, STATE_HALTED);
          if (tracing(TRACE_MODE)) emit(EV_HALT, 0, 0, pc, costField(e), 0);
          retireOne(e, next);
          refreshAttention();
          return EXEC_HALT;
        }
        case FORM_PORT: {
          if (userMode) { raise(VEC_GP, 0); break; }
          flush(pc, spent, retired + (e - first) / INSN_SIZE);
          return portAccess(e, <u32>load<u16>(e, I_OP), next);
        }

        default: next = executeOther(e, <u32>load<u16>(e, I_OP) & ~MEM_FORM, pc, next); break;
      }
      spent += <u32>load<u8>(e, I_COST);
      e += INSN_SIZE;
      if (blockBreak) {
        const stop = codeChanged;
        clearBlockBreak();
        if (faulted) {
          spent -= <u32>load<u8>(e - INSN_SIZE, I_COST);
          flush(pc, spent, retired + (e - INSN_SIZE - first) / INSN_SIZE);
          return instructionFault(pc);
        }
        if (stop) break;
        // Page walks: their cycles count from now on; the budget may need checking.
        spent += takeOwedCycles();
        const now = start + <u64>spent;
        if (now >= target) break;
        if (now + prefix >= target) room = <u32>(target - start);
      }
      if (e == end) {
        // A loop that is this whole block runs again here, as long as its next pass
        // may start (and, unchecked, finish) within the budget.
        if (next != eip || single || spent >= LOOP_CYCLES) break;
        const now = start + <u64>spent;
        if (now >= target) break;
        if (now + prefix >= target) room = <u32>(target - start);
        retired += (e - first) / INSN_SIZE;
        end = last;
        e = first;
        pc = eip;
        continue;
      }
      if (spent >= room) break;
      pc = next;
    }
    if (owedCycles != 0) spent += takeOwedCycles();
    flush(next, spent, retired + (e - first) / INSN_SIZE);
    // The next block, when the run loop would start it at once: nothing for the
    // boundary to do, budget left, its page the fetch page, its decoded block current.
    chained += spent;
    if (single || attention || chained >= LOOP_CYCLES || start + <u64>spent >= target) return EXEC_DONE;
    if ((next & ~0xFFF) != load<u32>(0, STATE_FETCH_LINEAR)) return EXEC_DONE;
    b = cachedBlock(load<u32>(0, STATE_FETCH_PHYS) | (next & 0xFFF), ramBytes);
    if (b == 0) return EXEC_DONE;
    eip = next;
  }
}
